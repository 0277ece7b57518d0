"""Per-sentence groundedness: citations, facts (numbers, dates, names) and lexical support.

A sentence is supported when it cites at least one valid passage, every number and named entity
in it occurs in a passage it cites (names may also come from the question), and enough of its
content (CJK character bigrams, English content words) occurs there too — or, when a similarity
function is given (kb's embedder), the cited passage is semantically close enough.

The checks are a list, `SENTENCE_CHECKS`, run in order: the first that fails names the reason;
a sentence that passes them all is judged by `judge_support` (wording shared, else meaning).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property
from typing import NamedTuple

from pydantic import BaseModel

from guardrails.passages import without_reference_entries
from guardrails.quantities import (
    MISPLACED_NUMBER,
    contradicts_direction,
    normalise,
    number_placement,
    quantities,
    units_disagree,
    with_digits,
)
from guardrails.sentences import citations, replace_spans, sentence_spans, strip_citations
from guardrails.wording import (
    cross_lingual,
    entities,
    lexical_support,
    without_passage_references,
)
from kb.schema import Passage

Similarity = Callable[[str, str], float]

LEXICAL_THRESHOLD = 0.5
LEXICAL_FLOOR = 0.25
SIMILARITY_THRESHOLD = 0.8

_LIST_MARKER = re.compile(r"^\s*(?:\d+[.)、]|[-*•·])\s+")
_PLURAL_ACRONYM = re.compile(r"[A-Z]{2,}s")
_POSSESSIVE = re.compile(r"['’]s?$")
_QUESTION_END = re.compile(r"[?？]\s*$")


class SentenceAssessment(BaseModel):
    sentence: str
    start: int
    end: int
    cited: list[int]
    supported: bool
    reason: str = ""
    support: float = 0.0


@dataclass
class SentenceEvidence:
    """One sentence and the valid passages it cites, as every check reads them."""

    sentence: str
    passages: list[Passage]
    question: str = ""
    similarity: Similarity | None = None
    cited: list[int] = field(init=False)
    texts: dict[int, str] = field(init=False)
    source_raw: str = field(init=False)
    source: str = field(init=False)
    body: str = field(init=False)

    def __post_init__(self) -> None:
        count = len(self.passages)
        self.cited = [n for n in dict.fromkeys(citations(self.sentence)) if 1 <= n <= count]
        self.texts = {
            n: without_reference_entries(self.passages[n - 1].chunk.text) for n in self.cited
        }
        self.source_raw = "\n".join(self.texts.values())
        self.source = normalise(self.source_raw)
        claim = _LIST_MARKER.sub("", strip_citations(self.sentence))
        self.body = without_passage_references(claim, self.cited)

    @cached_property
    def body_numbers(self) -> str:
        return with_digits(normalise(self.body))

    @cached_property
    def source_numbers(self) -> str:
        return with_digits(self.source, counts_before_any_han=True)

    @cached_property
    def cross_lingual(self) -> bool:
        return cross_lingual(self.body, self.source_raw)


def _repeats_the_question(ev: SentenceEvidence) -> bool:
    # The small model sometimes hands the question back, premise and all: it shares the
    # passage's wording, yet states nothing. (Questions a passage lists are other questions.)
    return bool(
        ev.question
        and _QUESTION_END.search(ev.body)
        and lexical_support(ev.body, ev.question) >= 0.5
    )


def _names_missing(ev: SentenceEvidence) -> bool:
    question = normalise(ev.question)
    for entity in entities(ev.body):
        spellings = {normalise(entity)}
        if _PLURAL_ACRONYM.fullmatch(entity):  # "NGOs" is named where the passage says "NGO"
            spellings.add(normalise(entity[:-1]))
        # "ILO's" names the ILO: a passage in Chinese writes "ILO的", one in English "the ILO"
        spellings.add(normalise(_POSSESSIVE.sub("", entity)))
        if not any(n in ev.source or n in question for n in spellings):
            return True
    return False


def _number_misplaced(ev: SentenceEvidence) -> bool:
    # in one language the sentence shares the words of the clause its number belongs to
    if ev.cross_lingual:
        return False
    return number_placement(ev.body, ev.source_raw, lexical_support) == "misplaced"


class SentenceCheck(NamedTuple):
    """A reason a sentence is unsupported, and the test that finds it."""

    reason: str
    fails: Callable[[SentenceEvidence], bool]


# In this order: a sentence with no citation or no content is not read further, and a number
# or a name the passage lacks is decided before any score of shared wording or meaning.
SENTENCE_CHECKS: tuple[SentenceCheck, ...] = (
    SentenceCheck("no valid citation", lambda ev: not ev.cited),
    SentenceCheck("no content", lambda ev: not re.search(r"\w", ev.body)),  # "[1] [2]" alone
    SentenceCheck("cites only a reference list", lambda ev: not ev.source_raw.strip()),
    SentenceCheck("the question repeated", _repeats_the_question),
    SentenceCheck(
        "number not in cited passage",
        lambda ev: bool(quantities(ev.body_numbers) - quantities(ev.source_numbers)),
    ),
    SentenceCheck(
        "number's unit not as in cited passage",
        lambda ev: units_disagree(ev.body_numbers, ev.source_numbers),
    ),
    SentenceCheck(
        "direction contradicts cited passage",
        lambda ev: contradicts_direction(ev.body_numbers, ev.source),
    ),
    SentenceCheck(MISPLACED_NUMBER, _number_misplaced),
    SentenceCheck("name not in cited passage", _names_missing),
)


def judge_support(ev: SentenceEvidence) -> tuple[bool, str, float]:
    """(supported, reason, score) of a sentence that passed `SENTENCE_CHECKS`: enough shared
    wording, else, with a similarity function, closeness in meaning to a cited passage."""
    shared = lexical_support(ev.body, ev.source_raw)
    if shared >= LEXICAL_THRESHOLD:
        return True, "", shared
    if ev.similarity is None:
        reason = "cross-lingual, no similarity model" if ev.cross_lingual else "content not cited"
        return False, reason, shared
    # Paraphrase in the same language must still share some wording: embeddings alone
    # cannot tell an on-topic contradiction from a supported claim.
    if not ev.cross_lingual and shared < LEXICAL_FLOOR:
        return False, "content not cited", shared
    threshold = getattr(ev.similarity, "threshold", SIMILARITY_THRESHOLD)
    if ev.cross_lingual:
        placement = number_placement(ev.body, ev.source_raw, ev.similarity)
        if placement == "misplaced":
            return False, MISPLACED_NUMBER, shared
        if placement == "bound":
            # the number, its unit and its place in the passage all agree: the meaning check
            # only has to confirm the topic
            threshold = getattr(ev.similarity, "bound_number_threshold", threshold)
    best = max(ev.similarity(ev.body, ev.texts[n]) for n in ev.cited if ev.texts[n].strip())
    if best >= threshold:
        return True, "semantic", best
    return False, "content not cited", shared


def assess_sentence(
    sentence: str,
    passages: list[Passage],
    question: str = "",
    similarity: Similarity | None = None,
) -> tuple[bool, str, float, list[int]]:
    """(supported, reason, support score, valid cited numbers) for one sentence."""
    ev = SentenceEvidence(sentence, passages, question, similarity)
    for check in SENTENCE_CHECKS:
        if check.fails(ev):
            return False, check.reason, 0.0, ev.cited
    supported, reason, score = judge_support(ev)
    return supported, reason, score, ev.cited


def assess_answer(
    text: str,
    passages: list[Passage],
    question: str = "",
    similarity: Similarity | None = None,
) -> list[SentenceAssessment]:
    """Assess every sentence of `text` against the passages it cites."""
    results = []
    for start, end in sentence_spans(text):
        sentence = text[start:end]
        supported, reason, support, cited = assess_sentence(
            sentence, passages, question, similarity
        )
        results.append(SentenceAssessment(sentence=sentence, start=start, end=end, cited=cited,
                                          supported=supported, reason=reason, support=support))
    return results


def unsupported_sentences(
    text: str,
    passages: list[Passage],
    question: str = "",
    similarity: Similarity | None = None,
) -> list[str]:
    """The sentences of `text` that the passages they cite do not support (eval's metric)."""
    return [a.sentence for a in assess_answer(text, passages, question, similarity)
            if not a.supported]


def remove_spans(text: str, spans: list[tuple[int, int]]) -> str:
    """`text` without the given (start, end) spans, whitespace tidied."""
    kept, cursor = [], 0
    for start, end in sorted(spans):
        kept.append(text[cursor:start])
        cursor = end
    kept.append(text[cursor:])
    result = "".join(kept)
    result = re.sub(r"[ \t]{2,}", " ", result)
    return re.sub(r"\n{3,}", "\n\n", result).strip()


def attribute_citations(
    text: str, passages: list[Passage], question: str = "", similarity: Similarity | None = None
) -> tuple[str, int]:
    """Cite each sentence that has no citation, or whose citation does not support it, to the
    passage that supports it best by the checks above (facts present, wording shared, or close
    in meaning by `similarity`, which answers in the other language need): small models often
    drop the [n] or miscount the passages. Returns the text and how many sentences were
    (re)cited; a sentence no passage supports is left as it is, for the groundedness guard to
    remove."""
    edits: list[tuple[int, int, str]] = []
    for start, end in sentence_spans(text):
        sentence = text[start:end]
        cited = citations(sentence)
        body = strip_citations(sentence).rstrip()
        # "根據第3條，…[3]" names its passage by a number that renumbering makes wrong (and it is
        # often the wrong passage): the words go, and the sentence is cited afresh. Without an
        # [n] ("根據第3段，…") the named number may be any passage's.
        named = cited or list(range(1, len(passages) + 1))
        unnamed = without_passage_references(body, named).strip()
        if unnamed != body.strip():
            body = unnamed
        elif cited and assess_sentence(sentence, passages, question, similarity)[0]:
            continue
        best, best_support = 0, 0.0
        for n in range(1, len(passages) + 1):
            supported, _, support, _ = assess_sentence(
                f"{body} [{n}]", passages, question, similarity
            )
            if supported and support > best_support:
                best, best_support = n, support
        if best:
            edits.append((start, end, f"{body} [{best}]"))
    return replace_spans(text, edits), len(edits)
