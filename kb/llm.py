"""LLM component: a model server (Ollama or OpenAI-compatible) when one is configured and
answers, else the embedded engine.

All are LlamaIndex LLMs. The embedded engine is llama.cpp (xllamacpp) running in-process on the
verified GGUF; nothing here talks to any host but the configured servers.
"""

from __future__ import annotations

import queue
import threading
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from llama_index.core.base.llms.types import (
    ChatMessage,
    ChatResponse,
    ChatResponseGen,
    CompletionResponse,
    CompletionResponseGen,
    LLMMetadata,
)
from llama_index.core.llms import LLM
from llama_index.core.llms.callbacks import llm_chat_callback, llm_completion_callback
from llama_index.core.llms.custom import CustomLLM
from pydantic import PrivateAttr

from kb.llm_openai import OpenAIServerFailed, openai_answers, openai_llm
from kb.model_files import MODEL_NAME, model_status
from kb.schema import Backend
from kb.settings import Settings

_DONE = object()


@dataclass(frozen=True)
class _Timings:
    """llama.cpp's measured timings of one reply, passed from its callback to the reader."""

    values: dict[str, Any]


class LLMUnavailable(RuntimeError):
    """The chosen LLM failed (server down, time-out, engine error)."""


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


def engine_params(
    model_path: str, context_window: int, threads: int, parallel_slots: int = 1
) -> Any:
    """xllamacpp parameters for the verified GGUF, quiet (llama.cpp's log would print prompts).

    With several slots llama.cpp splits n_ctx between them (n_ctx_seq = n_ctx / n_seq_max when
    the KV cache is not unified), so n_ctx grows with the slots to keep each one's context.
    """
    import xllamacpp

    slots = max(1, parallel_slots)
    params = xllamacpp.CommonParams()
    params.model.path = model_path
    params.n_ctx = context_window * slots
    params.n_parallel = slots
    params.kv_unified = False  # each slot its own cache: one long answer cannot starve another
    # Continuous batching (llama.cpp's default): a slot's prompt is read while others write.
    params.cont_batching = True
    params.cpuparams.n_threads = threads
    params.cpuparams_batch.n_threads = threads
    params.verbosity = -1
    return params


class EmbeddedLLM(CustomLLM):
    """llama.cpp in-process through xllamacpp's native server API (thread-safe): requests from
    several threads run at once, up to `parallel_slots`, and queue inside the engine beyond."""

    model_path: str
    context_window: int = 4096
    num_output: int = 320
    threads: int = 2
    prompt_cache: bool = False
    parallel_slots: int = 1
    _server: Any = PrivateAttr(default=None)
    _lock: Any = PrivateAttr(default_factory=threading.Lock)

    @property
    def metadata(self) -> LLMMetadata:
        return LLMMetadata(
            context_window=self.context_window,
            num_output=self.num_output,
            is_chat_model=True,
            model_name=MODEL_NAME,
        )

    def _engine(self) -> Any:
        with self._lock:
            if self._server is None:
                import xllamacpp

                params = engine_params(
                    self.model_path, self.context_window, self.threads, self.parallel_slots
                )
                self._server = xllamacpp.Server(params)
        return self._server

    def _request(
        self, messages: Sequence[ChatMessage], stream: bool, **kwargs: Any
    ) -> dict[str, Any]:
        request = {
            "messages": [{"role": m.role.value, "content": m.content or ""} for m in messages],
            "max_tokens": kwargs.get("max_tokens", self.num_output),
            "temperature": kwargs.get("temperature", 0.0),
            "stream": stream,
            # llama.cpp reuses cached prompt prefixes, which makes an answer depend on what was
            # asked before it (`llm_prompt_cache` in the settings).
            "cache_prompt": self.prompt_cache,
        }
        if kwargs.get("stop"):
            request["stop"] = kwargs["stop"]
        return request

    @llm_chat_callback()
    def chat(self, messages: Sequence[ChatMessage], **kwargs: Any) -> ChatResponse:
        text = "".join(r.delta or "" for r in self.stream_chat(messages, **kwargs))
        return ChatResponse(message=ChatMessage(role="assistant", content=text))

    @llm_chat_callback()
    def stream_chat(self, messages: Sequence[ChatMessage], **kwargs: Any) -> ChatResponseGen:
        engine = self._engine()
        request = self._request(messages, stream=True, **kwargs)
        deltas: queue.Queue[object] = queue.Queue()
        reader_gone = threading.Event()

        def on_chunk(chunk: dict[str, Any]) -> bool:
            """Returning True makes llama.cpp stop generating."""
            if "error" in chunk:
                deltas.put(LLMUnavailable(f"embedded engine error: {chunk['error']}"))
                return True
            for choice in chunk.get("choices", []):
                piece = (choice.get("delta") or {}).get("content")
                if piece:
                    deltas.put(piece)
            if isinstance(chunk.get("timings"), dict):  # llama.cpp's last chunk of a reply
                deltas.put(_Timings(chunk["timings"]))
            return reader_gone.is_set()

        def run() -> None:
            try:
                engine.handle_chat_completions(request, on_chunk)
            except Exception as exc:  # noqa: BLE001 - surfaced to the consumer below
                deltas.put(LLMUnavailable(f"embedded engine failed: {type(exc).__name__}"))
            finally:
                deltas.put(_DONE)

        threading.Thread(target=run, name="embedded-llm", daemon=True).start()

        def gen() -> ChatResponseGen:
            text = ""
            try:
                while (item := deltas.get()) is not _DONE:
                    if isinstance(item, Exception):
                        raise item
                    if isinstance(item, _Timings):
                        raw = {"timings": item.values}
                        yield ChatResponse(
                            message=ChatMessage(role="assistant", content=text), delta="", raw=raw
                        )
                        continue
                    text += str(item)
                    yield ChatResponse(
                        message=ChatMessage(role="assistant", content=text), delta=str(item)
                    )
            finally:
                # A reader that stops early (one line was enough, the answer was abandoned)
                # frees the engine for the next request instead of leaving it generating.
                reader_gone.set()

        return gen()

    @llm_completion_callback()
    def complete(self, prompt: str, formatted: bool = False, **kwargs: Any) -> CompletionResponse:
        response = self.chat([ChatMessage(role="user", content=prompt)], **kwargs)
        return CompletionResponse(text=response.message.content or "")

    @llm_completion_callback()
    def stream_complete(
        self, prompt: str, formatted: bool = False, **kwargs: Any
    ) -> CompletionResponseGen:
        for r in self.stream_chat([ChatMessage(role="user", content=prompt)], **kwargs):
            yield CompletionResponse(text=r.message.content or "", delta=r.delta)


@dataclass(frozen=True)
class LLMChoice:
    """Which backend answers, with which model, and why it was chosen."""

    backend: Backend
    model: str
    reason: str
    llm: LLM | None


@lru_cache(maxsize=2)
def _embedded(
    path: str, context: int, num_output: int, threads: int, prompt_cache: bool, slots: int = 1
) -> EmbeddedLLM:
    return EmbeddedLLM(
        model_path=path,
        context_window=context,
        num_output=num_output,
        threads=threads,
        prompt_cache=prompt_cache,
        parallel_slots=slots,
    )


def embedded_llm(settings: Settings) -> EmbeddedLLM:
    return _embedded(
        str(settings.resolved_model_path),
        settings.llm_context_tokens,
        settings.max_answer_tokens,
        settings.llm_threads,
        settings.llm_prompt_cache,
        settings.llm_parallel_slots,
    )


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
            chain.append(LLMChoice("embedded", MODEL_NAME, reason, embedded_llm(settings)))
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
