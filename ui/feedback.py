"""Feedback store: thumbs up/down and reported answers with their review, keyed by audit_id.

SQLite in data_dir. Free text (report reasons, resolution notes) is scrubbed of personal data
before it is stored; if no scrubber can be loaded, the text is withheld rather than kept raw.
"""

from __future__ import annotations

import logging
import sqlite3
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Literal

from pydantic import BaseModel

from kb.settings import Settings

log = logging.getLogger(__name__)

Rating = Literal["up", "down"]
WITHHELD = "[text withheld: personal-data scrubber unavailable]"

_SCHEMA = """
CREATE TABLE IF NOT EXISTS ratings (
    audit_id TEXT NOT NULL,
    session_id TEXT NOT NULL,
    rating TEXT NOT NULL CHECK (rating IN ('up', 'down')),
    time TEXT NOT NULL,
    PRIMARY KEY (audit_id, session_id)
);
CREATE TABLE IF NOT EXISTS reports (
    report_id INTEGER PRIMARY KEY AUTOINCREMENT,
    audit_id TEXT NOT NULL,
    session_id TEXT NOT NULL,
    reason TEXT NOT NULL,
    time TEXT NOT NULL,
    status TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'resolved')),
    resolution TEXT,
    expected TEXT,
    answerable INTEGER,
    resolved_by TEXT,
    resolved_at TEXT
);
"""


class Report(BaseModel):
    report_id: int
    audit_id: str
    reason: str
    time: str
    status: Literal["open", "resolved"]
    resolution: str | None = None
    expected: list[str] = []
    answerable: bool | None = None
    resolved_by: str | None = None
    resolved_at: str | None = None


def now_iso() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def default_scrubber(settings: Settings) -> Callable[[str], str] | None:
    """The project's PII scrubber as a text -> text function, or None if it cannot be loaded."""
    try:
        from ingest.pii import load_scrubber

        load_scrubber(settings)
    except Exception as exc:  # noqa: BLE001 - any failure means: no scrubber
        log.warning("PII scrubber unavailable for feedback text: %s", type(exc).__name__)
        return None

    def scrub(text: str) -> str:
        # load_scrubber caches per data dir and picks up allowlist changes.
        return load_scrubber(settings).scrub_message(text).text

    return scrub


class FeedbackStore:
    """Ratings and reports in `data_dir/feedback.sqlite3`."""

    def __init__(self, settings: Settings, scrub: Callable[[str], str] | None = None) -> None:
        settings.ensure_data_dir()
        self.path: Path = settings.data_dir / "feedback.sqlite3"
        self._scrub = scrub
        with self._connect() as db:
            db.executescript(_SCHEMA)

    @contextmanager
    def _connect(self) -> Iterator[sqlite3.Connection]:
        db = sqlite3.connect(self.path, timeout=10)
        db.row_factory = sqlite3.Row
        try:
            with db:
                yield db
        finally:
            db.close()

    def _clean(self, text: str) -> str:
        text = text.strip()[:2000]
        if not text:
            return ""
        if self._scrub is None:
            return WITHHELD
        try:
            return self._scrub(text)
        except Exception as exc:  # noqa: BLE001 - never store text we could not scrub
            log.warning("scrubbing feedback text failed: %s", type(exc).__name__)
            return WITHHELD

    def rate(self, audit_id: str, session_id: str, rating: Rating) -> None:
        """Record (or change) one session's rating of one answer."""
        with self._connect() as db:
            db.execute(
                "INSERT INTO ratings VALUES (?, ?, ?, ?) ON CONFLICT (audit_id, session_id) "
                "DO UPDATE SET rating = excluded.rating, time = excluded.time",
                (audit_id, session_id, rating, now_iso()),
            )

    def report(self, audit_id: str, session_id: str, reason: str) -> int:
        """File a report against an answer; the reason is scrubbed first. Returns its id."""
        with self._connect() as db:
            cur = db.execute(
                "INSERT INTO reports (audit_id, session_id, reason, time) VALUES (?, ?, ?, ?)",
                (audit_id, session_id, self._clean(reason), now_iso()),
            )
            return int(cur.lastrowid or 0)

    def resolve(
        self,
        report_id: int,
        note: str,
        resolved_by: str,
        expected: list[str] | None = None,
        answerable: bool = True,
    ) -> Report:
        """Close a report with a (scrubbed) resolution note and optional expected keywords."""
        cleaned = [self._clean(k) for k in expected or [] if k.strip()]
        with self._connect() as db:
            cur = db.execute(
                "UPDATE reports SET status = 'resolved', resolution = ?, expected = ?, "
                "answerable = ?, resolved_by = ?, resolved_at = ? WHERE report_id = ?",
                (
                    self._clean(note),
                    "\x1f".join(cleaned),
                    int(answerable),
                    resolved_by,
                    now_iso(),
                    report_id,
                ),
            )
            if cur.rowcount == 0:
                raise KeyError(f"no report {report_id}")
        return self.get(report_id)

    def get(self, report_id: int) -> Report:
        with self._connect() as db:
            row = db.execute("SELECT * FROM reports WHERE report_id = ?", (report_id,)).fetchone()
        if row is None:
            raise KeyError(f"no report {report_id}")
        return _report(row)

    def reports(self, status: Literal["open", "resolved"] | None = None) -> list[Report]:
        query = "SELECT * FROM reports"
        args: tuple[str, ...] = ()
        if status:
            query += " WHERE status = ?"
            args = (status,)
        with self._connect() as db:
            return [_report(r) for r in db.execute(query + " ORDER BY report_id", args)]

    def ratings(self) -> dict[str, dict[str, int]]:
        """Per audit_id, how many up and down ratings it got."""
        out: dict[str, dict[str, int]] = {}
        with self._connect() as db:
            rows = db.execute(
                "SELECT audit_id, rating, COUNT(*) AS n FROM ratings GROUP BY audit_id, rating"
            )
            for row in rows:
                out.setdefault(row["audit_id"], {"up": 0, "down": 0})[row["rating"]] = row["n"]
        return out

    def delete_before(self, cutoff_iso: str) -> dict[str, int]:
        """Retention: delete ratings and resolved reports older than the cutoff."""
        with self._connect() as db:
            ratings = db.execute("DELETE FROM ratings WHERE time < ?", (cutoff_iso,)).rowcount
            reports = db.execute(
                "DELETE FROM reports WHERE status = 'resolved' AND time < ?", (cutoff_iso,)
            ).rowcount
        return {"ratings_deleted": ratings, "reports_deleted": reports}

    def delete_for_audit_ids(self, audit_ids: set[str]) -> dict[str, int]:
        """Delete feedback attached to audit records that no longer exist."""
        ratings = reports = 0
        with self._connect() as db:
            for audit_id in audit_ids:
                ratings += db.execute(
                    "DELETE FROM ratings WHERE audit_id = ?", (audit_id,)
                ).rowcount
                reports += db.execute(
                    "DELETE FROM reports WHERE audit_id = ?", (audit_id,)
                ).rowcount
        return {"ratings_deleted": ratings, "reports_deleted": reports}


def _report(row: sqlite3.Row) -> Report:
    return Report(
        report_id=row["report_id"],
        audit_id=row["audit_id"],
        reason=row["reason"],
        time=row["time"],
        status=row["status"],
        resolution=row["resolution"],
        expected=[k for k in (row["expected"] or "").split("\x1f") if k],
        answerable=None if row["answerable"] is None else bool(row["answerable"]),
        resolved_by=row["resolved_by"],
        resolved_at=row["resolved_at"],
    )
