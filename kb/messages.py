"""Fixed texts the answer pipeline gives instead of a generated answer, per language.

Every user-facing text lives in one catalogue, kb/strings.toml (sections `answer`, `status`,
`pii`, `ui`); this module reads it for the whole project, as the lowest layer that holds texts.
"""

from __future__ import annotations

import tomllib
from collections.abc import Collection, Sequence
from functools import lru_cache
from pathlib import Path

from kb.schema import Status
from kb.years import ROC_OFFSET

STRINGS_PATH = Path(__file__).with_name("strings.toml")
# The interface and answer languages: every catalogue entry has all of them.
LANGUAGES = ("zh-TW", "en", "vi", "id", "tl", "th")


@lru_cache(maxsize=1)
def catalogue() -> dict[str, dict[str, dict[str, str]]]:
    """section -> key -> language -> text, as written in kb/strings.toml."""
    with STRINGS_PATH.open("rb") as f:
        return tomllib.load(f)


def catalogue_language(language: str) -> str:
    """The catalogue language for a BCP-47 tag: Chinese for either script, Filipino as
    Tagalog, English for a language the catalogue lacks."""
    tag = (language or "").strip().lower().replace("_", "-")
    base = tag.split("-")[0]
    if base == "zh":
        return "zh-TW"
    if base == "fil":
        return "tl"
    if base == "in":  # the old ISO code for Indonesian
        return "id"
    return base if base in LANGUAGES else "en"


def text(section: str, key: str, language: str) -> str:
    """The catalogue text `section.key` in `language` (English when it has none)."""
    entry = catalogue()[section][key]
    return entry.get(catalogue_language(language)) or entry["en"]


def _answer(key: str, language: str) -> str:
    return text("answer", key, language)


def status_message(status: Status, language: str) -> str:
    return _answer(status.value, language)


def years_not_mentioned(
    years: Sequence[int], language: str, written_as_roc: Collection[int] = ()
) -> str:
    """Said instead of an answer when the question asks about years no passage mentions: the
    user learns which part of the question the documents do not cover. A year the question
    wrote as a Republic of China year is named that way too (民國108年 is 2019)."""
    roc = {year: year - ROC_OFFSET for year in written_as_roc}
    named = (
        _answer("roc_year", language).format(year=y, roc=roc[y])
        if y in roc
        else _answer("year", language).format(year=y)
        for y in years
    )
    joined = _answer("or", language).join(named)
    return _answer("years_not_mentioned", language).format(years=joined)


def extractive_lead(language: str) -> str:
    return _answer("extractive_lead", language)


def quotes_label(language: str) -> str:
    """Said above the passage sentences shown before the model is asked."""
    return _answer("quotes_label", language)


def quotes_without_answer(language: str) -> str:
    """Said after those quotes when the answer was refused or failed."""
    return _answer("quotes_without_answer", language)


def may_want_to_read(language: str) -> str:
    """Said before the passages named with a refusal of an answer that was off the question."""
    return _answer("may_want_to_read", language)


def groups_set_aside_note(terms: list[str], language: str) -> str:
    """Said before an answer given as if the question named no group (see the pipeline)."""
    quoted = (_answer("quoted_term", language).format(term=t) for t in terms)
    joined = _answer("or", language).join(quoted)
    return _answer("groups_set_aside", language).format(terms=joined)


def crisis_referral(language: str, contact: str, lines: str = "") -> str:
    """The referral shown for crisis language, naming the organisation's human contact and
    the crisis `lines` (one phrase, see kb.organisation; none: only 'your local emergency
    number')."""
    listed = _answer("crisis_lines", language).format(lines=lines) if lines else ""
    return _answer("crisis_referral", language).format(contact=contact, lines=listed).strip()
