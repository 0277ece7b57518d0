"""The OpenAI-compatible backend: answers through a real OpenAI-compatible server on 127.0.0.1
(llama.cpp's server from xllamacpp, serving the embedded GGUF), falls back to the embedded
engine like Ollama when the server is down or dies mid-answer, and never shows its API key."""

from __future__ import annotations

import json
import logging
import os
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from typing import Any

import pytest
from llama_index.core.base.llms.types import ChatMessage, ChatResponse, LLMMetadata
from llama_index.core.instrumentation import get_dispatcher
from llama_index.core.instrumentation.event_handlers import BaseEventHandler
from llama_index.core.instrumentation.events import BaseEvent
from llama_index.core.instrumentation.events.llm import LLMChatInProgressEvent
from llama_index.core.llms.custom import CustomLLM
from openai.types.chat import ChatCompletionChunk
from pydantic import SecretStr

from kb.llm import LLMUnavailable, candidate_llms, stream_chat
from kb.llm_openai import openai_llm
from kb.model_files import model_status
from kb.pipeline import answer
from kb.schema import Status
from kb.settings import Settings, load_settings
from tests.conftest import ROOT, make_settings
from tests.openai_server import MODEL_ALIAS, SLOW_MACHINE, RunningServer, free_port, serving

IBM_QUESTION = "IBM SkillsBuild 計畫承諾在哪一年前培訓多少學習者？"
# Fictitious, in the format of a real key: it must appear in no output, log or record.
API_KEY = "sk-proj-Zq7TESTONLYx9Kf2LmN4pR8sV1wY3bC6dE0gH5jA"


@pytest.fixture(scope="module")
def model_ready() -> None:
    if not model_status(load_settings()).verified:
        pytest.fail("the embedded model is missing: the test command runs `ngo-kb setup` first")


def _pointed_at(settings: Settings, base_url: str, **overrides: object) -> Settings:
    return settings.model_copy(
        update={
            "llm_backend": "openai",
            "openai_base_url": base_url,
            "openai_model": MODEL_ALIAS,
            "openai_api_key": SecretStr(API_KEY),
            **SLOW_MACHINE,
            **overrides,
        }
    )


@pytest.fixture(scope="module")
def server(model_ready: None) -> Iterator[RunningServer]:
    with serving(load_settings()) as running:
        yield running


def test_server_down_at_start_falls_back_to_embedded(tmp_path: Any, model_ready: None) -> None:
    down = f"http://127.0.0.1:{free_port()}/v1"
    for backend in ("openai", "auto"):
        chain = candidate_llms(_pointed_at(make_settings(tmp_path), down, llm_backend=backend))
        assert [c.backend for c in chain] == ["embedded", "extractive"]
        assert down in chain[0].reason and "did not answer" in chain[0].reason
        assert API_KEY not in chain[0].reason


def test_openai_without_a_base_url_says_what_to_set(tmp_path: Any) -> None:
    chain = candidate_llms(make_settings(tmp_path, llm_backend="openai"))
    assert chain[0].backend in ("embedded", "extractive")
    assert "NGOKB_OPENAI_BASE_URL" in chain[0].reason


def test_api_key_is_sent_but_never_shown(tmp_path: Any) -> None:
    settings = _pointed_at(make_settings(tmp_path), "http://127.0.0.1:9/v1")
    llm = openai_llm(settings)
    # LlamaIndex's instrumentation events carry to_payload(); reprs end up in tracebacks.
    shown = [repr(llm), str(llm.to_dict()), str(llm.to_payload()), repr(settings)]
    assert all(API_KEY not in text for text in shown)
    assert llm._get_credential_kwargs()["api_key"] == API_KEY


def _scan_for_key(*texts: str) -> list[str]:
    return [text[:200] for text in texts if API_KEY in text]


@pytest.mark.slow
def test_answers_through_a_real_openai_compatible_server(
    seeds_kb: Settings,
    server: RunningServer,
    caplog: pytest.LogCaptureFixture,
    capsys: pytest.CaptureFixture[str],
) -> None:
    settings = _pointed_at(seeds_kb, server.base_url)
    with caplog.at_level(logging.DEBUG):
        result = answer(IBM_QUESTION, settings)
    assert result.backend == "openai" and result.model == MODEL_ALIAS, result.backend_note
    assert server.base_url in result.backend_note
    assert "2028" in result.answer
    assert any(c.document.startswith("ai-social-resilience") for c in result.citations)
    output = capsys.readouterr()
    leaks = _scan_for_key(
        result.model_dump_json(),
        settings.audit_path.read_text(encoding="utf-8"),
        caplog.text,
        output.out,
        output.err,
    )
    assert leaks == []


def _doctor(settings: Settings, *flags: str) -> subprocess.CompletedProcess[str]:
    environment = {
        "NGOKB_LLM_BACKEND": "openai",
        "NGOKB_OPENAI_BASE_URL": settings.openai_base_url or "",
        "NGOKB_OPENAI_MODEL": settings.openai_model or "",
        "NGOKB_OPENAI_API_KEY": API_KEY,
    }
    return subprocess.run(
        [sys.executable, "-m", "ui.cli", "doctor", *flags, "--data-dir", str(settings.data_dir)],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=300,
        env={**os.environ, "PYTHONPATH": str(ROOT), **environment},
    )


