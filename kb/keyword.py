"""Keyword side of hybrid retrieval: jieba segments for Chinese, words for English, ranked by BM25.

LlamaIndex's BM25 retriever splits on whitespace and finds nothing in Chinese, so chunks are
segmented here and searched with SQLite FTS5's built-in bm25() inside the catalogue database.
"""

from __future__ import annotations

import logging
import re
import unicodedata
from functools import lru_cache

import jieba

from kb.language import HAN, HAN_CHAR
from kb.schema import PLACEHOLDER_RE

jieba.setLogLevel(logging.WARNING)

_TOKEN = re.compile(rf"[0-9]+(?:[.,][0-9]+)*%?|[a-z][a-z0-9'+-]*|[{HAN}]+")
_STOPWORDS = frozenset(
    "的 了 是 在 和 與 及 或 有 為 什麼 甚麼 哪 哪些 哪個 多少 如何 怎麼 是否 嗎 呢 "
    "這 那 這些 那些 一個 可以 會 要 對 於 把 被 就 都 也 而 並 其 之 以 中 上 下 "
    "我 你 他 她 我們 你們 "
    "a an the of to in on at for and or is are was were be been what which who whom how "
    "does do did many much when where why with by from as that this these those it its".split()
)


@lru_cache(maxsize=4096)
def _segment_cjk(run: str) -> tuple[str, ...]:
    # jieba's dictionary leans Simplified and mis-segments some Traditional text; character
    # bigrams alongside its words keep recall up without a second dictionary.
    words = [t for t in jieba.cut_for_search(run) if t.strip()]
    bigrams = [run[i : i + 2] for i in range(len(run) - 1)]
    return tuple(dict.fromkeys(words + bigrams))


def search_tokens(text: str) -> list[str]:
    """Lower-cased search terms: words, numbers and jieba segments, stopwords removed.
    Scrubbing placeholders are no terms: "<PERSON_1>" in a question and in an unrelated
    passage are not shared content."""
    folded = unicodedata.normalize("NFKC", PLACEHOLDER_RE.sub(" ", text)).casefold()
    tokens: list[str] = []
    for match in _TOKEN.finditer(folded):
        piece = match.group()
        if HAN_CHAR.match(piece):
            tokens.extend(_segment_cjk(piece))
        else:
            tokens.append(piece.replace(",", ""))
    return [t for t in tokens if t not in _STOPWORDS]


def fts_document(text: str) -> str:
    """The space-joined token string stored in the FTS5 table."""
    return " ".join(search_tokens(text))


def fts_phrase(term: str) -> str | None:
    """One search term as an FTS5 phrase, matched as the keyword search matches it."""
    bare = term.replace('"', "")
    return f'"{bare}"' if bare else None


def fts_query(text: str) -> str | None:
    """An FTS5 MATCH expression: any of the question's terms (BM25 ranks the overlap)."""
    quoted = [q for t in dict.fromkeys(search_tokens(text)) if (q := fts_phrase(t))]
    return " OR ".join(quoted) if quoted else None


def anchor_query(text: str) -> str:
    """The question's language-neutral terms (Latin words, numbers), space-joined.

    Names, acronyms and figures ("IBM", "GDPR", "2028") are written the same way in Chinese and
    English documents, so they are the keyword evidence that crosses languages.
    """
    folded = unicodedata.normalize("NFKC", text).casefold()
    terms = [
        m.group().replace(",", "") for m in _TOKEN.finditer(folded) if not HAN_CHAR.match(m.group())
    ]
    return " ".join(t for t in dict.fromkeys(terms) if t not in _STOPWORDS)
