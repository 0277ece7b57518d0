"""What every benchmark shares: the machine it ran on, a printed table, a JSON result file."""

from __future__ import annotations

import json
import os
from datetime import UTC, datetime
from pathlib import Path

import psutil

from eval.machine import machine_info
from eval.tables import format_value, text_table

RESULTS_DIR = Path("bench-results")


def rss_mb() -> float:
    """Resident memory of this process, in MiB."""
    return psutil.Process().memory_info().rss / 2**20


def print_table(title: str, rows: list[dict[str, object]]) -> None:
    """Print rows (dicts with the same keys) as an aligned plain-text table."""
    if not rows:
        print(f"{title}: no rows")
        return
    columns = tuple(rows[0])
    lines = text_table([columns] + [tuple(format_value(r.get(c)) for c in columns) for r in rows])
    print(title, *lines, "", sep="\n")


def write_results(name: str, rows: list[dict[str, object]], **extra: object) -> Path:
    """Write `bench-results/NAME-<time>.json` with the rows, the machine and any extra facts."""
    RESULTS_DIR.mkdir(exist_ok=True)
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    path = RESULTS_DIR / f"{name}-{stamp}.json"
    # Other work on a shared machine skews timings: keep the load beside the numbers.
    load = ", ".join(f"{x:.2f}" for x in os.getloadavg())
    machine = {**machine_info(), "load_average_1_5_15": load}
    payload = {"benchmark": name, "time": stamp, "machine": machine, **extra, "rows": rows}
    path.write_text(json.dumps(payload, indent=2, ensure_ascii=False), encoding="utf-8")
    print(f"machine: {machine['nproc']} CPUs, {machine['cpu_model']}, load {load}")
    print(f"written {path}")
    return path
