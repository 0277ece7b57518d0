"""LLM component for an OpenAI-compatible chat server (vLLM, llama.cpp server, LM Studio,
LocalAI, TGI), built on LlamaIndex's OpenAI-like integration.

The API key is a secret: it is read from the settings only here, is excluded from the LLM's
repr and serialisation (LlamaIndex's instrumentation events carry the LLM's `to_dict()`), and is
cut out of every error message before that message can reach a note, a log or the audit log.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from llama_index.core.base.llms.types import ChatMessage, ChatResponseGen
from llama_index.llms.openai_like import OpenAILike
from openai import DefaultHttpxClient
from openai import OpenAI as SyncOpenAI
from pydantic import Field

from kb.settings import Settings

# The OpenAI client refuses to start without a key; a server that needs none ignores it.
NO_KEY = "not-needed"


class OpenAIServerFailed(RuntimeError):
    """The server failed during an answer; the message holds no secret."""


def _without_key(text: str, key: str | None) -> str:
    return text.replace(key, "[api key]") if key else text


class OpenAICompatibleLLM(OpenAILike):
    """OpenAILike with the key kept out of repr, `to_dict()` and error messages."""

    api_key: str | None = Field(default=None, repr=False, exclude=True)

    @classmethod
    def class_name(cls) -> str:
        return "OpenAICompatibleLLM"

    def stream_chat(self, messages: Sequence[ChatMessage], **kwargs: Any) -> ChatResponseGen:
        # Each reply has its own connection, closed when the reader stops: LlamaIndex's callback
        # wrapper keeps the HTTP stream alive, and the server would go on generating unread text.
        connection = DefaultHttpxClient(timeout=self.timeout)
        self._client = SyncOpenAI(**{**self._get_credential_kwargs(), "http_client": connection})
        replies = super().stream_chat(messages, **kwargs)

        def gen() -> ChatResponseGen:
            try:
                yield from replies
            except Exception as exc:  # noqa: BLE001 - any failure: fall back, key cut out
                message = _without_key(f"{type(exc).__name__}: {exc}", self.api_key)
                raise OpenAIServerFailed(message[:300]) from None
            finally:
                connection.close()

        return gen()


def _api_key(settings: Settings) -> str:
    key = settings.openai_api_key.get_secret_value() if settings.openai_api_key else ""
    return key or NO_KEY


def openai_llm(settings: Settings) -> OpenAICompatibleLLM:
    return OpenAICompatibleLLM(
        model=settings.openai_model or "",
        api_base=settings.openai_base_url,
        api_key=_api_key(settings),
        is_chat_model=True,
        context_window=settings.llm_context_tokens,
        max_tokens=settings.max_answer_tokens,
        temperature=0.0,
        timeout=settings.openai_timeout_s,
        # The fallback chain is the retry: the client's own retries with back-off would only
        # delay the answer from the next backend.
        max_retries=0,
    )


def openai_answers(settings: Settings, timeout_s: float = 3.0) -> tuple[bool, str]:
    """Is the configured OpenAI-compatible server up and does it serve the model?"""
    url, wanted = settings.openai_base_url, settings.openai_model
    if not url:
        return False, "no OpenAI-compatible server configured (NGOKB_OPENAI_BASE_URL)"
    if not wanted:
        return False, f"no model named for the server at {url} (NGOKB_OPENAI_MODEL)"
    client = SyncOpenAI(base_url=url, api_key=_api_key(settings), timeout=timeout_s, max_retries=0)
    try:
        served = {model.id for model in client.models.list()}
    except Exception as exc:  # noqa: BLE001 - any failure means "not usable"
        return False, f"OpenAI-compatible server at {url} did not answer ({type(exc).__name__})"
    finally:
        client.close()
    if wanted not in served:
        listed = ", ".join(sorted(served)[:5]) or "none"
        return False, f"OpenAI-compatible server at {url} has no model {wanted!r} (has: {listed})"
    return True, f"OpenAI-compatible server at {url} answers with {wanted}"
