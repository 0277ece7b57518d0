"""The embedded engine: llama.cpp in-process through xllamacpp on the verified GGUF, one engine
per model and settings; nothing here talks to any host."""

from __future__ import annotations

import queue
import threading
from collections.abc import Sequence
from dataclasses import dataclass
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
from llama_index.core.llms.callbacks import llm_chat_callback, llm_completion_callback
from llama_index.core.llms.custom import CustomLLM
from pydantic import PrivateAttr

from kb.model_files import MODEL_NAME
from kb.settings import Settings

_DONE = object()


@dataclass(frozen=True)
class _Timings:
    """llama.cpp's measured timings of one reply, passed from its callback to the reader."""

    values: dict[str, Any]


class LLMUnavailable(RuntimeError):
    """The chosen LLM failed (server down, time-out, engine error)."""


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


@lru_cache(maxsize=4)
def _embedded(
    path: str,
    context: int,
    num_output: int,
    threads: int,
    prompt_cache: bool,
    slots: int = 1,
    purpose: str = "answers",
) -> EmbeddedLLM:
    """One engine per settings and `purpose` ("answers", "search"): the same settings with
    another purpose get an engine of their own."""
    del purpose  # only part of the cache key
    return EmbeddedLLM(
        model_path=path,
        context_window=context,
        num_output=num_output,
        threads=threads,
        prompt_cache=prompt_cache,
        parallel_slots=slots,
    )


def _engine_for(settings: Settings, slots: int, purpose: str) -> EmbeddedLLM:
    return _embedded(
        str(settings.resolved_model_path),
        settings.llm_context_tokens,
        settings.max_answer_tokens,
        settings.llm_threads,
        settings.llm_prompt_cache,
        slots,
        purpose,
    )


def embedded_llm(settings: Settings) -> EmbeddedLLM:
    return _engine_for(settings, settings.llm_parallel_slots, "answers")


def embedded_search_llm(settings: Settings) -> EmbeddedLLM:
    """The engine of the short calls before an answer (search translation, follow-up rewrite):
    with `llm_search_engine` an engine of its own with the answering engine's parameters (one
    slot), so the same request gets the same reply as there, without waiting behind an answer
    being written; otherwise the answering engine itself."""
    if not settings.llm_search_engine:
        return embedded_llm(settings)
    return _engine_for(settings, 1, "search")
