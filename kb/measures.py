"""The kind of quantity a question asks for (a length of time, money, a weight), and whether a
passage sentence speaks of that kind of thing at all.

Asked how heavy a load a volunteer may carry, with no retrieved passage about weights, the model
gave a weight that no document states. A question asking for an amount of one kind is answered
only from sentences about that kind. The sentence side is read loosely, by its words and not by
its numbers ("a month", "免費", "kept permanently" answer without a digit), so that a question
the documents answer is not refused for the way they phrase it.
"""

from __future__ import annotations

import re

from kb.units import Check, Lang, load_units

# How a question asks for a unit of a kind: right after 幾 / 多少 / "how many" (`asked`), or with
# a classifier between (`asked_with_classifier`: 幾個工作天, "how many working days").
_ASKING: tuple[tuple[Lang, Check, str], ...] = (
    ("zh", "asked", r"(?:幾|多少)\s*(?:{units})"),
    ("zh", "asked_with_classifier", r"(?:幾|多少)\s*個?\s*(?:工作)?(?:{units})"),
    ("en", "asked", r"\bhow many (?:{units})\b"),
    ("en", "asked_with_classifier", r"\bhow many (?:working |calendar )?(?:{units})\b"),
)


def _asked(kind: str) -> re.Pattern[str]:
    """What a question asking for `kind` says: its question phrases, or a unit of it asked."""
    table = load_units()
    parts = list(table.kinds[kind].questions)
    for lang, check, frame in _ASKING:
        units = table.alternation(check, kind=kind, langs=(lang,))
        if units:
            parts.append(frame.replace("{units}", units))
    return re.compile("|".join(parts), re.IGNORECASE)


def _spoken(kind: str) -> re.Pattern[str]:
    """What a sentence about `kind` mentions, with or without a number: a unit of it or one of
    its words (Chinese and signs anywhere, English as whole words, some only after a digit)."""
    table, words = load_units(), load_units().kinds[kind]
    anywhere = [table.alternation("spoken", kind=kind, langs=("zh", "sign"))]
    anywhere.append(words.word_pattern("zh"))
    english = [table.alternation("spoken", kind=kind, langs=("en",)), words.word_pattern("en")]
    parts = [p for p in anywhere if p]
    if any(english):
        parts.append(rf"\b(?:{'|'.join(p for p in english if p)})\b")
    after_number = table.alternation("spoken_after_number", kind=kind)
    if after_number:
        parts.append(rf"\d\s*(?:{after_number})\b")
    return re.compile("|".join(parts), re.IGNORECASE)


# The kinds a question can ask for: those kb/units.toml gives question phrases.
_KINDS = tuple(name for name, kind in load_units().kinds.items() if kind.questions)
_ASKED = {kind: _asked(kind) for kind in _KINDS}
_SPOKEN = {kind: _spoken(kind) for kind in _KINDS}


def kinds_asked(question: str) -> frozenset[str]:
    """The kinds of quantity ("time", "money", "weight") the question asks for."""
    return frozenset(kind for kind, pattern in _ASKED.items() if pattern.search(question))


def speaks_of(kinds: frozenset[str], sentence: str) -> bool:
    """Whether the sentence mentions any of `kinds` (always true when none is asked)."""
    return not kinds or any(_SPOKEN[kind].search(sentence) for kind in kinds)