@pytest.mark.slow
def test_doctor_shows_the_openai_backend_but_not_its_key(
    tmp_path: Any, server: RunningServer
) -> None:
    settings = _pointed_at(make_settings(tmp_path / "kb"), server.base_url)
    as_json, as_text = _doctor(settings, "--json"), _doctor(settings)
    assert as_json.returncode == 0 and as_text.returncode == 0, as_json.stderr[-2000:]
    report = json.loads(as_json.stdout)
    assert report["llm_active"] == f"openai ({MODEL_ALIAS})"
    assert server.base_url in report["llm_why"]
    assert report["openai_server"] == f"{server.base_url} model {MODEL_ALIAS}; API key set"
    assert report["llm_fallbacks"] == "openai -> embedded -> extractive"
    assert "openai (" in as_text.stdout and server.base_url in as_text.stdout
    runs = (as_json, as_text)
    assert _scan_for_key(*(r.stdout for r in runs), *(r.stderr for r in runs)) == []


class _KillDuringStream(BaseEventHandler):
    """Kills the server when a streamed answer has sent `after` chunks (LlamaIndex's own
    instrumentation: the server really dies with the answer half written)."""

    running: Any
    after: int = 3
    chunks: int = 0

    def handle(self, event: BaseEvent, **kwargs: Any) -> None:
        if isinstance(event, LLMChatInProgressEvent) and self.running.process.poll() is None:
            self.chunks += 1
            if self.chunks >= self.after:
                self.running.kill()


@pytest.mark.slow
def test_server_killed_mid_answer_falls_back_to_embedded(
    seeds_kb: Settings, model_ready: None, caplog: pytest.LogCaptureFixture
) -> None:
    dispatcher = get_dispatcher()
    with serving(seeds_kb) as running:
        killer = _KillDuringStream(running=running)
        dispatcher.add_event_handler(killer)
        try:
            # Two passages (the IBM one ranks first): the fallback is under test, not the answer.
            settings = _pointed_at(seeds_kb, running.base_url, llm_passages=2)
            with caplog.at_level(logging.DEBUG):
                result = answer(IBM_QUESTION, settings)
        finally:
            dispatcher.event_handlers.remove(killer)
        assert running.process.poll() is not None, "the server was never killed"
    assert result.backend in ("embedded", "extractive")
    assert "openai failed" in result.backend_note
    assert result.status is not Status.ERROR
    assert "2028" in result.answer
    audit = settings.audit_path.read_text(encoding="utf-8")
    assert _scan_for_key(result.model_dump_json(), audit, caplog.text) == []


@pytest.mark.slow
def test_server_dead_between_calls_fails_over_without_the_key(
    tmp_path: Any, model_ready: None
) -> None:
    with serving(load_settings()) as running:
        chain = candidate_llms(_pointed_at(make_settings(tmp_path), running.base_url))
        running.kill()  # chosen while it answered, gone before the question reaches it
    assert [c.backend for c in chain] == ["openai", "embedded", "extractive"]
    question = [ChatMessage(role="user", content="Say hello.")]
    with pytest.raises(LLMUnavailable) as failure:
        list(stream_chat(chain[0].llm, question, max_tokens=5))
    assert "APIConnectionError" in str(failure.value)
    assert API_KEY not in str(failure.value)


def _chunk(finish_reason: str | None) -> ChatResponse:
    raw = ChatCompletionChunk.model_validate(
        {
            "id": "c1",
            "object": "chat.completion.chunk",
            "created": 0,
            "model": MODEL_ALIAS,
            "choices": [{"index": 0, "delta": {"content": "x"}, "finish_reason": finish_reason}],
        }
    )
    return ChatResponse(message=ChatMessage(role="assistant", content="x"), delta="x", raw=raw)


class _ReplayLLM(CustomLLM):
    """Replays recorded chunks: a stream that a server closed cleanly before its last chunk
    cannot be caused on purpose with a real server (a killed one resets the connection)."""

    chunks: list[ChatResponse]

    @property
    def metadata(self) -> LLMMetadata:
        return LLMMetadata(is_chat_model=True)

    def complete(self, prompt: str, formatted: bool = False, **kwargs: Any) -> Any:
        raise NotImplementedError

    def stream_complete(self, prompt: str, formatted: bool = False, **kwargs: Any) -> Any:
        raise NotImplementedError

    def stream_chat(self, messages: Any, **kwargs: Any) -> Iterator[ChatResponse]:
        yield from self.chunks


@pytest.mark.parametrize(("last", "complete"), [(None, False), ("stop", True), ("length", True)])
def test_an_openai_stream_without_a_finish_reason_is_a_fragment(
    last: str | None, complete: bool
) -> None:
    llm = _ReplayLLM(chunks=[_chunk(None), _chunk(last)])
    question = [ChatMessage(role="user", content="q")]
    if complete:
        assert "".join(stream_chat(llm, question)) == "xx"
    else:
        with pytest.raises(LLMUnavailable, match="before the answer was complete"):
            list(stream_chat(llm, question))


def _slots_busy(running: RunningServer) -> bool:
    """llama.cpp's own /slots report: is the server still generating?"""
    root = running.base_url.removesuffix("/v1")
    with urllib.request.urlopen(f"{root}/slots", timeout=5) as reply:
        return any(slot["is_processing"] for slot in json.load(reply))


@pytest.mark.slow
def test_server_stops_generating_when_the_reader_stops(
    tmp_path: Any, server: RunningServer
) -> None:
    llm = candidate_llms(_pointed_at(make_settings(tmp_path), server.base_url))[0].llm
    assert llm is not None
    count = [ChatMessage(role="user", content="Count from 1 to 200, one number per line.")]
    replies = stream_chat(llm, count, max_tokens=300)
    assert next(replies)
    assert _slots_busy(server)
    replies.close()
    # 300 tokens take 20 s or more on 2 cores: idle within 5 s means it stopped, not finished.
    deadline = time.monotonic() + 5
    while _slots_busy(server) and time.monotonic() < deadline:
        time.sleep(0.2)
    assert not _slots_busy(server), "the server went on generating for a reader that left"
