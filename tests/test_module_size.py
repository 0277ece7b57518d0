"""No module over 400 lines (issue 30): a file a newcomer can read in one sitting, one job each."""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
FOLDERS = ("kb", "ingest", "guardrails", "ui", "eval", "bench", "tests", "scripts")
MAX_LINES = 400


def long_modules(root: Path) -> list[str]:
    found = []
    for folder in FOLDERS:
        for source in sorted((root / folder).rglob("*.py")):
            lines = len(source.read_text(encoding="utf-8").splitlines())
            if lines > MAX_LINES:
                found.append(f"{source.relative_to(root)}: {lines} lines")
    return found


def test_no_module_is_over_400_lines() -> None:
    assert long_modules(ROOT) == []


def test_a_long_module_is_found(tmp_path: Path) -> None:
    (tmp_path / "kb").mkdir()
    (tmp_path / "kb" / "long.py").write_text("x = 1\n" * (MAX_LINES + 1), encoding="utf-8")
    (tmp_path / "kb" / "short.py").write_text("x = 1\n" * MAX_LINES, encoding="utf-8")
    assert long_modules(tmp_path) == ["kb/long.py: 401 lines"]
