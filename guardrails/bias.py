"""Stereotypes and demographic assumptions about protected groups, in zh and en.

A sentence is a stereotype when it names a group, attributes a negative trait to it and
generalises (a quantifier such as "all/most/通常/都", or the group directly followed by a copula).
Sentences that reject a stereotype ("it is a myth that…", "並非…") are not flagged. A demographic
assumption is a group named in the answer but in neither the question nor the passages.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from guardrails.chinese import fold_to_traditional
from guardrails.normalize import canonical
from guardrails.rules import load_rules
from guardrails.sentences import split_sentences

# The word lists live in guardrails/rules/bias.toml, one named rule each, with examples.
_RULES = load_rules("bias")
GROUPS: dict[str, tuple[str, ...]] = {r.name: r.terms for r in _RULES.of_kind("group")}
NEGATIVE_TRAITS = _RULES["negative_traits"].terms
GENERALISERS = _RULES["generalisers"].terms
REJECTION_CUES = _RULES["rejection_cues"].terms
# The groups a protected group is compared with: named so `neutralise_groups` treats both sides
# of a comparison alike, never stereotyped themselves.
COMPARATORS = _RULES["comparators"].terms
_COPULA_EN = _RULES["copula_en"].compiled
_COPULA_ZH = _RULES["copula_zh"].compiled


def _compile(patterns: tuple[str, ...]) -> re.Pattern[str]:
    return re.compile("|".join(f"(?:{p})" for p in patterns))


_GROUP_RES = {r.name: r.compiled for r in _RULES.of_kind("group")}
_TRAIT_RE = _RULES["negative_traits"].compiled
_GENERAL_RE = _RULES["generalisers"].compiled
_REJECT_RE = _RULES["rejection_cues"].compiled

_TERMS = [t for terms in GROUPS.values() for t in terms] + list(COMPARATORS)
# Longest first, and with the person word that follows, so "非母語人士" becomes one "民眾".
_ZH_GROUP_RE = re.compile("|".join(
    f"(?:{t})(?:的家長|的人|者|人士|人|家長|勞工|族群|家庭)?"
    for t in sorted((t for t in _TERMS if not t.startswith(r"\b")), key=len, reverse=True)
))
_EN_GROUP_RE = re.compile("|".join(
    rf"(?:(?:people|persons|those)\W+with(?:out)?\W+(?:a\W+)?)?(?:{t})(?:\W+(?:people|workers|persons))?"
    for t in _TERMS if t.startswith(r"\b")
), re.IGNORECASE)


def _group_spans(text: str) -> list[tuple[int, int, str]]:
    """(start, end, neutral word) of each group term; Chinese matched in Traditional form."""
    folded = fold_to_traditional(text)
    zh_view = folded if len(folded) == len(text) else text
    spans = [(*m.span(), "people") for m in _EN_GROUP_RE.finditer(text)]
    spans += [(*m.span(), "民眾") for m in _ZH_GROUP_RE.finditer(zh_view)]
    return sorted(spans)


def neutralise_groups(text: str) -> str:
    """`text` with every group term (protected groups and the groups they are compared with)
    replaced by "people" / "民眾": the question as it reads with no group named."""
    for start, end, word in reversed(_group_spans(text)):
        text = text[:start] + word + text[end:]
    return text


def group_terms(text: str) -> list[str]:
    """The group terms of `text` as written (those `neutralise_groups` replaces), in order."""
    return list(dict.fromkeys(text[start:end] for start, end, _ in _group_spans(text)))


_COMPARATOR_RES = {f"compared:{term}": _compile((term,)) for term in COMPARATORS}


def group_mentions(text: str) -> set[str]:
    """Group categories and comparison groups ("local residents") named anywhere in `text`."""
    norm = canonical(text)
    return groups_in(text) | {k for k, regex in _COMPARATOR_RES.items() if regex.search(norm)}


def groups_of_terms(text: str) -> set[str]:
    """The categories (or comparison groups) of the group terms of `text` as
    `neutralise_groups` reads them: "非身心障礙者" is the comparison group only, not also a
    disability."""
    found = set()
    for term in group_terms(text):
        norm = canonical(term)
        lengths = {}
        for key, regex in {**_GROUP_RES, **_COMPARATOR_RES}.items():
            match = regex.search(norm)
            if match:
                lengths[key] = len(match.group())
        found |= {k for k, n in lengths.items() if n == max(lengths.values())}
    return found


def groups_in(text: str) -> set[str]:
    """Group categories named in `text` (zh or en)."""
    norm = canonical(text)
    return {name for name, regex in _GROUP_RES.items() if regex.search(norm)}


@dataclass
class BiasFinding:
    stereotypes: list[str] = field(default_factory=list)  # group categories stereotyped
    assumptions: list[str] = field(default_factory=list)  # groups introduced by the answer

    @property
    def detected(self) -> bool:
        return bool(self.stereotypes or self.assumptions)


def _stereotyped_groups(sentence: str) -> set[str]:
    norm = canonical(sentence)
    if not _TRAIT_RE.search(norm) or _REJECT_RE.search(norm):
        return set()
    found = set()
    for name, regex in _GROUP_RES.items():
        for match in regex.finditer(norm):
            after = norm[match.end():]
            if (_GENERAL_RE.search(norm) or _COPULA_EN.match(after)
                    or _COPULA_ZH.match(after)):
                found.add(name)
                break
    return found


def detect_bias(answer: str, question: str = "", context: str = "") -> BiasFinding:
    """Stereotyping sentences in `answer`, and groups it names that neither the question nor the
    context (the passages' text) names. With no question and no context only stereotypes count."""
    stereotypes: set[str] = set()
    for sentence in split_sentences(answer):
        stereotypes |= _stereotyped_groups(sentence)
    assumptions: set[str] = set()
    if question or context:
        assumptions = groups_in(answer) - groups_in(question) - groups_in(context)
    return BiasFinding(sorted(stereotypes), sorted(assumptions))
