"""What each `ngo-kb eval` verb does, as plain functions returning an exit code (the CLI calls
these; they print to stdout and never print answer or passage text, only ids and metrics)."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from eval.report import write_report
from eval.results import QuestionResult, load_run
from eval.runner import Mode, run
from eval.split import Part
from eval.tables import compare, summary
from eval.thresholds import check_thresholds, load_thresholds
from kb.schema import Audience
from kb.settings import load_settings

RUNS_DIR = Path("eval-runs")


def print_progress(result: QuestionResult) -> None:
    """One line per question: id, language, time, and why it failed (no answer text)."""
    outcome = "pass" if result.passed else "FAIL " + "; ".join(result.failures)
    total = result.latency_ms.get("total", 0.0)
    print(f"{result.id:<12} {result.lang:<6} {total / 1000:6.1f}s  {outcome}", flush=True)


def run_command(
    questions: Path,
    data_dir: Path | None = None,
    out: Path | None = None,
    mode: Mode = "auto",
    audience: Audience = Audience.STAFF,
    judge: bool = False,
    part: Part | None = None,
    split: Path | None = None,
) -> int:
    """`ngo-kb eval run`: answer and score every question, print the metrics, save the run.

    Exit code 0; 1 when a question errored. `judge` adds the local-model faithfulness estimate;
    `part` runs only the tuning or the blind part of the committed split.
    """
    settings = load_settings(data_dir=data_dir)
    judge_fn = None
    if judge:
        from eval.judge import judge_faithfulness

        judge_fn = judge_faithfulness
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    name = Path(questions).stem + (f"-{part}" if part else "")
    path = out or RUNS_DIR / f"{name}-{mode}-{stamp}.json"
    result = run(
        questions,
        settings,
        audience=audience,
        mode=mode,
        judge=judge_fn,
        on_result=print_progress,
        checkpoint=path,
        part=part,
        split_path=split,
    )
    result.save(path)
    print()
    print(summary(result))
    passed, total = result.overall.passed, result.overall.questions
    print(f"\n{passed}/{total} questions passed; run saved to {path}")
    return 1 if result.overall.errors else 0


def compare_command(a: Path, b: Path) -> int:
    """`ngo-kb eval compare A.json B.json`: print both runs side by side."""
    print(compare(load_run(a), load_run(b)))
    return 0


def report_command(run_path: Path, out: Path | None = None) -> int:
    """`ngo-kb eval report RUN.json [--out report.html]` (default: RUN.html beside the run)."""
    path = write_report(load_run(run_path), out or Path(run_path).with_suffix(".html"))
    print(f"report written to {path}")
    return 0


def check_command(run_path: Path, thresholds: Path | None = None) -> int:
    """`ngo-kb eval check RUN.json`: exit 1 and list each threshold the run breaks."""
    failures = check_thresholds(load_run(run_path), load_thresholds(thresholds))
    for failure in failures:
        print(f"FAIL {failure}")
    if not failures:
        print("all thresholds met")
    return 1 if failures else 0


def parts_command(run_path: Path, split: Path | None = None) -> int:
    """`ngo-kb eval parts RUN.json`: the run's metrics on the tuning and the blind part apart."""
    from eval.scoring import summarise, summarise_by_category
    from eval.split import load_split

    run = load_run(run_path)
    chosen = load_split(split) if split else load_split()
    for part in ("tuning", "blind"):
        ids = chosen.ids(part)  # type: ignore[arg-type]
        results = [q for q in run.questions if q.id in ids]
        if not results:
            continue
        k = run.config.top_k
        part_run = run.model_copy(
            update={
                "overall": summarise(results, k),
                "by_category": summarise_by_category(results, k),
                "by_language": {},
                "questions": results,
            }
        )
        print(f"== {part} part: {len(results)} questions ==")
        print(summary(part_run))
        print()
    return 0
