"""The one table of units (kb/units.toml): each unit's name, kind and spellings, and which checks
know each spelling; the kinds of quantity with their non-unit words and question phrases.

kb/years.py, kb/measures.py and guardrails/quantities.py build their patterns from it, so a
spelling is added or removed in one place. Spellings are literal text; a check's pattern is the
alternation of the spellings it knows (`UnitTable.alternation`).
"""

from __future__ import annotations

import re
import tomllib
from functools import cache
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, model_validator

UNITS_FILE = Path(__file__).with_name("units.toml")

Lang = Literal["zh", "en", "sign"]
LANGS: tuple[Lang, ...] = ("zh", "en", "sign")
# The checks of kb/units.toml's header, each read by one module.
Check = Literal[
    "not_a_year",
    "not_a_year_before",
    "asked",
    "asked_with_classifier",
    "spoken",
    "spoken_after_number",
    "measure_before",
    "measure_after",
    "date_or_duration",
    "numeral",
    "quantity",
    "percent_before",
    "joined",
]


class Spelling(BaseModel):
    """One way a unit is written, and the checks that know it."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    text: str
    lang: Lang
    checks: tuple[Check, ...]
    # per check, what must follow the spelling there instead of the check's usual word end
    tail: dict[Check, str] = {}

    @model_validator(mode="after")
    def _tails_of_its_checks(self) -> Spelling:
        if not self.text or self.text != self.text.lower():
            raise ValueError(f"{self.text!r}: a spelling is written in lower case")
        stray = set(self.tail) - set(self.checks)
        if stray:
            raise ValueError(f"{self.text!r}: tail for checks it is not in: {sorted(stray)}")
        return self

    def pattern(self, check: Check, word_end: str = "") -> str:
        """The spelling as a regex in `check`; `word_end` follows Latin spellings (not signs)."""
        default = word_end if self.lang not in ("zh", "sign") else ""
        return re.escape(self.text) + self.tail.get(check, default)


class Unit(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    name: str
    kind: str
    factor: float | None = None  # a magnitude's value (萬 10000)
    spellings: tuple[Spelling, ...]

    @model_validator(mode="after")
    def _factor_of_magnitudes(self) -> Unit:
        # a magnitude without a factor would leave its numbers unscaled, silently
        if (self.kind == "magnitude") != (self.factor is not None):
            raise ValueError(f"{self.name}: a factor goes with kind magnitude, and only there")
        return self


class Kind(BaseModel):
    """A kind of quantity: the words naming it that are no unit, the questions asking for it."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    name: str
    words: dict[Lang, tuple[str, ...]] = {}
    questions: tuple[str, ...] = ()

    def word_pattern(self, lang: Lang) -> str:
        """The words of `lang` as one alternation; a trailing * takes any word ending."""
        return "|".join(
            re.escape(w[:-1]) + r"\w*" if w.endswith("*") else re.escape(w)
            for w in self.words.get(lang, ())
        )


class UnitTable(BaseModel):
    model_config = ConfigDict(frozen=True)

    kinds: dict[str, Kind]
    units: tuple[Unit, ...]

    @model_validator(mode="after")
    def _consistent(self) -> UnitTable:
        names = [u.name for u in self.units]
        texts = [s.text for u in self.units for s in u.spellings]
        for label, values in (("unit names", names), ("spellings", texts)):
            twice = sorted({v for v in values if values.count(v) > 1})
            if twice:
                raise ValueError(f"{label} listed twice: {twice}")
        unknown = sorted({u.kind for u in self.units} - set(self.kinds))
        if unknown:
            raise ValueError(f"units of undeclared kinds: {unknown}")
        return self

    def spellings(
        self,
        check: Check,
        *,
        kind: str | None = None,
        unit: str | None = None,
        langs: tuple[Lang, ...] = LANGS,
    ) -> list[tuple[Unit, Spelling]]:
        """The spellings `check` knows, in table order, narrowed to a kind, a unit, languages."""
        return [
            (u, s)
            for u in self.units
            if kind in (None, u.kind) and unit in (None, u.name)
            for s in u.spellings
            if check in s.checks and s.lang in langs
        ]

    def alternation(
        self,
        check: Check,
        *,
        kind: str | None = None,
        unit: str | None = None,
        langs: tuple[Lang, ...] = LANGS,
        word_end: str = "",
    ) -> str:
        """The spellings of `spellings(...)` as one regex alternation, longest first (so a
        match takes the longest spelling); "" when there is none."""
        found = self.spellings(check, kind=kind, unit=unit, langs=langs)
        ordered = sorted(found, key=lambda us: -len(us[1].text))
        return "|".join(s.pattern(check, word_end) for _, s in ordered)

    def unit_of(self, check: Check, text: str) -> Unit:
        """The unit whose spelling `text` the check knows."""
        for u, s in self.spellings(check):
            if s.text == text:
                return u
        raise KeyError(f"{check}: no spelling {text!r}")


def _spelling(raw: dict[str, Any], where: str) -> Spelling:
    # written { zh = "元", checks = [...] }: the language is the key holding the text
    langs = [lang for lang in LANGS if lang in raw]
    if len(langs) != 1:
        raise ValueError(f"{where}: a spelling names exactly one of {LANGS}: {raw}")
    rest = {k: v for k, v in raw.items() if k != langs[0]}
    return Spelling(text=raw[langs[0]], lang=langs[0], **rest)


def parse_units(text: str) -> UnitTable:
    """The table written in `text` (the format of kb/units.toml)."""
    data = tomllib.loads(text)
    kinds = {name: Kind(name=name, **raw) for name, raw in data.get("kinds", {}).items()}
    units = []
    for raw in data.get("units", []):
        where = str(raw.get("name"))
        spellings = tuple(_spelling(s, where) for s in raw.get("spellings", []))
        units.append(Unit(**{**raw, "spellings": spellings}))
    return UnitTable(kinds=kinds, units=tuple(units))


@cache
def load_units() -> UnitTable:
    """kb/units.toml, read once per process."""
    return parse_units(UNITS_FILE.read_text(encoding="utf-8"))
