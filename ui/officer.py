"""Data-officer handlers: audit browser, detail, CSV export, review queue, retention, dashboard.

Every handler first checks the AUDIT permission of the signed-in session.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import gradio as gr
import pandas as pd

from kb.audit import AuditLog
from kb.index import KnowledgeBase
from kb.schema import AuditRecord, Chunk
from kb.settings import Settings
from ui import audit_view
from ui.access import require
from ui.auth import Permission
from ui.feedback import FeedbackStore
from ui.upload_sweep import private_cached_copy


class OfficerHandlers:
    def __init__(self, settings: Settings, feedback: FeedbackStore) -> None:
        self.settings = settings
        self.feedback = feedback

    def _filtered(
        self,
        date_from: str,
        date_to: str,
        language: str,
        guard_failures_only: bool,
        reported_only: bool,
        feedback: str,
    ) -> tuple[list[AuditRecord], pd.DataFrame]:
        flt = audit_view.AuditFilter(
            date_from=date_from or "",
            date_to=date_to or "",
            language=language or "any",
            guard_failures_only=bool(guard_failures_only),
            reported_only=bool(reported_only),
            feedback=feedback or "any",  # type: ignore[arg-type]
        )
        ratings = self.feedback.ratings()
        reported = {r.audit_id for r in self.feedback.reports()}
        records = audit_view.filter_records(
            AuditLog(self.settings).records(), flt, ratings, reported
        )
        return records, audit_view.records_table(records, ratings, reported)

    def search(
        self,
        date_from: str,
        date_to: str,
        language: str,
        guard_failures_only: bool,
        reported_only: bool,
        feedback: str,
        auth: object,
        chat: object,
        request: gr.Request | None = None,
    ) -> pd.DataFrame:
        """Audit records matching the filters, newest first."""
        require(auth, Permission.AUDIT, chat, "audit_search", request)
        return self._filtered(
            date_from, date_to, language, guard_failures_only, reported_only, feedback
        )[1]

    def export_csv(
        self,
        date_from: str,
        date_to: str,
        language: str,
        guard_failures_only: bool,
        reported_only: bool,
        feedback: str,
        auth: object,
        chat: object,
        request: gr.Request | None = None,
    ) -> str:
        """The filtered records as a CSV file (scrubbed text only)."""
        require(auth, Permission.AUDIT, chat, "audit_export", request)
        records, table = self._filtered(
            date_from, date_to, language, guard_failures_only, reported_only, feedback
        )
        return str(private_cached_copy(audit_view.export_csv(table, records)))

    def detail(
        self, audit_id: str, auth: object, chat: object, request: gr.Request | None = None
    ) -> str:
        """One answer's trace: scrubbed question, retrieved vs cited passages, verdicts."""
        require(auth, Permission.AUDIT, chat, "answer_detail", request)
        record = AuditLog(self.settings).get((audit_id or "").strip())
        if record is None:
            raise gr.Error("No audit record with that id.", print_exception=False)
        chunks: dict[str, Chunk] = {}
        kb = KnowledgeBase(self.settings)
        try:
            chunks = kb.catalog.chunks_by_id([ref.chunk_id for ref in record.retrieved])
        finally:
            kb.close()
        reports = [r for r in self.feedback.reports() if r.audit_id == record.audit_id]
        return audit_view.answer_detail(
            record, chunks, reports, self.feedback.ratings().get(record.audit_id)
        )

    def verify(self, auth: object, chat: object, request: gr.Request | None = None) -> str:
        """Check the audit log's hash chain."""
        require(auth, Permission.AUDIT, chat, "verify_audit", request)
        ok, message = AuditLog(self.settings).verify()
        return f"{'✅' if ok else '❌'} {message}"

    def review_queue(
        self, auth: object, chat: object, request: gr.Request | None = None
    ) -> pd.DataFrame:
        """Reported answers, open ones first."""
        require(auth, Permission.AUDIT, chat, "review_queue", request)
        reports = self.feedback.reports()
        reports.sort(key=lambda r: (r.status != "open", r.report_id))
        return audit_view.reports_table(reports)

    def resolve(
        self,
        report_id: float | None,
        note: str,
        expected: str,
        answerable: bool,
        auth: object,
        chat: object,
        request: gr.Request | None = None,
    ) -> tuple[dict[str, Any], pd.DataFrame]:
        """Close a report with a resolution note; keywords make it an eval question later."""
        who = require(auth, Permission.AUDIT, chat, "resolve_report", request)
        if report_id is None or not (note or "").strip():
            raise gr.Error("Give the report id and a resolution note.", print_exception=False)
        # One expected fact per line; "|" separates accepted alternatives (the eval format).
        keywords = [line.strip() for line in (expected or "").splitlines()]
        try:
            report = self.feedback.resolve(
                int(report_id),
                note,
                resolved_by=who.username or str(who.role),
                expected=keywords,
                answerable=bool(answerable),
            )
        except KeyError:
            raise gr.Error("No report with that id.", print_exception=False) from None
        return report.model_dump(), self.review_queue(auth, chat, request)

    def export_eval(self, auth: object, chat: object, request: gr.Request | None = None) -> str:
        """Resolved reports as eval questions (JSONL, the seed-question format)."""
        require(auth, Permission.AUDIT, chat, "export_eval", request)
        records = {r.audit_id: r for r in AuditLog(self.settings).records()}
        rows = audit_view.eval_questions(self.feedback.reports("resolved"), records)
        return str(
            private_cached_copy(audit_view.export_jsonl(rows, "review-eval-questions.jsonl"))
        )

    def apply_retention(
        self, auth: object, chat: object, request: gr.Request | None = None
    ) -> dict[str, Any]:
        """Erase audit text and feedback older than the retention period; return a receipt."""
        who = require(auth, Permission.AUDIT, chat, "apply_retention", request)
        now = datetime.now(UTC)
        cutoff = now - timedelta(days=self.settings.audit_retention_days)
        erased = AuditLog(self.settings).prune(now)
        receipt: dict[str, Any] = {
            "action": "retention",
            "retention_days": self.settings.audit_retention_days,
            "cutoff": cutoff.isoformat(timespec="seconds"),
            "audit_records_text_erased": erased,
            **self.feedback.delete_before(cutoff.isoformat(timespec="seconds")),
            "by": f"{who.username} ({who.role})",
            "at": now.isoformat(timespec="seconds"),
        }
        return receipt

    def dashboard(
        self, auth: object, chat: object, request: gr.Request | None = None
    ) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame, pd.DataFrame]:
        """Frames for the four plots: questions/day, refusal rate/day, guard failures, feedback."""
        require(auth, Permission.AUDIT, chat, "dashboard", request)
        data = audit_view.dashboard(AuditLog(self.settings).records(), self.feedback.ratings())
        return (
            pd.DataFrame(data.per_day, columns=["day", "questions"]),
            pd.DataFrame(data.refusal_rate, columns=["day", "refusal_rate"]),
            pd.DataFrame(data.guard_failures, columns=["guard", "failures"]),
            pd.DataFrame(data.feedback, columns=["feedback", "count"]),
        )
