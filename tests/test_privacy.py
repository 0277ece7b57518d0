"""No raw personal data anywhere: not in the data directory after ingest, not in the audit log,
the logs or the prompt sent to the model when a question carries it."""

from __future__ import annotations

import json
import logging
import re
from pathlib import Path

import pytest

from kb.audit import AuditLog
from kb.model_files import model_status
from kb.pipeline import answer
from kb.schema import Audience, Status
from kb.settings import Settings
from kb.steps.question import WITHHELD
from tests.conftest import make_settings
from tests.ollama_stand_in import stand_in_for

# Fictitious but valid: A123456789 passes the Taiwan ID checksum.
QUESTION_ID = "A123456789"
QUESTION_PHONE = "0912-345-678"


def _variants(value: str) -> set[str]:
    """The value as written and with separators removed (how a leak could be re-formatted)."""
    compact = re.sub(r"[\s\-()]", "", value)
    return {value, compact} if len(compact) >= 6 else {value}


def _files_containing(root: Path, needles: set[str]) -> dict[str, list[str]]:
    hits: dict[str, list[str]] = {}
    encoded = {n: [n.encode("utf-8"), n.encode("utf-16-le")] for n in needles}
    for path in root.rglob("*"):
        if not path.is_file():
            continue
        data = path.read_bytes()
        for needle, forms in encoded.items():
            if any(form in data for form in forms):
                hits.setdefault(needle, []).append(path.name)
    return hits


def test_no_planted_value_anywhere_under_the_data_directory(
    samples_kb: Settings, planted_pii: list[dict[str, str]]
) -> None:
    needles = set().union(*(_variants(p["value"]) for p in planted_pii))
    leaks = _files_containing(samples_kb.data_dir, needles)
    # Report types and file names only: printing a value would itself be a leak in test output.
    by_type = {
        p["type"]: leaks[v] for p in planted_pii for v in _variants(p["value"]) if v in leaks
    }
    # Assert on types and file names only: pytest would print the values of `leaks`.
    assert not by_type, f"planted personal data found under the data directory: {by_type}"


def test_scrubbed_chunks_keep_typed_placeholders(samples_kb: Settings) -> None:
    from kb.index import KnowledgeBase

    kb = KnowledgeBase(samples_kb)
    try:
        texts = [c.text for c in kb.catalog.chunks_by_id(kb.catalog.chunk_ids()).values()]
    finally:
        kb.close()
    joined = "\n".join(texts)
    for placeholder in ("<PERSON_1>", "<PHONE_1>", "<EMAIL_1>", "<TW_ID_1>"):
        assert placeholder.split("_1>")[0] in joined, placeholder
    assert "Harbour Light Community Association" in joined, "allowlisted name was scrubbed"


@pytest.mark.slow
def test_question_with_phone_and_id_leaks_nowhere(
    samples_kb: Settings, caplog: pytest.LogCaptureFixture, capfd: pytest.CaptureFixture[str]
) -> None:
    if not model_status(samples_kb).verified:
        pytest.fail("the embedded model is missing: the test command runs `ngo-kb setup` first")
    caplog.set_level(logging.DEBUG)
    question = (
        f"我的身分證字號是 {QUESTION_ID}，電話 {QUESTION_PHONE}，"
        "請問申請緊急食物補助需要準備哪些文件？"
    )
    # The stand-in records exactly what a model server receives (see its docstring).
    # Two passages: what is checked is where the question goes, not the answer.
    with stand_in_for(samples_kb, llm_passages=2) as (server, settings):
        result = answer(question, settings)
        prompts = json.dumps(server.chat_requests, ensure_ascii=False)
    assert server.chat_requests, "the question never reached the model"
    needles = _variants(QUESTION_ID) | _variants(QUESTION_PHONE)
    out, err = capfd.readouterr()
    places = {
        "answer": result.model_dump_json(),
        "prompt": prompts,
        "audit log": AuditLog(samples_kb).path.read_text(encoding="utf-8"),
        "log records": "\n".join(r.getMessage() for r in caplog.records),
        "stdout/stderr": out + err,
    }
    leaked = [place for place, text in places.items() if any(n in text for n in needles)]
    assert leaked == []
    assert result.pii_removed.get("TW_NATIONAL_ID") == 1 and result.pii_removed.get("PHONE") == 1
    record = AuditLog(samples_kb).get(result.audit_id)
    assert record is not None and record.pii_types == result.pii_removed


def test_bare_names_from_the_documents_are_scrubbed_from_questions(
    samples_kb: Settings, planted_pii: list[dict[str, str]]
) -> None:
    names = [p["value"] for p in planted_pii if p["type"] == "PERSON" and "\u4e00" <= p["value"][0]]
    for name in names[:6]:
        result = answer(
            f"{name}的電話是幾號？", samples_kb, audience=Audience.PUBLIC, mode="extractive"
        )
        record = AuditLog(samples_kb).get(result.audit_id)
        assert record is not None
        stored = (record.question or "") + (record.answer or "") + result.model_dump_json()
        assert name not in stored, "a name removed from the documents leaked from a question"
        assert result.pii_removed.get("PERSON", 0) >= 1


def test_question_scrubber_failure_withholds_the_question(
    tmp_path: Path, caplog: pytest.LogCaptureFixture, capfd: pytest.CaptureFixture[str]
) -> None:
    # A real fault: the scrubber's key file is truncated, so no question can be checked.
    settings = make_settings(tmp_path / "data", llm_backend="extractive")
    settings.ensure_data_dir()
    settings.secret_key_path.write_bytes(b"short")
    caplog.set_level(logging.DEBUG)
    question = f"My ID is {QUESTION_ID} and my phone is {QUESTION_PHONE}. What is the policy?"

    result = answer(question, settings, mode="extractive")

    assert result.status is Status.GUARDRAIL_INPUT and result.refused
    verdict = next(v for v in result.guardrails if v.name == "pii_question")
    assert (verdict.status, verdict.detail) == ("error", "ValueError")
    assert result.question == WITHHELD and not result.retrieved
    record = AuditLog(settings).get(result.audit_id)
    assert record is not None and record.question == WITHHELD
    out, err = capfd.readouterr()
    needles = _variants(QUESTION_ID) | _variants(QUESTION_PHONE)
    places = {
        "answer": result.model_dump_json(),
        "log records": "\n".join(r.getMessage() for r in caplog.records),
        "stdout/stderr": out + err,
    }
    leaked = [place for place, text in places.items() if any(n in text for n in needles)]
    assert leaked == []
    # File names only: printing the values found would itself be a leak in test output.
    files = _files_containing(settings.data_dir, needles).values()
    assert sorted({name for names in files for name in names}) == []
