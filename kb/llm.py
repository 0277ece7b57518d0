"""LLM component: a model server (Ollama or OpenAI-compatible) when one is configured and
answers, else the embedded engine.

All are LlamaIndex LLMs. The embedded engine is llama.cpp (xllamacpp) running in-process on the
verified GGUF; nothing here talks to any host but the configured servers.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from llama_index.core.base.llms.types import ChatMessage, ChatResponse
from llama_index.core.llms import LLM

from kb.llm_openai import OpenAIServerFailed, openai_answers, openai_llm
from kb.llm_server import EmbeddedLLM, LLMUnavailable, embedded_llm, embedded_search_llm
from kb.model_files import MODEL_NAME, model_status
from kb.schema import Backend
from kb.settings import Settings


@dataclass
class EngineUsage:
    """What the engine reports it did for one or more replies: tokens read and written, and the
    milliseconds it spent reading the prompt (prefill) and writing (decode). Zero when the
    backend reports nothing (an OpenAI-compatible server without usage, a reply cut short)."""

    prompt_tokens: int = 0
    cached_tokens: int = 0  # prompt tokens taken from llama.cpp's prompt cache, not read again
    answer_tokens: int = 0
    prefill_ms: float = 0.0
    decode_ms: float = 0.0
    calls: int = 0
    reported: set[str] = field(default_factory=set)  # which of the fields a backend gave

    def add_llama_timings(self, timings: dict[str, Any]) -> None:
        """llama.cpp's `timings` (its final stream chunk): prompt_n excludes cached tokens."""
        self.calls += 1
        cached = int(timings.get("cache_n") or 0)
        self.cached_tokens += cached
        self.prompt_tokens += int(timings.get("prompt_n") or 0) + cached
        self.answer_tokens += int(timings.get("predicted_n") or 0)
        self.prefill_ms += float(timings.get("prompt_ms") or 0.0)
        self.decode_ms += float(timings.get("predicted_ms") or 0.0)
        self.reported |= {"prompt_tokens", "cached_tokens", "answer_tokens"}
        self.reported |= {"prefill_ms", "decode_ms"}

    def add_ollama(self, done: Any) -> None:
        """Ollama's final message: counts, and durations in nanoseconds."""
        self.calls += 1
        self.prompt_tokens += int(done.get("prompt_eval_count") or 0)
        self.answer_tokens += int(done.get("eval_count") or 0)
        self.prefill_ms += (done.get("prompt_eval_duration") or 0) / 1e6
        self.decode_ms += (done.get("eval_duration") or 0) / 1e6
        self.reported |= {"prompt_tokens", "answer_tokens", "prefill_ms", "decode_ms"}

    def add_openai(self, usage: Any) -> None:
        """An OpenAI-compatible server's `usage` (counts only)."""
        self.calls += 1
        self.prompt_tokens += int(getattr(usage, "prompt_tokens", 0) or 0)
        self.answer_tokens += int(getattr(usage, "completion_tokens", 0) or 0)
        self.reported |= {"prompt_tokens", "answer_tokens"}

    def timings(self, prefix: str = "") -> dict[str, float]:
        """The reported fields as `timings_ms` entries (tokens are counts, not ms)."""
        values = {
            "prompt_tokens": float(self.prompt_tokens),
            "cached_tokens": float(self.cached_tokens),
            "answer_tokens": float(self.answer_tokens),
            "prefill_ms": round(self.prefill_ms, 1),
            "decode_ms": round(self.decode_ms, 1),
        }
        return {prefix + k: v for k, v in values.items() if k in self.reported}


@dataclass(frozen=True)
class LLMChoice:
    """Which backend answers, with which model, and why it was chosen."""

    backend: Backend
    model: str
    reason: str
    llm: LLM | None
    # The same model on an engine of its own for the short calls before an answer (None: `llm`)
    search_llm: LLM | None = None

    @property
    def for_search(self) -> LLM | None:
        """The LLM the search translation and a follow-up's rewrite are asked."""
        return self.search_llm or self.llm


def ollama_llm(settings: Settings) -> LLM:
    from llama_index.llms.ollama import Ollama

    return Ollama(
        model=settings.ollama_model,
        base_url=settings.ollama_host or "http://127.0.0.1:11434",
        request_timeout=settings.ollama_timeout_s,
        temperature=0.0,
        context_window=settings.llm_context_tokens,
        additional_kwargs={"num_predict": settings.max_answer_tokens},
    )


def ollama_answers(settings: Settings, timeout_s: float = 3.0) -> tuple[bool, str]:
    """Is the configured Ollama server up and does it have the model?"""
    if not settings.ollama_host:
        return False, "no Ollama host configured (NGOKB_OLLAMA_HOST)"
    import ollama

    try:
        listed = ollama.Client(host=settings.ollama_host, timeout=timeout_s).list()
    except Exception as exc:  # noqa: BLE001 - any failure means "not usable"
        return False, f"Ollama at {settings.ollama_host} did not answer ({type(exc).__name__})"
    names = {m.model for m in listed.models}
    wanted = settings.ollama_model
    if wanted not in names and f"{wanted}:latest" not in names:
        return False, f"Ollama at {settings.ollama_host} has no model {wanted!r}"
    return True, f"Ollama at {settings.ollama_host} answers with {wanted}"


