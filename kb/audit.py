"""Append-only, keyed hash chain: one JSON line per answer, scrubbed text only.

Each record's `hash` is an HMAC-SHA256 (key outside the data directory, kb/audit_key.py) of its
content and the previous record's hash, so a record rewritten without the key is caught. Question
and answer text enter it only through their digests, so retention can erase the text later
without breaking the chain. A MACed head file beside the log and an anchor beside the key keep
the count and last hash: removing the newest records, or the log and head together, is caught too.
"""

from __future__ import annotations

import csv
import fcntl
import hashlib
import io
import json
import os
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from pathlib import Path

from kb import audit_key
from kb.schema import AuditRecord
from kb.settings import Settings
from kb.spreadsheet import spreadsheet_safe

GENESIS = "0" * 64
_TEXT_FIELDS = ("question", "answer")
_lock = threading.Lock()


def _private(path: str, flags: int) -> int:
    """`open` opener: files the log creates are readable by their owner only (0600)."""
    return os.open(path, flags, 0o600)


def _digest(text: str | None) -> str | None:
    return None if text is None else hashlib.sha256(text.encode()).hexdigest()


def record_hash(record: dict[str, object], key: bytes) -> str:
    body = {k: v for k, v in record.items() if k not in ("hash", *_TEXT_FIELDS)}
    for field in _TEXT_FIELDS:
        body[f"{field}_digest"] = record.get(f"{field}_digest")
    canonical = json.dumps(body, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return audit_key.mac(key, canonical)


class AuditLog:
    def __init__(self, settings: Settings) -> None:
        settings.ensure_data_dir()
        self.settings = settings
        self.path: Path = settings.audit_path
        self.head_path = self.path.with_name(self.path.name + ".head")
        self.retention_days = settings.audit_retention_days

    @contextmanager
    def _locked(self) -> Iterator[None]:
        lock_path = self.path.with_name(self.path.name + ".lock")
        with _lock, open(lock_path, "a", opener=_private) as handle:
            fcntl.flock(handle, fcntl.LOCK_EX)
            try:
                yield
            finally:
                fcntl.flock(handle, fcntl.LOCK_UN)

    def _head(self) -> tuple[int, str, str | None]:
        """(count, last hash, MAC) from the head file; (0, GENESIS, None) when there is none."""
        if not self.head_path.is_file():
            return 0, GENESIS, None
        try:
            head = json.loads(self.head_path.read_text())
            return int(head["count"]), str(head["hash"]), str(head.get("mac"))
        except (ValueError, KeyError, TypeError):
            return -1, "", ""  # unreadable: fails its MAC check

    def _write_head(self, key: bytes, count: int, last_hash: str) -> None:
        tmp = self.head_path.with_name(self.head_path.name + ".tmp")
        head_mac = audit_key.head_mac(key, self.path, count, last_hash)
        with open(tmp, "w", opener=_private) as out:
            out.write(json.dumps({"count": count, "hash": last_hash, "mac": head_mac}))
        tmp.replace(self.head_path)
        audit_key.write_anchor(self.settings, key, self.path, count, last_hash)

    def check_writable(self) -> None:
        """Raise OSError now if a record could not be appended (read-only, wrong owner...)."""
        with self._locked():
            with open(self.path, "a", opener=_private):
                pass
            probe = self.head_path.with_name(self.head_path.name + ".tmp")
            with open(probe, "w", opener=_private):
                pass  # the head is replaced through this file, so its directory must be writable
            probe.unlink()
            audit_key.load_key(self.settings, create=True)
            anchors = self.settings.audit_anchor_dir
            anchors.mkdir(parents=True, exist_ok=True, mode=0o700)
            if not os.access(anchors, os.W_OK):
                raise PermissionError(f"the audit anchor folder {anchors} is not writable")

    def append(self, record: AuditRecord) -> AuditRecord:
        """Chain and write one record; with retention 0 no question or answer text is kept."""
        with self._locked():
            key = audit_key.load_key(self.settings, create=True)
            assert key is not None
            count, prev, _ = self._head()
            data = record.model_dump(mode="json")
            data["prev_hash"] = prev
            for field in _TEXT_FIELDS:
                data[f"{field}_digest"] = _digest(data.get(field))
                if self.retention_days == 0:
                    data[field] = None
            data["hash"] = record_hash(data, key)
            with open(self.path, "a", encoding="utf-8", opener=_private) as out:
                out.write(json.dumps(data, ensure_ascii=False) + "\n")
                out.flush()
            self._write_head(key, count + 1, str(data["hash"]))
        return AuditRecord.model_validate(data)

    def raw_lines(self) -> list[str]:
        if not self.path.is_file():
            return []
        return self.path.read_text(encoding="utf-8", errors="replace").splitlines()

    def records(self) -> list[AuditRecord]:
        return [AuditRecord.model_validate_json(line) for line in self.raw_lines() if line.strip()]

    def get(self, audit_id: str) -> AuditRecord | None:
        return next((r for r in self.records() if r.audit_id == audit_id), None)

    def verify(self) -> tuple[bool, str]:
        """Detect a changed byte, a removed or reordered record, and a deleted log or head."""
        lines = [line for line in self.raw_lines() if line.strip()]
        anchor = audit_key.read_anchor(self.settings, self.path)
        key = audit_key.load_key(self.settings, create=False)
        if key is None:
            if lines or anchor or self.head_path.exists():
                return False, f"the audit key {self.settings.audit_key_file} is missing"
            return True, "0 records, chain intact"
        written = anchor.count if anchor else 0
        if anchor and anchor.mac != audit_key.head_mac(key, self.path, anchor.count, anchor.hash):
            return False, f"the anchor of this log in {self.settings.audit_anchor_dir} was altered"
        if not lines and written:
            return False, f"the audit log is missing or empty but {written} records were written"
        if not self.head_path.is_file():
            if lines or written:
                return False, f"the head file {self.head_path.name} is missing"
            return True, "0 records, chain intact"
        if lines and anchor is None:
            return (
                False,
                f"the log has no anchor in {self.settings.audit_anchor_dir} (anchor removed, "
                "or the log was written with another audit key file)",
            )
        prev = GENESIS
        for number, line in enumerate(lines, start=1):
            try:
                data = json.loads(line)
            except json.JSONDecodeError:
                return False, f"record {number} is not valid JSON (the log was altered)"
            if data.get("prev_hash") != prev:
                return (
                    False,
                    f"record {number} does not follow record {number - 1} (removed or reordered)",
                )
            for field in _TEXT_FIELDS:
                if data.get(field) is not None and _digest(data[field]) != data.get(
                    f"{field}_digest"
                ):
                    return (
                        False,
                        f"record {number}: {field} text does not match its digest (altered)",
                    )
            if record_hash(data, key) != data.get("hash"):
                return (
                    False,
                    f"record {number} content does not match its keyed hash (altered, or "
                    "written with another audit key)",
                )
            prev = data["hash"]
        count, last, head_mac = self._head()
        for source, (n, last_hash) in (
            ("anchor", (written, anchor.hash if anchor else GENESIS)),
            ("head file", (count, last)),
        ):
            if n != len(lines) or last_hash != prev:
                return (
                    False,
                    f"the log holds {len(lines)} records but its {source} says {n} were "
                    "written (records removed)",
                )
        if head_mac != audit_key.head_mac(key, self.path, count, last):
            return False, f"the head file {self.head_path.name} was altered"
        return True, f"{len(lines)} records, chain intact"

    def prune(self, now: datetime | None = None) -> int:
        """Erase question and answer text older than the retention period; counts stay."""
        cutoff = (now or datetime.now(UTC)) - timedelta(days=self.retention_days)
        changed = 0
        with self._locked():
            lines = self.raw_lines()
            out = []
            for line in lines:
                data = json.loads(line)
                old = datetime.fromisoformat(data["time"]) < cutoff or self.retention_days == 0
                if old and any(data.get(f) is not None for f in _TEXT_FIELDS):
                    for field in _TEXT_FIELDS:
                        data[field] = None
                    changed += 1
                out.append(json.dumps(data, ensure_ascii=False))
            if changed:
                tmp = self.path.with_name(self.path.name + ".tmp")
                with open(tmp, "w", encoding="utf-8", opener=_private) as handle:
                    handle.write("".join(line + "\n" for line in out))
                tmp.replace(self.path)
        return changed

    def export(self, since: datetime | None, fmt: str) -> str:
        rows = [
            r for r in self.records() if since is None or datetime.fromisoformat(r.time) >= since
        ]
        if fmt == "jsonl":
            return "".join(r.model_dump_json() + "\n" for r in rows)
        if fmt != "csv":
            raise ValueError(f"unknown export format {fmt!r} (csv or jsonl)")
        buffer = io.StringIO()
        fields = [
            "audit_id",
            "time",
            "session_id",
            "audience",
            "language",
            "status",
            "backend",
            "model",
            "question",
            "answer",
            "pii_types",
            "cited_ids",
            "guardrails",
            "latency_ms",
        ]
        writer = csv.DictWriter(buffer, fieldnames=fields)
        writer.writeheader()
        for r in rows:
            row = r.model_dump(mode="json")
            row["pii_types"] = json.dumps(row["pii_types"])
            row["cited_ids"] = " ".join(row["cited_ids"])
            row["guardrails"] = "; ".join(f"{g['name']}={g['status']}" for g in row["guardrails"])
            writer.writerow({k: spreadsheet_safe(row.get(k)) for k in fields})
        return buffer.getvalue()
