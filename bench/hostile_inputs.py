"""Hostile inputs: each kind of eval/hostile_files.py through the loader, its outcome, time, memory.

    python -m bench.hostile_inputs [--quick] [--prepare] [--only TEXT] [--timeout-s S]

Each kind is written to a temporary file and read in a fresh child process (`--child FILE`), so
one kind's memory never counts for the next: `load_document` with the server's limits (the
default settings) then `normalize_blocks`, as tests/test_hostile_inputs.py does; with
`--prepare`, the upload worker's whole step instead (`ingest.prepare.prepare_file`: + scrub +
chunk; the scrubber is loaded before the clock starts). The child reports the wall time of that
step, its resident memory just before it (base_mb) and the peak during it (peak_mb: VmHWM, reset
before the step through /proc/self/clear_refs; else ru_maxrss, a peak since the child started),
and added_mb = peak - base; the table ends with the worst of each. `--quick`: one kind in five
and the big legal files at 5 % of their size.
A kind still running after --timeout-s (by default the upload worker's NGOKB_UPLOAD_TIMEOUT_S,
at which the server refuses the file) is killed and reported as timed out; memory is not capped
here (the worker caps it at NGOKB_UPLOAD_MEMORY_MB), so the peak is what the file needs.
Exit status 1 when a kind was loaded or refused other than expected, or crashed.
"""

from __future__ import annotations

import argparse
import os
import resource
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Literal

from pydantic import BaseModel

from bench.common import print_table, write_results
from eval.hostile_files import HostileFile, all_kinds, as_expected, legal_files
from kb.settings import Settings

ROOT = Path(__file__).resolve().parents[1]
QUICK_SCALE = 0.05
QUICK_STEP = 5
UPLOAD_TIMEOUT_S = float(Settings.model_fields["upload_timeout_s"].default)


class ChildReport(BaseModel):
    """What the child sends back on its last stdout line: never document text (a refusal's
    reason holds none, tests/test_loaders_refusals.py checks it; a crash crosses as its type
    name)."""

    outcome: Literal["loaded", "refused", "crashed", "timed out"]
    reason: str | None = None
    blocks: int = 0
    seconds: float
    base_mb: float
    peak_mb: float


