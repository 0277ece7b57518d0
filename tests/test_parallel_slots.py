"""Parallel slots of the embedded engine: several answers written at once, each the same as it
would be alone (temperature 0: an answer depends on its own request only)."""

from __future__ import annotations

import threading
import time
from pathlib import Path

import pytest
from llama_index.core.base.llms.types import ChatMessage

from kb.llm import EngineUsage, stream_chat
from kb.llm_server import EmbeddedLLM, embedded_llm, engine_params
from kb.model_files import model_status
from kb.prompts import answer_messages
from kb.settings import Settings, load_settings
from tests.conftest import make_settings

# Fictitious passages in the prompt's own format: two questions with different answers.
_PASSAGES = (
    "[1] Harbour Light Community Association (handbook.pdf, p. 3)\n"
    "The food bank opens on Tuesdays and Thursdays from 10:00 to 14:00. Volunteers sign in at "
    "the front desk and receive a badge before their first shift.\n\n"
    "[2] Harbour Light Community Association (handbook.pdf, p. 7)\n"
    "Members renew their membership every year in March. The fee is 12 euros, waived for "
    "anyone who receives housing support."
)
_QUESTIONS = ("When does the food bank open?", "How much is the membership fee?")
_MAX_TOKENS = 40  # long enough for two sentences; short enough for a 2-core machine


@pytest.fixture(scope="module")
def two_slot_llm() -> EmbeddedLLM:
    if not model_status(load_settings()).verified:
        pytest.fail("the embedded model is missing: the test command runs `ngo-kb setup` first")
    # Its own engine (not the cached one-slot engine other tests use).
    return EmbeddedLLM(
        model_path=str(load_settings().resolved_model_path),
        context_window=2048,
        num_output=_MAX_TOKENS,
        parallel_slots=2,
    )


def _messages(question: str) -> list[ChatMessage]:
    return answer_messages(question, _PASSAGES, "en", "Harbour Light Community Association")


def test_slots_setting_reaches_the_engine(tmp_path: Path) -> None:
    assert Settings().llm_parallel_slots == 1
    llm = embedded_llm(make_settings(tmp_path, llm_parallel_slots=3))
    assert llm.parallel_slots == 3
    params = engine_params("model.gguf", context_window=4096, threads=2, parallel_slots=3)
    # llama.cpp gives each slot n_ctx / n_parallel: the total grows so each keeps 4096.
    assert (params.n_parallel, params.n_ctx, params.cont_batching) == (3, 3 * 4096, True)
    assert params.kv_unified is False
    one = engine_params("model.gguf", context_window=4096, threads=2)
    assert (one.n_parallel, one.n_ctx) == (1, 4096)


@pytest.mark.slow
def test_two_simultaneous_answers_equal_the_answers_alone(two_slot_llm: EmbeddedLLM) -> None:
    alone = {q: "".join(stream_chat(two_slot_llm, _messages(q))) for q in _QUESTIONS}
    assert all(alone.values()), alone

    together: dict[str, str] = {}
    first_at: dict[str, float] = {}
    done_at: dict[str, float] = {}
    usage = {q: EngineUsage() for q in _QUESTIONS}
    errors: list[BaseException] = []

    def ask(question: str) -> None:
        text = ""
        try:
            for delta in stream_chat(two_slot_llm, _messages(question), usage=usage[question]):
                first_at.setdefault(question, time.perf_counter())
                text += delta
        except BaseException as exc:  # noqa: BLE001 - reported by the test below
            errors.append(exc)
        done_at[question] = time.perf_counter()
        together[question] = text

    threads = [threading.Thread(target=ask, args=(q,)) for q in _QUESTIONS]
    for t in threads:
        t.start()
    for t in threads:
        t.join(600)
    assert not errors, errors
    assert together == alone
    # Written at once, not one after the other: each began before the other was finished.
    assert max(first_at.values()) < min(done_at.values()), (first_at, done_at)
    assert all(u.answer_tokens > 0 and u.prompt_tokens > 0 for u in usage.values()), usage
