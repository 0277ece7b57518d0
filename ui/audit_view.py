"""What the data officer sees: filtered audit records, one answer's detail, exports and charts.

Pure functions over `AuditRecord`s (already scrubbed) and the feedback store's data; the Gradio
handlers in `ui.officer` only check the role and call these.
"""

from __future__ import annotations

import csv
import json
import tempfile
from collections import Counter
from pathlib import Path
from typing import Literal

import pandas as pd
from pydantic import BaseModel

from kb.schema import AuditRecord, Chunk
from kb.spreadsheet import spreadsheet_safe_row
from ui.feedback import Report
from ui.render import escape_text

FeedbackFilter = Literal["any", "up", "down", "none"]

TABLE_COLUMNS = [
    "time",
    "audit_id",
    "audience",
    "language",
    "status",
    "guard_failures",
    "feedback",
    "reported",
    "question",
]


class AuditFilter(BaseModel):
    """The audit browser's filters. Dates are inclusive, as YYYY-MM-DD (UTC)."""

    date_from: str = ""
    date_to: str = ""
    language: str = "any"
    guard_failures_only: bool = False
    reported_only: bool = False
    feedback: FeedbackFilter = "any"


def guard_failures(record: AuditRecord) -> list[str]:
    """Names of the guards that did not pass (failed or broke) on this answer."""
    return [v.name for v in record.guardrails if v.status in ("fail", "error")]


def _feedback_label(counts: dict[str, int] | None) -> str:
    if not counts:
        return ""
    return f"+{counts.get('up', 0)} / -{counts.get('down', 0)}"


def filter_records(
    records: list[AuditRecord],
    flt: AuditFilter,
    ratings: dict[str, dict[str, int]],
    reported_ids: set[str],
) -> list[AuditRecord]:
    """The records matching every filter, newest first."""
    out = []
    for rec in records:
        day = rec.time[:10]
        if flt.date_from and day < flt.date_from.strip():
            continue
        if flt.date_to and day > flt.date_to.strip():
            continue
        if flt.language not in ("", "any") and not rec.language.startswith(flt.language[:2]):
            continue
        if flt.guard_failures_only and not guard_failures(rec):
            continue
        if flt.reported_only and rec.audit_id not in reported_ids:
            continue
        counts = ratings.get(rec.audit_id)
        if flt.feedback == "none" and counts:
            continue
        if flt.feedback in ("up", "down") and not (counts and counts.get(flt.feedback)):
            continue
        out.append(rec)
    return sorted(out, key=lambda r: r.time, reverse=True)


def records_table(
    records: list[AuditRecord], ratings: dict[str, dict[str, int]], reported_ids: set[str]
) -> pd.DataFrame:
    rows = [
        {
            "time": rec.time[:16].replace("T", " "),
            "audit_id": rec.audit_id,
            "audience": str(rec.audience),
            "language": rec.language,
            "status": str(rec.status),
            "guard_failures": ", ".join(guard_failures(rec)),
            "feedback": _feedback_label(ratings.get(rec.audit_id)),
            "reported": "yes" if rec.audit_id in reported_ids else "",
            "question": (rec.question or "")[:120],
        }
        for rec in records
    ]
    return pd.DataFrame(rows, columns=TABLE_COLUMNS)


def export_csv(table: pd.DataFrame, records: list[AuditRecord]) -> Path:
    """A CSV of the filtered records (scrubbed text only) in a fresh temporary directory."""
    answers = {rec.audit_id: rec for rec in records}
    path = Path(tempfile.mkdtemp(prefix="ngokb-export-")) / "audit-export.csv"
    with path.open("w", newline="", encoding="utf-8") as fh:
        writer = csv.writer(fh)
        writer.writerow([*TABLE_COLUMNS, "answer", "backend", "model", "cited", "latency_ms"])
        for row in table.itertuples(index=False):
            rec = answers[row.audit_id]
            writer.writerow(
                spreadsheet_safe_row(
                    [
                        rec.time,
                        *row[1:-1],
                        rec.question or "",
                        rec.answer or "",
                        rec.backend,
                        rec.model,
                        " ".join(rec.cited_ids),
                        f"{rec.latency_ms:.0f}",
                    ]
                )
            )
    return path


def _table(headers: list[str], rows: list[list[str]]) -> str:
    head = "".join(f'<th scope="col">{escape_text(h)}</th>' for h in headers)
    body = "".join(
        "<tr>" + "".join(f"<td>{escape_text(cell)}</td>" for cell in row) + "</tr>" for row in rows
    )
    return f'<table class="ngokb-table"><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>'


