"""The knowledge base: vectors in Chroma, texts and keywords in the catalogue, hybrid retrieval."""

from __future__ import annotations

import hashlib
from pathlib import Path

from llama_index.core.schema import NodeRelationship, RelatedNodeInfo, TextNode

from kb.catalog import Catalog, now_iso, version_ref
from kb.embeddings import build_embedding
from kb.language import detect_language, is_chinese
from kb.schema import Audience, Chunk, Document, Passage
from kb.settings import Settings
from kb.store import HALVES, VectorStores, build_vector_store, language_half

RRF_K = 60
# Defaults chosen by measurement (docs/retrieval.md, bench/retrieval_quality.py).
VECTOR_WEIGHT = 1.0
KEYWORD_WEIGHT = 1.0
MIN_CANDIDATES = 20
# Chinese and other chunks are ranked apart, then merged: the half closer to the question first,
# the other half's best from 4th place on (embedders rank same-language text too high).
AWAY_WEIGHT = 0.5
MERGE_K = 1
KEYWORD_POOL = 5  # keyword hits read per candidate, so both languages keep enough of them


def document_id(path: Path) -> str:
    """A stable id for a file: the same path is the same document across re-ingests."""
    return hashlib.sha256(str(path.resolve()).encode()).hexdigest()[:16]


def reciprocal_rank_fusion(
    rankings: list[list[str]], k: int = RRF_K, weights: list[float] | None = None
) -> dict[str, float]:
    """Fused scores: the sum over rankings of weight / (k + rank), rank counted from 1."""
    weights = weights or [1.0] * len(rankings)
    if len(weights) != len(rankings):
        raise ValueError("one weight per ranking")
    scores: dict[str, float] = {}
    for ranking, weight in zip(rankings, weights, strict=True):
        for rank, item in enumerate(ranking):
            scores[item] = scores.get(item, 0.0) + weight / (k + rank + 1)
    return scores


def fused_order(scores: dict[str, float]) -> list[str]:
    """Items best first; ties keep the order in which fusion first met them (stable sort)."""
    return sorted(scores, key=lambda item: scores[item], reverse=True)


def language_group(text: str) -> str:
    """ "zh" for Chinese text, "other" for the rest: the two halves searched apart."""
    return "zh" if is_chinese(detect_language(text)) else "other"


def other_half(group: str) -> str:
    return "other" if group == "zh" else "zh"


# The language each half is searched in when the question is translated for it.
HALF_LANGUAGE = {"zh": "zh-TW", "other": "en"}


def search_queries(question: str, translations: dict[str, str]) -> dict[str, str]:
    """`retrieve`'s keyword arguments for a question and its translations by language: the
    other half's translation as `away_query`, and for a question in neither library language
    (its own half is searched with the English translation) `home_query` too."""
    home = language_group(question)
    queries = {}
    if away := translations.get(HALF_LANGUAGE[other_half(home)]):
        queries["away_query"] = away
    if home == "other" and (english := translations.get("en")) and english != question:
        queries["home_query"] = english
    return queries


