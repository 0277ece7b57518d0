"""People named with a public role in a published document: the author, an editor, a speaker,
a chair, a minister, an organisation's head, the authors a note cites.

Their names are what readers of a public report need ("who said this?"), so documents ingested
for the public keep them, and so do answers drawn from those documents; case notes and staff
files stay strict. The rules live in public_roles.toml, each with examples the tests read.
A name is kept only where the text itself shows the role: a mention with a rule's match makes
the name public for that document; anything else is scrubbed as before."""

from __future__ import annotations

import functools
import tomllib
from collections.abc import Iterable
from pathlib import Path
from typing import Literal

import regex
from pydantic import BaseModel, Field

from ingest.pii.hashing import normalise_value

DATA_FILE = Path(__file__).with_name("public_roles.toml")
# How far before and after a mention a rule looks (a role word, an apposition in brackets).
_BEFORE_CHARS = 40
_AFTER_CHARS = 80
_MARKED = regex.compile(r"\[\[(.+?)\]\]")
# A lower-case word of prose: not part of an e-mail, URL, file name or handle ("grace.liu@").
_PROSE_WORD = regex.compile(r"(?<![\w@./\-])[a-z][a-z'\-]{2,}(?![\w@/\-])(?!\.\w)")
_ONE_WORD = regex.compile(r"[A-Z][a-z'\-]{2,}")

# A note line: "注1：", "- 註 3.", "Note 12:", "[12]" at the start of the line (matched from
# the line's start with `match`, so no "^": that would only hold at the text's start).
_NOTE_LINE = regex.compile(
    r"[ \t]*(?:[-*•]\s*)?(?:(?:注|註|(?i:notes?))\s*\d{1,3}\s*[：:.．、]|\[\d{1,3}\])"
)
# After an author's name in a citation: "et al.", "supra", "(2023)", ", 2024)".
_CITATION_AFTER = regex.compile(
    r"^\s*(?:,?\s*et\s+al\b|,?\s*supra\b|[（(]\s*(?:19|20)\d\d[a-z]?\s*[)）]"
    r"|,\s*(?:19|20)\d\d[a-z]?\s*[)）])"
)
# A quotation signed with a dash: the dash before the name, the end of the line after it.
_DASH_BEFORE = regex.compile(r"[—―–]{1,2}\s*$")
_LINE_END_AFTER = regex.compile(r"^\s*[。.」』\"”)）]?\s*(?:\n|$)")

RuleKind = Literal["before", "after", "attribution", "citation_line", "citation_after"]


class RoleRule(BaseModel):
    """One named rule; `keep` and `scrub` are examples with the name marked as [[name]]."""

    name: str = Field(min_length=3)
    kind: RuleKind
    words: list[str] = Field(default_factory=list)
    keep: list[str] = Field(min_length=1)
    scrub: list[str] = Field(min_length=1)


class PublicRoles:
    """The compiled rules: which mention of a name shows a public role."""

    def __init__(self, rules: list[RoleRule]) -> None:
        self.rules = rules
        self._before = [(r.name, _before_pattern(r.words)) for r in rules if r.kind == "before"]
        self._after = [(r.name, _after_pattern(r.words)) for r in rules if r.kind == "after"]
        self._named = {r.kind: r.name for r in rules}

    def rule_at(self, text: str, start: int, end: int) -> str | None:
        """The name of the first rule that shows `text[start:end]` in a public role, or None."""
        before = text[max(0, start - _BEFORE_CHARS) : start]
        after = text[end : end + _AFTER_CHARS]
        for name, pattern in self._before:
            if pattern.search(before):
                return name
        for name, pattern in self._after:
            if pattern.search(after):
                return name
        kinds = self._named
        if "attribution" in kinds and _DASH_BEFORE.search(before) and _LINE_END_AFTER.match(after):
            return kinds["attribution"]
        line_start = text.rfind("\n", 0, start) + 1
        if "citation_line" in kinds and _NOTE_LINE.match(text, line_start, start):
            return kinds["citation_line"]
        if "citation_after" in kinds and _CITATION_AFTER.match(after):
            return kinds["citation_after"]
        return None

    def public_names(self, text: str, spans: Iterable[tuple[int, int]]) -> list[str]:
        """The names among `spans` (person mentions in `text`) that a rule shows in public."""
        return [text[s:e] for s, e in spans if self.rule_at(text, s, e) is not None]


class PublicNames:
    """Names kept as public; a mention is covered when it is one of them, or one word of a
    longer Latin-letter one ("Fuller" after "Joseph Fuller")."""

    def __init__(self, names: Iterable[str] = ()) -> None:
        self._names: set[str] = set()
        self._words: set[str] = set()
        for name in names:
            self.add(name)

    def add(self, name: str) -> None:
        value = normalise_value(name)
        if not value:
            return
        self._names.add(value)
        words = name.split()
        if len(words) > 1 and name.isascii():
            self._words.update(normalise_value(w) for w in words if len(w) >= 3)

    def covers(self, mention: str) -> bool:
        value = normalise_value(mention)
        return value in self._names or value in self._words

    def __bool__(self) -> bool:
        return bool(self._names)


def common_words_taken_for_names(texts: Iterable[str], mentions: Iterable[str]) -> list[str]:
    """One-word "names" of a published document that it also writes in lower case in its prose
    ("License" beside "this license", "Files", "Tools"): words, not people. A word that is part
    of a longer name found in the document ("Nair" of "Priya Nair") stays a name."""
    mentions = list(mentions)
    name_parts = {w for m in mentions if len(m.split()) > 1 for w in m.split()}
    prose = {m.group() for text in texts for m in _PROSE_WORD.finditer(text)}
    return [
        m for m in mentions if _ONE_WORD.fullmatch(m) and m not in name_parts and m.lower() in prose
    ]


def _alternatives(words: list[str]) -> str:
    """Chinese words as written, Latin ones case-blind and not inside a longer word."""
    ordered = sorted(set(words), key=len, reverse=True)
    parts = [
        rf"(?<![A-Za-z])(?i:{regex.escape(w)})" if w.isascii() else regex.escape(w) for w in ordered
    ]
    return "(?:" + "|".join(parts) + ")"


def _before_pattern(words: list[str]) -> regex.Pattern[str]:
    return regex.compile(_alternatives(words) + r"[ \t]*[：:]?[ \t]*$")


def _after_pattern(words: list[str]) -> regex.Pattern[str]:
    """The role straight after the name, inside brackets after it, or in an apposition after a
    comma (up to three capitalised words between: "Jane Doe, Senior Economist")."""
    role = _alternatives(words) + r"(?![A-Za-z])"
    return regex.compile(
        r"^(?:[ \t]*" + role
        + r"|[ \t]*[（(][^()（）\n]{0,60}?" + role
        + r"|,[ \t]*(?:(?:the|an?)[ \t]+)?(?:[A-Z][\w.-]*[ \t]+){0,3}" + role + ")"
    )  # fmt: skip


@functools.lru_cache(maxsize=1)
def load_public_roles(path: Path = DATA_FILE) -> PublicRoles:
    """The rules of `public_roles.toml`, read once per process."""
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    return PublicRoles([RoleRule.model_validate(r) for r in data["rules"]])


def marked_example(example: str) -> tuple[str, int, int]:
    """An example without its [[ ]] marks, and where the marked name is in it."""
    match = _MARKED.search(example)
    if match is None:
        raise ValueError(f"no [[name]] in the example {example!r}")
    text = example[: match.start()] + match.group(1) + example[match.end() :]
    return text, match.start(), match.start() + len(match.group(1))
