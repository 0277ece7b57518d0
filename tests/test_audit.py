"""The audit log is append-only and chained with a key: tampering of any kind is detected."""

from __future__ import annotations

import hashlib
import json
import stat
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from typer.testing import CliRunner

from kb.audit import AuditLog
from kb.schema import Audience, AuditRecord, GuardVerdict, RetrievedRef, Status
from kb.settings import Settings
from ui import cli


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


# --- an attacker who can write the data directory but does not hold the audit key ----------


def _unkeyed_hash(data: dict[str, object]) -> str:
    """The chain hash anyone can recompute without a key (plain SHA-256 of the record)."""
    body = {k: v for k, v in data.items() if k not in ("hash", "question", "answer")}
    canonical = json.dumps(body, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(canonical.encode()).hexdigest()


def _head_path(log: AuditLog) -> Path:
    return log.path.with_name(log.path.name + ".head")


def test_rewritten_record_with_the_chain_recomputed_is_detected(log_with_three: AuditLog) -> None:
    records = [json.loads(line) for line in log_with_three.path.read_text().splitlines()]
    records[1]["answer"] = "answer 1: the subsidy is 99,000 [1]"
    prev = records[0]["hash"]
    for data in records[1:]:
        data["prev_hash"] = prev
        data["answer_digest"] = hashlib.sha256(data["answer"].encode()).hexdigest()
        data["hash"] = prev = _unkeyed_hash(data)
    log_with_three.path.write_text("".join(json.dumps(d) + "\n" for d in records))
    _head_path(log_with_three).write_text(json.dumps({"count": 3, "hash": prev}))
    ok, detail = log_with_three.verify()
    assert not ok and "record 2" in detail, detail


def test_last_record_removed_with_the_head_rewritten_is_detected(
    log_with_three: AuditLog,
) -> None:
    lines = log_with_three.path.read_text().splitlines()
    log_with_three.path.write_text("\n".join(lines[:-1]) + "\n")
    _head_path(log_with_three).write_text(
        json.dumps({"count": 2, "hash": json.loads(lines[1])["hash"]})
    )
    ok, detail = log_with_three.verify()
    assert not ok and "removed" in detail, detail


def test_log_and_head_both_deleted_is_detected_by_the_cli(log_with_three: AuditLog) -> None:
    log_with_three.path.unlink()
    _head_path(log_with_three).unlink()
    ok, detail = log_with_three.verify()
    assert not ok and "3 records were written" in detail, detail
    data_dir = str(log_with_three.path.parent)
    result = CliRunner().invoke(cli.app, ["audit", "verify", "--data-dir", data_dir])
    assert result.exit_code == 1 and "FAILED" in result.output


def test_missing_head_is_an_error(log_with_three: AuditLog) -> None:
    _head_path(log_with_three).unlink()
    ok, detail = log_with_three.verify()
    assert not ok and "head" in detail, detail


def test_the_key_lives_outside_the_data_dir_and_is_private(tmp_path: Path) -> None:
    from tests.conftest import make_settings

    key_file = tmp_path / "config" / "audit.key"
    settings = make_settings(tmp_path / "data", audit_key_file=key_file)
    log = AuditLog(settings)
    log.append(_record(0))
    assert key_file.is_file() and stat.S_IMODE(key_file.stat().st_mode) == 0o600
    assert not key_file.resolve().is_relative_to(settings.data_dir.resolve())
    assert key_file.read_text().strip() not in log.path.read_text()
    assert log.verify()[0]
    # The same log checked with another key is not intact.
    other = make_settings(tmp_path / "data", audit_key_file=tmp_path / "other" / "audit.key")
    assert not AuditLog(other).verify()[0]


def test_key_from_the_environment(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from tests.conftest import make_settings

    monkeypatch.setenv("NGOKB_AUDIT_KEY", "an operator-chosen key of enough length")
    settings = make_settings(tmp_path / "data", audit_key_file=tmp_path / "cfg" / "audit.key")
    log = AuditLog(settings)
    log.append(_record(0))
    assert not (tmp_path / "cfg" / "audit.key").exists()
    assert log.verify()[0]
    monkeypatch.setenv("NGOKB_AUDIT_KEY", "another key")
    assert not AuditLog(make_settings(tmp_path / "data")).verify()[0]