class KnowledgeBase:
    """Everything stored for one data directory, and the only writer of it."""

    def __init__(self, settings: Settings) -> None:
        settings.ensure_data_dir()
        self.settings = settings
        self.catalog = Catalog(settings.manifest_path)
        self._vector_store: VectorStores | None = None
        self._last_query: tuple[str | None, list[float]] = (None, [])

    @property
    def vector_store(self) -> VectorStores:
        if self._vector_store is None:
            self._vector_store = build_vector_store(self.settings, self.catalog.store_namespace())
        return self._vector_store

    def close(self) -> None:
        self.catalog.close()

    # --- writes ------------------------------------------------------------------------------

    def recover(self) -> int:
        """Remove vectors of writes that never committed or versions already replaced."""
        pending = self.catalog.pending()
        for doc_id, version, _op in pending:
            self.vector_store.delete(version_ref(doc_id, version))
            self.catalog.clear_pending(doc_id, version)
        return len(pending)

    def next_version(self, doc_id: str) -> int:
        current = self.catalog.get_document(doc_id)
        return current.version + 1 if current else 1

    def replace_document(
        self,
        doc: Document,
        chunks: list[Chunk],
        value_hashes: list[str],
        vectors: list[list[float]] | None = None,
    ) -> None:
        """Index `chunks` as the live version of `doc`, atomically replacing any older version.
        `vectors` are the chunks' embeddings when the caller already has them."""
        if vectors is None:
            embedder = build_embedding(self.settings)
            vectors = embedder.get_text_embedding_batch([c.text for c in chunks]) if chunks else []
        ref = version_ref(doc.doc_id, doc.version)
        nodes = [
            TextNode(
                id_=c.chunk_id,
                text=c.text,
                embedding=vector,
                # LlamaIndex writes its own doc_id/ref_doc_id keys (the version ref) next to these.
                metadata={
                    "source_doc_id": c.doc_id,
                    "version": c.version,
                    "audience": c.audience.value,
                    "file_name": c.file_name,
                    "language": c.language,
                },
                relationships={NodeRelationship.SOURCE: RelatedNodeInfo(node_id=ref)},
            )
            for c, vector in zip(chunks, vectors, strict=True)
        ]
        self.catalog.begin_write(doc.doc_id, doc.version)
        if nodes:
            self.vector_store.add(nodes)
        replaced = self.catalog.commit_document(doc, chunks, value_hashes)
        if replaced is not None and replaced != doc.version:
            self.vector_store.delete(version_ref(doc.doc_id, replaced))
            self.catalog.clear_pending(doc.doc_id, replaced)

    def delete_document(self, doc_ref: str) -> dict[str, object]:
        """Delete every chunk of the documents matching an id, file name or path; a receipt."""
        self.recover()
        matches = self.catalog.find_documents(doc_ref)
        removed = []
        for doc in matches:
            _, chunk_count = self.catalog.remove_document(doc.doc_id)
            self.recover()
            removed.append(
                {"doc_id": doc.doc_id, "file_name": doc.file_name, "chunks_removed": chunk_count}
            )
        return {"action": "delete", "reference": doc_ref, "removed": removed, "at": now_iso()}

    def forget_value_hash(self, value_hash: str) -> dict[str, object]:
        """Delete every document that contained a personal-data value (given as its keyed hash)."""
        removed = []
        for doc_id in self.catalog.documents_with_hash(value_hash):
            receipt = self.delete_document(doc_id)
            removed.extend(receipt["removed"])  # type: ignore[arg-type]
        return {"action": "forget", "removed": removed, "at": now_iso()}

    def consistency_problems(self) -> list[str]:
        """Disagreements between the catalogue and the vector store (empty when consistent)."""
        problems = []
        if pending := self.catalog.pending():
            problems.append(f"{len(pending)} unfinished writes (run ingest to recover)")
        vector_ids = self.vector_store.ids()
        if len(vector_ids) != len(set(vector_ids)):
            problems.append("duplicate vector ids")
        live = self.catalog.live_versions()
        catalog_ids = set(self.catalog.chunk_ids())
        for cid in vector_ids:
            doc_id, version, _ = cid.split(":")  # chunk ids are "{doc_id}:{version}:{index}"
            if cid not in catalog_ids or live.get(doc_id) != int(version):
                problems.append(f"orphan vector {cid}")
        missing = catalog_ids - set(vector_ids)
        problems.extend(f"chunk without vector {cid}" for cid in sorted(missing))
        return problems

    # --- reads -------------------------------------------------------------------------------

    def documents(self) -> list[Document]:
        return self.catalog.documents()

    def _query_vector(self, question: str) -> list[float]:
        # One embedding per question, however many filtered searches use it. Read the cache
        # once: another thread may replace it in between.
        cached_question, cached_vector = self._last_query
        if cached_question == question:
            return cached_vector
        vector = build_embedding(self.settings).get_query_embedding(question)
        self._last_query = (question, vector)
        return vector

    def vector_ranking(
        self, question: str, audience: Audience, limit: int, language: str | None = None
    ) -> list[str]:
        """Chunk ids nearest to the question's embedding, best first, among visible chunks.

        `language` "zh" keeps Chinese chunks only, "other" every other chunk, None all of them.
        """
        return self._vector_search(question, audience, limit, language)[0]

    def _vector_search(
        self, question: str, audience: Audience, limit: int, language: str | None
    ) -> tuple[list[str], float]:
        """`vector_ranking` and the best chunk's similarity (-1.0 when nothing is visible)."""
        ids, similarities = self.vector_store.query(
            self._query_vector(question), audience.visible(), language, limit
        )
        return ids, max(similarities, default=-1.0)

    def keyword_ranking(self, question: str, audience: Audience, limit: int) -> list[str]:
        """Chunk ids by BM25 over jieba/bigram tokens, best first, among visible chunks."""
        return [cid for cid, _ in self.catalog.keyword_search(question, audience, limit)]

    def passages(
        self,
        scores: dict[str, float],
        audience: Audience,
        k: int,
        vector_rank: dict[str, int],
        keyword_rank: dict[str, int],
    ) -> list[Passage]:
        """The best `k` fused chunks as passages (live versions of visible documents only)."""
        ranked = fused_order(scores)
        visible = audience.visible()
        # Only chunks of live, committed versions are answers (a crashed write leaves none).
        chunks = self.catalog.chunks_by_id(ranked[: max(4 * k, MIN_CANDIDATES)])
        passages = []
        for cid in ranked:
            chunk = chunks.get(cid)
            if chunk is None or chunk.audience.value not in visible:
                continue
            passages.append(
                Passage(
                    chunk=chunk,
                    score=scores[cid],
                    vector_rank=vector_rank.get(cid),
                    keyword_rank=keyword_rank.get(cid),
                )
            )
            if len(passages) == k:
                break
        return passages

    def retrieve(
        self,
        question: str,
        audience: Audience,
        top_k: int | None = None,
        away_query: str | None = None,
        home_query: str | None = None,
    ) -> list[Passage]:
        """Hybrid retrieval (vectors + BM25 over jieba segments) per language, merged by rank.

        In each language half (Chinese chunks, other chunks) the vector and keyword rankings are
        fused by reciprocal rank; the halves are then merged, the half whose best chunk is closer
        to the question first and the other half's best candidates from 4th place on, so a
        question can reach a document written in the other language. `away_query`, the
        question translated into the other half's language, is what that half is searched
        with: a passage ranks far higher against a question in its own language, and words
        match only their own language. The audience rule is part of every search (the vector
        search reads only the visible audiences' collections, the keyword search filters in
        SQL), so a public user's search never sees a staff chunk, not even as a candidate.
        `home_query` replaces the question in its own half: the English translation of a
        question in neither library language (Vietnamese, Thai, ...).
        """
        k = top_k or self.settings.top_k
        candidates = max(4 * k, MIN_CANDIDATES)
        home = language_group(question)
        away = other_half(home)
        queries = {home: home_query or question, away: away_query or question}
        # One keyword search per distinct query, split into the two halves.
        keyword_halves = {
            q: self._keyword_halves(q, audience, candidates) for q in {*queries.values()}
        }
        vector_rank: dict[str, int] = {}
        keyword_rank: dict[str, int] = {}
        halves: dict[str, list[str]] = {}
        best: dict[str, float] = {}
        for group, query in queries.items():
            vector_ids, best[group] = self._vector_search(query, audience, candidates, group)
            # A Chinese question's words cannot match text in other languages: searched with it
            # (no translation), that half is ranked by meaning alone, or the few Latin names it
            # shares ("GitHub") rank every chunk holding them above the one that answers. (The
            # reverse keeps its keywords: Chinese documents often give English terms.)
            foreign = language_group(query) == "zh" and group != "zh"
            keyword_ids = [] if foreign else keyword_halves[query][group]
            vector_rank.update({cid: n for n, cid in enumerate(vector_ids, start=1)})
            keyword_rank.update({cid: n for n, cid in enumerate(keyword_ids, start=1)})
            halves[group] = fused_order(
                reciprocal_rank_fusion(
                    [vector_ids, keyword_ids], weights=[VECTOR_WEIGHT, KEYWORD_WEIGHT]
                )
            )
        # The half whose best chunk is closer to the question, each searched in its own
        # language, leads. On the dev set's tuning half this told the half holding the answer
        # for all 19 answerable questions (margins 0.01-0.09); searched untranslated, the other
        # language scores lower and the question's own half leads, as it did before.
        lead, follow = (away, home) if best[away] > best[home] else (home, away)
        scores = reciprocal_rank_fusion(
            [halves[lead], halves[follow]], k=MERGE_K, weights=[1.0, AWAY_WEIGHT]
        )
        return self.passages(scores, audience, k, vector_rank, keyword_rank)

    def _keyword_halves(
        self, question: str, audience: Audience, candidates: int
    ) -> dict[str, list[str]]:
        """Keyword hits split into the language halves ("zh", "other"), each best first."""
        keyword_ids = self.keyword_ranking(question, audience, KEYWORD_POOL * candidates)
        languages = {cid: c.language for cid, c in self.catalog.chunks_by_id(keyword_ids).items()}
        halves: dict[str, list[str]] = {half: [] for half in HALVES}
        for cid in keyword_ids:
            if cid in languages:
                halves[language_half(languages[cid])].append(cid)
        return {half: ids[:candidates] for half, ids in halves.items()}
