"""The search translation runs on an engine of its own (`llm_search_engine`), so a person's
quotes never wait in the engine behind another person's answer being written."""

from __future__ import annotations

import socket
import threading
import time
from pathlib import Path

import pytest
from llama_index.core.base.llms.types import ChatMessage

from kb.llm import LLMChoice, candidate_llms, stream_chat
from kb.llm_openai import openai_llm
from kb.llm_server import embedded_llm, embedded_search_llm
from kb.model_files import MODEL_NAME, model_status
from kb.schema import Audience
from kb.settings import Settings, load_settings
from kb.steps.context import AnswerContext
from kb.steps.search import translate_for_search
from kb.translation import translate_question
from tests.conftest import make_settings

# Sample question s14, about the English volunteer handbook of samples/corpus.
QUESTION = "志工最少要承諾每月服務幾班、持續多久？"
# Long enough that it is still being written when the translation is asked.
_LONG_ANSWER = [ChatMessage(role="user", content="Count from 1 to 300, separated by commas.")]


def _require_model() -> None:
    if not model_status(load_settings()).verified:
        pytest.fail("the embedded model is missing: the test command runs `ngo-kb setup` first")


def test_the_search_engine_is_its_own_with_the_answering_engines_parameters(
    tmp_path: Path,
) -> None:
    settings = make_settings(tmp_path)
    answering, search = embedded_llm(settings), embedded_search_llm(settings)
    assert search is not answering
    assert search is embedded_search_llm(settings)  # one per settings, not one per answer
    same = ("model_path", "context_window", "num_output", "threads", "prompt_cache")
    assert {k: getattr(search, k) for k in same} == {k: getattr(answering, k) for k in same}
    assert search.parallel_slots == 1
    # Off, the short calls go to the answering engine itself.
    shared = make_settings(tmp_path, llm_search_engine=False)
    assert embedded_search_llm(shared) is embedded_llm(shared)


def test_the_embedded_choice_searches_with_the_search_engine(tmp_path: Path) -> None:
    _require_model()
    settings = make_settings(tmp_path, llm_backend="embedded")
    choice = next(c for c in candidate_llms(settings) if c.backend == "embedded")
    assert choice.llm is embedded_llm(settings)
    assert choice.for_search is embedded_search_llm(settings)
    assert LLMChoice("extractive", "none", "", None).for_search is None


def _closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _translated(settings: Settings, choice: LLMChoice) -> AnswerContext:
    ctx = AnswerContext(QUESTION, settings, Audience.PUBLIC, "test", [], "auto")
    ctx.llm_chain = [choice]
    ctx.search_query = QUESTION
    for _ in translate_for_search(ctx):
        pass
    return ctx


@pytest.mark.slow
def test_the_translation_is_asked_of_the_search_engine(samples_kb: Settings) -> None:
    _require_model()
    # A real fault: the answering LLM is a server on a port nobody listens on.
    dead = samples_kb.model_copy(
        update={
            "openai_base_url": f"http://127.0.0.1:{_closed_port()}/v1",
            "openai_model": "none",
            "openai_timeout_s": 5.0,
        }
    )
    search = embedded_search_llm(samples_kb)
    ctx = _translated(samples_kb, LLMChoice("embedded", MODEL_NAME, "", openai_llm(dead), search))
    assert ctx.translations.get("en"), ctx.notes
    assert not any("failed" in note for note in ctx.notes), ctx.notes
    # The same choice without a search engine asks the dead server, and says so.
    ctx = _translated(samples_kb, LLMChoice("embedded", MODEL_NAME, "", openai_llm(dead)))
    assert "en" not in ctx.translations
    assert any("the model failed" in note for note in ctx.notes), ctx.notes


@pytest.mark.slow
def test_a_translation_does_not_wait_behind_an_answer_being_written(tmp_path: Path) -> None:
    _require_model()
    settings = make_settings(tmp_path)
    answering, search = embedded_llm(settings), embedded_search_llm(settings)
    alone, _ = translate_question(answering, QUESTION, "en")
    assert alone

    writing = threading.Event()
    done_at: dict[str, float] = {}
    errors: list[BaseException] = []

    def write() -> None:
        try:
            for _ in stream_chat(answering, _LONG_ANSWER, max_tokens=300):
                writing.set()
        except BaseException as exc:  # noqa: BLE001 - reported below
            errors.append(exc)
        done_at["answer"] = time.perf_counter()

    thread = threading.Thread(target=write)
    thread.start()
    assert writing.wait(120), errors
    translated, _ = translate_question(search, QUESTION, "en")
    done_at["translation"] = time.perf_counter()
    thread.join(600)
    assert not errors, errors
    # The same request gets the same reply on either engine, and it came while the answer
    # was still being written (on one engine it would have waited for the whole answer).
    assert translated == alone
    assert done_at["translation"] < done_at["answer"], done_at