def answer_detail(
    record: AuditRecord,
    chunks: dict[str, Chunk],
    reports: list[Report],
    ratings: dict[str, int] | None,
) -> str:
    """One answer's full trace as escaped HTML: question, answer, passages, verdicts, versions."""
    cited = set(record.cited_ids)
    passages = [
        [
            str(i),
            ref.doc_id,
            chunks[ref.chunk_id].file_name if ref.chunk_id in chunks else "",
            f"{ref.score:.4f}",
            "yes" if ref.chunk_id in cited else "",
            (chunks[ref.chunk_id].text[:300] if ref.chunk_id in chunks else "(passage deleted)"),
        ]
        for i, ref in enumerate(record.retrieved, start=1)
    ]
    verdicts = [
        [v.name, v.status, v.detail, "" if v.score is None else f"{v.score:.3f}"]
        for v in record.guardrails
    ]
    facts = [
        ["audit_id", record.audit_id],
        ["time", record.time],
        ["session", record.session_id],
        ["audience", str(record.audience)],
        ["language", record.language],
        ["status", str(record.status)],
        ["personal data removed", json.dumps(record.pii_types)],
        ["backend", record.backend],
        ["model", record.model],
        ["how it was answered", "; ".join(record.notes) or "-"],
        ["prompt version", record.prompt_version],
        ["index version", record.index_version],
        ["latency", f"{record.latency_ms:.0f} ms"],
        ["feedback", _feedback_label(ratings)],
        ["hash", record.hash],
    ]
    report_rows = [[str(r.report_id), r.status, r.reason, r.resolution or ""] for r in reports]
    return "".join(
        [
            '<div class="ngokb-detail">',
            f"<h3>Question (scrubbed)</h3><p>{escape_text(record.question or '(not kept)')}</p>",
            f"<h3>Answer</h3><p>{escape_text(record.answer or '(not kept)')}</p>",
            "<h3>Record</h3>",
            _table(["field", "value"], facts),
            "<h3>Retrieved passages (cited ones marked)</h3>",
            _table(["#", "doc_id", "file", "score", "cited", "text"], passages),
            "<h3>Guard verdicts</h3>",
            _table(["guard", "status", "detail", "score"], verdicts),
            "<h3>Reports</h3>",
            _table(["report", "status", "reason", "resolution"], report_rows),
            "</div>",
        ]
    )


def reports_table(reports: list[Report]) -> pd.DataFrame:
    rows = [
        {
            "report_id": r.report_id,
            "audit_id": r.audit_id,
            "time": r.time,
            "status": r.status,
            "reason": r.reason,
            "resolution": r.resolution or "",
        }
        for r in reports
    ]
    return pd.DataFrame(
        rows, columns=["report_id", "audit_id", "time", "status", "reason", "resolution"]
    )


def eval_questions(
    reports: list[Report], records: dict[str, AuditRecord]
) -> list[dict[str, object]]:
    """Resolved reports as eval questions in the seed-question format (scrubbed text only)."""
    out: list[dict[str, object]] = []
    for rep in reports:
        rec = records.get(rep.audit_id)
        if rep.status != "resolved" or rec is None or not rec.question:
            continue
        out.append(
            {
                "id": f"review-{rep.report_id}",
                "question": rec.question,
                "lang": rec.language,
                "expected": [
                    [alt.strip() for alt in line.split("|") if alt.strip()] for line in rep.expected
                ],
                "answerable": bool(rep.answerable),
                "note": rep.resolution or "",
                "audit_id": rec.audit_id,
            }
        )
    return out


def export_jsonl(rows: list[dict[str, object]], name: str) -> Path:
    path = Path(tempfile.mkdtemp(prefix="ngokb-export-")) / name
    with path.open("w", encoding="utf-8") as fh:
        for row in rows:
            fh.write(json.dumps(row, ensure_ascii=False) + "\n")
    return path


class Dashboard(BaseModel):
    """Frames for the dashboard's four plots (as records, to cross the pydantic boundary)."""

    per_day: list[dict[str, object]]
    refusal_rate: list[dict[str, object]]
    guard_failures: list[dict[str, object]]
    feedback: list[dict[str, object]]


def dashboard(records: list[AuditRecord], ratings: dict[str, dict[str, int]]) -> Dashboard:
    """Questions per day, refusal rate per day, guard failures by guard, and feedback counts."""
    per_day: Counter[str] = Counter()
    refused: Counter[str] = Counter()
    failures: Counter[str] = Counter()
    for rec in records:
        day = rec.time[:10]
        per_day[day] += 1
        if rec.status.refused:
            refused[day] += 1
        failures.update(guard_failures(rec))
    days = sorted(per_day)
    up = sum(c.get("up", 0) for c in ratings.values())
    down = sum(c.get("down", 0) for c in ratings.values())
    return Dashboard(
        per_day=[{"day": d, "questions": per_day[d]} for d in days],
        refusal_rate=[{"day": d, "refusal_rate": refused[d] / per_day[d]} for d in days],
        guard_failures=[{"guard": g, "failures": n} for g, n in failures.most_common()],
        feedback=[{"feedback": "up", "count": up}, {"feedback": "down", "count": down}],
    )
