"""Degenerate repetition in a model's draft: a small model at temperature 0 can loop on a phrase
("10% of the total cost = 10% of the total cost = ...") or a list item until its token limit.
Generation stops at the first repeat, and no sentence is shown twice."""

from __future__ import annotations

import re

from guardrails.sentences import sentence_spans, strip_citations
from kb.language import HAN

# A run this long, said a second time, is a loop rather than a name or a phrase said again:
# words for Latin script, characters for Chinese (a long organisation name is 9-10 characters).
MIN_REPEATED_TOKENS = 12
_TOKEN = re.compile(rf"[{HAN}]|[^\W_]+")
_LIST_MARKER = re.compile(r"^\s*(?:\d+[.)、]|[-*•·])\s*")


def _sentence_key(sentence: str) -> str:
    body = strip_citations(_LIST_MARKER.sub("", sentence))
    return "".join(m.group().casefold() for m in _TOKEN.finditer(body))


def repeat_start(text: str, n: int = MIN_REPEATED_TOKENS) -> int | None:
    """Where the draft starts saying again what it has said: the start of the first sentence
    that repeats an earlier one (list markers and citations aside), or of a run of `n` tokens
    that occurred before; else None."""
    seen_sentences: set[str] = set()
    for start, end in sentence_spans(text):
        key = _sentence_key(text[start:end])
        if len(key) >= 4 and key in seen_sentences:
            return start
        seen_sentences.add(key)
    words = [(m.group().casefold(), m.start()) for m in _TOKEN.finditer(text)]
    seen: dict[tuple[str, ...], int] = {}
    for i in range(len(words) - n + 1):
        gram = tuple(w for w, _ in words[i : i + n])
        if seen.setdefault(gram, i) != i:
            return words[i][1]
    return None


def cut_at_repeat(text: str) -> str:
    """The draft up to the last sentence end before its first repeat (all of it if none)."""
    start = repeat_start(text)
    if start is None:
        return text
    ends = [end for _, end in sentence_spans(text) if end <= start]
    return text[: ends[-1]].rstrip() if ends else text[:start].rstrip()
