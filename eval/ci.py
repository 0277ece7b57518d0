"""The CI quality gate: ingest the sample corpus, run its question set, write the report, check
the thresholds. Exit code 1 when a threshold is broken.

    python -m eval.ci [--out test-artifacts/eval] [--mode extractive] [--questions Q.jsonl]

Extractive mode by default: no LLM, so it fits CI's time budget and measures retrieval,
citations, refusals and language, not the model's prose.
"""

from __future__ import annotations

import argparse
import shutil
import tempfile
import time
from pathlib import Path

from eval.commands import print_progress
from eval.report import write_report
from eval.runner import Mode, run
from eval.tables import summary
from eval.thresholds import check_thresholds, load_thresholds
from ingest.pipeline import ingest_paths
from kb.settings import Settings, load_settings

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "samples"
DEFAULT_QUESTIONS = ROOT / "eval" / "questions" / "sample-questions.jsonl"


def ci_gate(out_dir: Path, questions: Path = DEFAULT_QUESTIONS, mode: Mode = "extractive") -> int:
    """Run the gate in a throw-away data directory; the run JSON and HTML go to `out_dir`."""
    data_dir = Path(tempfile.mkdtemp(prefix="ngokb-eval-ci-"))
    try:
        settings = load_settings(data_dir=data_dir)
        settings.ensure_data_dir()
        shutil.copyfile(SAMPLES / "allowlist.txt", settings.allowlist_path)
        started = time.perf_counter()
        ingested = ingest_paths([SAMPLES / "corpus"], settings)
        print(f"ingested {len(ingested.ok)} files in {time.perf_counter() - started:.0f} s")
        if ingested.failed:
            print("ingest failures:", *ingested.failed, sep="\n  ")
            return 1
        failures = gate(settings, out_dir, questions, mode)
    finally:
        shutil.rmtree(data_dir, ignore_errors=True)
    return 1 if failures else 0


def gate(
    settings: Settings,
    out_dir: Path,
    questions: Path = DEFAULT_QUESTIONS,
    mode: Mode = "extractive",
) -> list[str]:
    """Answer `questions` over an ingested knowledge base, write run.json and report.html to
    `out_dir`, and return the thresholds the run breaks (empty when it passes)."""
    out_dir.mkdir(parents=True, exist_ok=True)
    result = run(questions, settings, mode=mode, on_result=print_progress)
    result.save(out_dir / "run.json")
    thresholds = load_thresholds()
    write_report(result, out_dir / "report.html", thresholds)
    print(summary(result))
    failures = check_thresholds(result, thresholds)
    for failure in failures:
        print(f"FAIL {failure}")
    print(f"report: {out_dir / 'report.html'}; {'FAILED' if failures else 'all thresholds met'}")
    return failures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=Path("test-artifacts/eval"))
    parser.add_argument("--questions", type=Path, default=DEFAULT_QUESTIONS)
    parser.add_argument("--mode", choices=["extractive", "auto"], default="extractive")
    args = parser.parse_args()
    raise SystemExit(ci_gate(args.out, args.questions, args.mode))


if __name__ == "__main__":
    main()