def _status_mb(field: str) -> float | None:
    """A memory line of /proc/self/status (VmRSS, VmHWM) in MiB; None off Linux."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith(f"{field}:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return None


def _reset_peak() -> bool:
    """Reset the resident high-water mark (VmHWM) to the current size (Linux 4.0+)."""
    try:
        Path("/proc/self/clear_refs").write_text("5")
    except OSError:
        return False
    return True


def _peak_mb(reset: bool) -> float:
    hwm = _status_mb("VmHWM") if reset else None
    return hwm if hwm is not None else resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def child(path: Path, prepare: bool) -> None:
    """Read one file as the server would and print a ChildReport."""
    from ingest.errors import IngestError
    from ingest.loaders import load_document
    from ingest.normalize import normalize_blocks
    from ingest.pii import load_scrubber
    from ingest.prepare import file_limits, prepare_file
    from kb.settings import load_settings

    with tempfile.TemporaryDirectory() as data_dir:
        settings = load_settings(data_dir=Path(data_dir))
        scrubber = load_scrubber(settings) if prepare else None
        max_bytes, limits = file_limits(settings)
        base = _status_mb("VmRSS") or 0.0
        reset = _reset_peak()
        started = time.perf_counter()
        outcome, reason, blocks = "loaded", None, 0
        try:
            if scrubber is not None:
                blocks = len(prepare_file(path, scrubber, settings).chunks)
            else:
                blocks = len(normalize_blocks(load_document(path, max_bytes, limits).blocks))
        except IngestError as exc:
            outcome, reason = "refused", exc.reason
        except Exception as exc:  # noqa: BLE001 - reported as a failure of the kind, by type
            outcome, reason = "crashed", type(exc).__name__
        seconds = time.perf_counter() - started
    report = ChildReport(
        outcome=outcome,
        reason=reason,
        blocks=blocks,
        seconds=seconds,
        base_mb=base,
        peak_mb=_peak_mb(reset),
    )
    print(report.model_dump_json())


def measure(case: HostileFile, folder: Path, prepare: bool, timeout_s: float) -> ChildReport:
    """Write the case under `folder` and read it in a child process."""
    folder.mkdir(parents=True)
    path = folder / case.name
    path.write_bytes(case.data)
    command = [sys.executable, "-m", "bench.hostile_inputs", "--child", str(path)]
    path_list = [str(ROOT), *filter(None, [os.environ.get("PYTHONPATH")])]
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(path_list)}
    started = time.perf_counter()
    try:
        done = subprocess.run(
            command + (["--prepare"] if prepare else []),
            capture_output=True,
            text=True,
            timeout=timeout_s,
            cwd=folder,  # no .env of the checkout: the default limits, as documented
            env=env,
        )
    except subprocess.TimeoutExpired:
        seconds = time.perf_counter() - started
        return ChildReport(
            outcome="timed out", reason=f"killed after {timeout_s:g} s", seconds=seconds,
            base_mb=0.0, peak_mb=0.0,
        )  # fmt: skip
    lines = done.stdout.strip().splitlines()
    if done.returncode != 0 or not lines:
        # The child's stderr is not shown: a traceback could quote the file.
        return ChildReport(
            outcome="crashed", reason=f"child exited with {done.returncode}",
            seconds=time.perf_counter() - started, base_mb=0.0, peak_mb=0.0,
        )  # fmt: skip
    return ChildReport.model_validate_json(lines[-1])


def _verdict(ok: bool, report: ChildReport, expected: str) -> str:
    if ok:
        return "yes"
    return "timed out" if report.outcome == "timed out" else f"NO (expected: {expected})"


def chosen_kinds(quick: bool, only: str | None) -> dict[str, Callable[[], HostileFile]]:
    """The kinds to run, by name: all, or for --quick one in QUICK_STEP and the small legal
    files; --only keeps the names holding its text."""
    scale = QUICK_SCALE if quick else 1.0
    kinds = all_kinds(scale)
    if quick:
        legal = set(legal_files(scale))
        others = [kind for kind in kinds if kind not in legal]
        keep = set(others[::QUICK_STEP]) | legal
        kinds = {kind: build for kind, build in kinds.items() if kind in keep}
    if only:
        kinds = {kind: build for kind, build in kinds.items() if only.lower() in kind.lower()}
    return kinds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="a fifth of the kinds, small files")
    parser.add_argument("--prepare", action="store_true", help="also scrub and chunk (upload)")
    parser.add_argument("--only", help="only the kinds whose name holds this text")
    parser.add_argument(
        "--timeout-s", type=float, default=UPLOAD_TIMEOUT_S, help="per kind, then killed"
    )
    parser.add_argument("--child", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args.child, args.prepare)
        return

    kinds = chosen_kinds(args.quick, args.only)
    if not kinds:
        raise SystemExit(f"no kind holds {args.only!r}")
    rows: list[dict[str, object]] = []
    unexpected: list[str] = []
    timed_out: list[str] = []
    with tempfile.TemporaryDirectory() as work:
        for number, (kind, build) in enumerate(kinds.items()):
            case = build()
            report = measure(case, Path(work) / f"{number:03d}", args.prepare, args.timeout_s)
            ok = report.outcome in ("loaded", "refused") and as_expected(
                case.expected, report.reason if report.outcome == "refused" else None
            )
            if report.outcome == "timed out":
                timed_out.append(kind)
            elif not ok:
                unexpected.append(kind)
            rows.append(
                {
                    "kind": kind,
                    "file": case.name,
                    "kb": round(len(case.data) / 1024, 1),
                    "outcome": report.outcome,
                    "reason_or_blocks": report.reason or report.blocks,
                    "as_expected": _verdict(ok, report, case.expected),
                    "seconds": round(report.seconds, 3),
                    "peak_mb": round(report.peak_mb, 1),
                    "added_mb": round(max(0.0, report.peak_mb - report.base_mb), 1),
                }
            )
            print(f"{kind}: {report.outcome} in {report.seconds:.2f} s", flush=True)

    step = "load + normalise + scrub + chunk" if args.prepare else "load + normalise"
    print_table(f"Hostile inputs ({step}, one child process per kind)", rows)
    slowest = max(rows, key=lambda r: float(r["seconds"]))  # type: ignore[arg-type]
    biggest = max(rows, key=lambda r: float(r["added_mb"]))  # type: ignore[arg-type]
    print(f"worst time: {slowest['kind']}: {slowest['seconds']} s")
    print(f"worst memory: {biggest['kind']}: +{biggest['added_mb']} MB (peak {biggest['peak_mb']})")
    print(f"kinds: {len(rows)}, not as expected: {len(unexpected)} {unexpected or ''}")
    print(f"timed out (refused by the server at {args.timeout_s:g} s): {timed_out or 'none'}")
    write_results(
        "hostile_inputs",
        rows,
        step=step,
        quick=args.quick,
        scale=QUICK_SCALE if args.quick else 1.0,
        worst_time={"kind": slowest["kind"], "seconds": slowest["seconds"]},
        worst_memory={"kind": biggest["kind"], "added_mb": biggest["added_mb"]},
        timeout_s=args.timeout_s,
        unexpected=unexpected,
        timed_out=timed_out,
    )
    raise SystemExit(1 if unexpected else 0)


if __name__ == "__main__":
    main()
