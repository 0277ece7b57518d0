"""Backend selection and fallback: Ollama when configured and answering, else embedded, else
extractive, and every answer records which backend answered and why."""

from __future__ import annotations

import socket
import threading
from pathlib import Path
from typing import Any

import pytest
from llama_index.core.base.llms.types import ChatMessage

from kb.audit import AuditLog
from kb.llm import candidate_llms, embedded_llm, stream_chat
from kb.messages import status_message, years_not_mentioned
from kb.model_files import model_status
from kb.pipeline import answer
from kb.prompts import translate_messages
from kb.schema import Status
from kb.settings import Settings, load_settings
from tests.conftest import make_settings
from tests.ollama_stand_in import MODEL_TAG, stand_in_for

IBM_QUESTION = "IBM SkillsBuild 計畫承諾在哪一年前培訓多少學習者？"


def _closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="module")
def model_ready() -> None:
    if not model_status(load_settings()).verified:
        pytest.fail("the embedded model is missing: the test command runs `ngo-kb setup` first")


def test_auto_without_ollama_uses_embedded(tmp_path: Path, model_ready: None) -> None:
    chain = candidate_llms(make_settings(tmp_path))
    assert [c.backend for c in chain] == ["embedded", "extractive"]
    assert "no Ollama host configured" in chain[0].reason


def test_dead_ollama_host_falls_back_with_reason(tmp_path: Path, model_ready: None) -> None:
    host = f"http://127.0.0.1:{_closed_port()}"
    chain = candidate_llms(make_settings(tmp_path, ollama_host=host))
    assert chain[0].backend == "embedded"
    assert host in chain[0].reason and "did not answer" in chain[0].reason


def test_missing_model_falls_back_to_extractive(tmp_path: Path) -> None:
    chain = candidate_llms(make_settings(tmp_path, embedded_model_path=tmp_path / "none.gguf"))
    assert [c.backend for c in chain] == ["extractive"]
    assert "run `ngo-kb setup`" in chain[0].reason


def test_corrupted_model_is_refused(tmp_path: Path) -> None:
    fake = tmp_path / "model.gguf"
    fake.write_bytes(b"GGUF" + b"\0" * 1024)
    settings = make_settings(tmp_path, embedded_model_path=fake)
    assert not model_status(settings).verified
    chain = candidate_llms(settings)
    assert chain[0].backend == "extractive"
    assert "sha256 mismatch" in chain[0].reason


@pytest.mark.parametrize("cached", [False, True])
def test_prompt_cache_follows_the_setting(tmp_path: Path, cached: bool) -> None:
    # Off by default: with llama.cpp's prompt cache an answer depends on the requests before it.
    settings = make_settings(tmp_path, llm_prompt_cache=cached)
    request = embedded_llm(settings)._request(translate_messages("q", "en"), stream=True)
    assert request["cache_prompt"] is cached
    assert Settings().llm_prompt_cache is False


class _CountingEngine:
    """The real engine, with a count of the chunks it streamed (a spy, not a stand-in)."""

    def __init__(self, engine: object) -> None:
        self.engine, self.chunks, self.finished = engine, 0, threading.Event()

    def handle_chat_completions(self, request: dict[str, object], callback: Any) -> None:
        def counted(chunk: dict[str, object]) -> object:
            self.chunks += 1
            return callback(chunk)

        try:
            self.engine.handle_chat_completions(request, counted)  # type: ignore[attr-defined]
        finally:
            self.finished.set()


@pytest.mark.slow
def test_embedded_engine_stops_when_the_reader_stops(tmp_path: Path, model_ready: None) -> None:
    llm = embedded_llm(make_settings(tmp_path))
    real = llm._engine()
    spy = _CountingEngine(real)
    llm._server = spy
    try:
        count = [ChatMessage(role="user", content="Count from 1 to 200, one number per line.")]
        replies = stream_chat(llm, count, max_tokens=300)
        assert next(replies)
        replies.close()
        assert spy.finished.wait(120), "the engine went on generating"
    finally:
        llm._server = real
    # It stopped within a few tokens of the one read, not at the 300 allowed.
    assert spy.chunks < 20, spy.chunks


def test_extractive_setting_uses_no_llm(tmp_path: Path) -> None:
    chain = candidate_llms(make_settings(tmp_path, llm_backend="extractive"))
    assert [c.backend for c in chain] == ["extractive"]


@pytest.mark.slow
def test_ollama_backend_answers_through_the_ollama_api(
    seeds_kb: Settings, model_ready: None
) -> None:
    with stand_in_for(seeds_kb) as (server, settings):
        result = answer(IBM_QUESTION, settings)
        assert server.chat_requests, "the Ollama server was never asked"
    assert result.backend == "ollama" and result.model == MODEL_TAG
    assert ("evidence", "pass") in [(v.name, v.status) for v in result.guardrails]
    assert "2028" in result.answer
    assert any(c.document.startswith("ai-social-resilience") for c in result.citations)


@pytest.mark.parametrize(
    ("question", "why", "says"),
    [
        # No sample document mentions a salary.
        (
            "What is the Executive Director's annual salary?",
            "no passage sentence is close",
            status_message(Status.UNANSWERABLE_NOT_SUPPORTED, "en"),
        ),
        # The sample documents are about 2025: asked about 2019, it quoted passages about 2025.
        (
            "How many volunteers did Harbour Light have in 2019?",
            "no passage mentions 2019",
            years_not_mentioned([2019], "en"),
        ),
        # The food parcel passages give no weight: quoting them, the model invented one.
        (
            "How heavy are the food parcels?",
            "no passage sentence about weight is close",
            status_message(Status.UNANSWERABLE_NOT_SUPPORTED, "en"),
        ),
    ],
)
def test_question_without_evidence_never_reaches_the_model(
    samples_kb: Settings, model_ready: None, question: str, why: str, says: str
) -> None:
    with stand_in_for(samples_kb) as (server, settings):
        result = answer(question, settings)
        systems = [r["messages"][0]["content"] for r in server.chat_requests]
    # The model translated the question to search the Chinese documents, and wrote nothing else.
    assert systems == [translate_messages("q", "zh-TW")[0].content]
    # The backends were chosen once for the answer, not again by each step that uses a model.
    assert server.model_listings == 1
    assert result.status is Status.UNANSWERABLE_NOT_SUPPORTED and result.refused
    assert result.answer == says
    evidence = next(v for v in result.guardrails if v.name == "evidence")
    assert evidence.status == "fail" and why in evidence.detail
    assert "the model was not asked" in result.backend_note
    record = AuditLog(samples_kb).get(result.audit_id)
    assert record is not None and "evidence" in [v.name for v in record.guardrails]


@pytest.mark.slow
def test_ollama_dying_mid_answer_falls_back_to_embedded(
    seeds_kb: Settings, model_ready: None
) -> None:
    # Two passages (the IBM one ranks first): the fallback is under test, not the answer's breadth.
    with stand_in_for(seeds_kb, drop_after=3, llm_passages=2) as (server, settings):
        result = answer(IBM_QUESTION, settings)
        asked = len(server.chat_requests)
    assert result.backend in ("embedded", "extractive")
    assert "ollama failed" in result.backend_note
    # Whichever step asked it first (search translation or the answer), the dying server was
    # not asked again: each later step would have waited for it.
    assert asked == 1
    assert not result.status.value == "error"
    assert "2028" in result.answer
