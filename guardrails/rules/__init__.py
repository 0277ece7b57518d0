"""Word lists and patterns as data: one TOML file per detector, read by `load_rules`.

A file holds `[fragments]` (named regex pieces, written `{name}` inside a regex) and
`[[rules]]`, each with a unique `name`. A rule has either `regex` (one pattern; a list of pieces
is joined with nothing, to wrap long lines) or `terms` (alternatives, joined as `(?:a)|(?:b)`),
plus the fields its detector reads (`kind`, `family`, `weight`, `views`, `cues`). A top-level
`multiline = true` compiles every rule of the file with `re.MULTILINE`. Each file has positive
and negative examples per rule in `examples/<name>.toml`, which tests/test_rules.py checks.
"""

from __future__ import annotations

import re
import tomllib
from functools import cache, cached_property
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, model_validator

RULES_DIR = Path(__file__).parent
_FRAGMENT = re.compile(r"\{([a-z][a-z_]*)\}")


class Rule(BaseModel):
    """One named pattern or word list."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    name: str
    kind: str = ""
    regex: str = ""
    terms: tuple[str, ...] = ()
    family: str = ""
    weight: float | None = None
    views: tuple[str, ...] = ()
    cues: tuple[str, ...] = ()
    multiline: bool = False

    @model_validator(mode="after")
    def _family_has_weight(self) -> Rule:
        # a family rule without a weight would score 0 and never fire, silently
        if bool(self.family) != (self.weight is not None):
            raise ValueError(f"{self.name}: family and weight go together")
        return self

    @property
    def pattern(self) -> str:
        """The rule as one regex: `regex`, or the terms as alternatives."""
        return self.regex or "|".join(f"(?:{t})" for t in self.terms)

    @cached_property
    def compiled(self) -> re.Pattern[str]:
        return re.compile(self.pattern, re.MULTILINE if self.multiline else 0)


class RuleSet(BaseModel):
    """The rules of one file, in file order (order matters where alternatives are joined)."""

    model_config = ConfigDict(frozen=True)

    name: str
    rules: tuple[Rule, ...]

    @model_validator(mode="after")
    def _unique_names(self) -> RuleSet:
        names = [r.name for r in self.rules]
        duplicates = sorted({n for n in names if names.count(n) > 1})
        if duplicates:
            raise ValueError(f"{self.name}: duplicate rule names {duplicates}")
        return self

    def __getitem__(self, name: str) -> Rule:
        for rule in self.rules:
            if rule.name == name:
                return rule
        raise KeyError(f"{self.name}: no rule {name!r}")

    def of_kind(self, kind: str) -> tuple[Rule, ...]:
        return tuple(r for r in self.rules if r.kind == kind)


def _expand(text: str, fragments: dict[str, str], where: str) -> str:
    def sub(match: re.Match[str]) -> str:
        if match.group(1) not in fragments:
            raise ValueError(f"{where}: unknown fragment {{{match.group(1)}}}")
        return fragments[match.group(1)]

    return _FRAGMENT.sub(sub, text)


@cache
def load_rules(name: str) -> RuleSet:
    """The rules of `guardrails/rules/<name>.toml`, fragments expanded; read once per process."""
    data: dict[str, Any] = tomllib.loads((RULES_DIR / f"{name}.toml").read_text(encoding="utf-8"))
    fragments = {k: "".join(v) if isinstance(v, list) else v
                 for k, v in data.get("fragments", {}).items()}
    rules = []
    for raw in data.get("rules", []):
        raw = dict(raw, multiline=data.get("multiline", False))
        where = f"{name}:{raw.get('name')}"
        if "regex" in raw:
            regex = raw["regex"]
            raw["regex"] = _expand("".join(regex) if isinstance(regex, list) else regex,
                                   fragments, where)
        if "terms" in raw:
            raw["terms"] = tuple(_expand(t, fragments, where) for t in raw["terms"])
        rules.append(Rule(**raw))
    return RuleSet(name=name, rules=tuple(rules))