def embedded_ready(settings: Settings) -> tuple[bool, str]:
    status = model_status(settings)
    if status.verified:
        return True, f"embedded model verified at {status.path}"
    if not status.present:
        return False, f"embedded model missing at {status.path}: run `ngo-kb setup`"
    return False, f"embedded model at {status.path} failed verification ({status.detail})"


def candidate_llms(settings: Settings) -> list[LLMChoice]:
    """The fallback chain in order: the chosen server -> embedded -> extractive.

    `auto` tries Ollama, then an OpenAI-compatible server if one is configured.
    """
    chain: list[LLMChoice] = []
    notes: list[str] = []
    if settings.llm_backend in ("auto", "ollama"):
        ok, why = ollama_answers(settings)
        if ok:
            chain.append(LLMChoice("ollama", settings.ollama_model, why, ollama_llm(settings)))
        else:
            notes.append(why)
    if settings.llm_backend == "openai" or (
        settings.llm_backend == "auto" and settings.openai_base_url
    ):
        ok, why = openai_answers(settings)
        if ok:
            model = settings.openai_model or ""
            chain.append(LLMChoice("openai", model, why, openai_llm(settings)))
        else:
            notes.append(why)
    if settings.llm_backend in ("auto", "ollama", "openai", "embedded"):
        ok, why = embedded_ready(settings)
        if ok:
            reason = "; ".join([*notes, why])
            chain.append(
                LLMChoice(
                    "embedded",
                    MODEL_NAME,
                    reason,
                    embedded_llm(settings),
                    embedded_search_llm(settings),
                )
            )
        else:
            notes.append(why)
    if settings.llm_backend == "extractive":
        notes.append("extractive mode chosen in settings")
    chain.append(LLMChoice("extractive", "none", "; ".join(notes) or "no LLM available", None))
    return chain


def stream_chat(
    llm: LLM,
    messages: list[ChatMessage],
    max_tokens: int | None = None,
    one_line: bool = False,
    usage: EngineUsage | None = None,
) -> Iterator[str]:
    """Text deltas from any LlamaIndex LLM; failures become LLMUnavailable.

    `max_tokens` and `one_line` (stop at the first line break) end the reply early for the
    embedded engine and an OpenAI-compatible server. An Ollama server ignores both: a caller that
    wants a short reply stops reading, which closes the server's stream and stops the engine.
    `usage` gets what the backend reports of the reply once it is complete (nothing from a reply
    the caller stopped reading).
    """
    finished = False
    kwargs: dict[str, object] = {} if max_tokens is None else {"max_tokens": max_tokens}
    if one_line:
        kwargs["stop"] = ["\n"]
    try:
        for response in llm.stream_chat(messages, **kwargs):
            finished = finished or _finished(response)
            if usage is not None:
                _add_usage(usage, response)
            if response.delta:
                yield response.delta
    except LLMUnavailable:
        raise
    except OpenAIServerFailed as exc:  # its message has the API key cut out
        raise LLMUnavailable(str(exc)) from None
    except Exception as exc:  # noqa: BLE001 - a server that drops mid-answer
        raise LLMUnavailable(f"{type(exc).__name__}: {exc}"[:300]) from exc
    if not isinstance(llm, EmbeddedLLM) and not finished:
        # A server that dies mid-answer may just close the stream: without its final message
        # (Ollama's "done", an OpenAI finish_reason) the text is a fragment, not an answer.
        raise LLMUnavailable("the server closed the stream before the answer was complete")


def _add_usage(usage: EngineUsage, response: ChatResponse) -> None:
    """Add the counts and times in a backend's final message (embedded, Ollama, OpenAI)."""
    raw = response.raw
    if raw is None:
        return
    if isinstance(raw, dict) and isinstance(raw.get("timings"), dict):  # the embedded engine
        usage.add_llama_timings(raw["timings"])
    elif hasattr(raw, "choices"):  # an OpenAI chunk: usage only when the server sends it
        if getattr(raw, "usage", None) is not None:
            usage.add_openai(raw.usage)
    elif hasattr(raw, "get") and raw.get("done") and raw.get("eval_count") is not None:
        usage.add_ollama(raw)


def _finished(response: ChatResponse) -> bool:
    """Is this the server's last message of an answer (Ollama or OpenAI-compatible)?"""
    raw = response.raw
    if raw is None:
        return False
    if hasattr(raw, "choices"):  # an OpenAI chat completion chunk
        return any(choice.finish_reason for choice in raw.choices)
    done = raw.get("done") if hasattr(raw, "get") else getattr(raw, "done", None)
    return bool(done)
