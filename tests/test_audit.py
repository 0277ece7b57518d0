"""The audit log is append-only and hash-chained: tampering of any kind is detected."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

import pytest

from kb.audit import AuditLog
from kb.schema import Audience, AuditRecord, GuardVerdict, RetrievedRef, Status
from kb.settings import Settings


def _record(n: int, when: datetime | None = None) -> AuditRecord:
    return AuditRecord(
        audit_id=f"id{n}",
        time=(when or datetime.now(UTC)).isoformat(timespec="seconds"),
        session_id="s1",
        audience=Audience.PUBLIC,
        question=f"question {n} about <TW_ID_1>",
        language="en",
        pii_types={"TW_NATIONAL_ID": 1},
        retrieved=[RetrievedRef(chunk_id=f"c{n}", doc_id="d", score=0.5)],
        cited_ids=[f"c{n}"],
        backend="extractive",
        model="none",
        prompt_version="answer-v1",
        index_version="3",
        guardrails=[GuardVerdict(name="injection", status="pass")],
        answer=f"answer {n} [1]",
        status=Status.ANSWERED_EXTRACTIVE,
        latency_ms=12.0,
    )


@pytest.fixture
def log_with_three(settings: Settings) -> AuditLog:
    log = AuditLog(settings)
    for n in range(3):
        log.append(_record(n))
    return log


def test_intact_chain_verifies(log_with_three: AuditLog) -> None:
    ok, detail = log_with_three.verify()
    assert ok, detail
    assert len(log_with_three.records()) == 3
    assert log_with_three.records()[1].prev_hash == log_with_three.records()[0].hash


def test_one_changed_byte_is_detected(log_with_three: AuditLog) -> None:
    raw = bytearray(log_with_three.path.read_bytes())
    index = raw.index(b"answer 1")
    raw[index + len("answer ")] = ord("7")
    log_with_three.path.write_bytes(bytes(raw))
    ok, detail = log_with_three.verify()
    assert not ok
    assert "record 2" in detail


def test_changed_metadata_is_detected(log_with_three: AuditLog) -> None:
    lines = log_with_three.path.read_text().splitlines()
    data = json.loads(lines[0])
    data["audience"] = "staff"
    lines[0] = json.dumps(data, ensure_ascii=False)
    log_with_three.path.write_text("\n".join(lines) + "\n")
    assert not log_with_three.verify()[0]


def test_removed_record_is_detected(log_with_three: AuditLog) -> None:
    lines = log_with_three.path.read_text().splitlines()
    del lines[1]
    log_with_three.path.write_text("\n".join(lines) + "\n")
    ok, detail = log_with_three.verify()
    assert not ok and "removed or reordered" in detail


def test_removed_last_record_is_detected(log_with_three: AuditLog) -> None:
    lines = log_with_three.path.read_text().splitlines()
    log_with_three.path.write_text("\n".join(lines[:-1]) + "\n")
    ok, detail = log_with_three.verify()
    assert not ok and "removed" in detail


def test_swapped_records_are_detected(log_with_three: AuditLog) -> None:
    lines = log_with_three.path.read_text().splitlines()
    lines[0], lines[1] = lines[1], lines[0]
    log_with_three.path.write_text("\n".join(lines) + "\n")
    assert not log_with_three.verify()[0]


def test_retention_zero_keeps_no_text(tmp_path) -> None:
    from tests.conftest import make_settings

    log = AuditLog(make_settings(tmp_path / "d", audit_retention_days=0))
    log.append(_record(0))
    raw = log.path.read_text()
    assert "question 0" not in raw and "answer 0" not in raw
    record = log.records()[0]
    assert record.question is None and record.answer is None
    assert record.pii_types == {"TW_NATIONAL_ID": 1}
    assert log.verify()[0]


def test_prune_erases_old_text_and_keeps_the_chain(tmp_path) -> None:
    from tests.conftest import make_settings

    log = AuditLog(make_settings(tmp_path / "d", audit_retention_days=30))
    log.append(_record(0, datetime.now(UTC) - timedelta(days=90)))
    log.append(_record(1))
    assert log.prune() == 1
    old, new = log.records()
    assert old.question is None and old.answer is None
    assert new.question == "question 1 about <TW_ID_1>"
    ok, detail = log.verify()
    assert ok, detail


def test_export_formats(log_with_three: AuditLog) -> None:
    csv_text = log_with_three.export(None, "csv")
    assert csv_text.splitlines()[0].startswith("audit_id,time")
    assert len(csv_text.strip().splitlines()) == 4
    jsonl = log_with_three.export(datetime.now(UTC) + timedelta(days=1), "jsonl")
    assert jsonl == ""
    with pytest.raises(ValueError):
        log_with_three.export(None, "xml")
