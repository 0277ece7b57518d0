"""Prompt-injection and jailbreak detection in Chinese and English, for questions and documents.

Text is normalised first (NFKC, casefold, Simplified folded to Traditional, leetspeak folded,
spaces squashed), then matched against pattern families. Each family has a weight; families
combine as independent evidence (1 - prod(1 - w)), so one strong signal or two weak ones fire.
Base64 and ROT13 payloads are decoded and scored too.
"""

from __future__ import annotations

import base64
import binascii
import codecs
import re
from dataclasses import dataclass, field

from guardrails.injection_cues import combination_weights
from guardrails.injection_semantic import SemanticInjectionDetector
from guardrails.normalize import decode_tag_characters, matching_views
from guardrails.rules import load_rules

THRESHOLD = 0.5


@dataclass(frozen=True)
class Pattern:
    """One weighted regex of a family, matched on the named views of the text."""

    name: str
    family: str
    weight: float
    regex: re.Pattern[str]
    views: tuple[str, ...] = ("base", "leet")


# The weighted patterns live in guardrails/rules/injection.toml, one named rule each.
PATTERNS: tuple[Pattern, ...] = tuple(
    Pattern(r.name, r.family, r.weight or 0.0, r.compiled, r.views or ("base", "leet"))
    for r in load_rules("injection").rules
)

_B64 = re.compile(r"[A-Za-z0-9+/_-]{16,}={0,2}")
_ROT13_FAMILIES = {"override", "system_prompt", "roleplay", "developer_mode"}


@dataclass
class InjectionFinding:
    """A detection: combined score in 0..1 and the pattern families that matched."""

    score: float = 0.0
    families: list[str] = field(default_factory=list)

    @property
    def detected(self) -> bool:
        return self.score >= THRESHOLD


def _family_weights(text: str, families: set[str] | None = None) -> dict[str, float]:
    views = matching_views(text)
    weights: dict[str, float] = {}
    for pattern in PATTERNS:
        if families is not None and pattern.family not in families:
            continue
        if pattern.weight <= weights.get(pattern.family, 0.0):
            continue
        if any(pattern.regex.search(views[v]) for v in pattern.views):
            weights[pattern.family] = pattern.weight
    for view in ("base", "leet"):
        for family, weight in combination_weights(views[view]).items():
            if (families is None or family in families) and weight > weights.get(family, 0.0):
                weights[family] = weight
    return weights


def _decoded_payloads(text: str) -> list[str]:
    """Printable text hidden in base64-looking tokens of `text`."""
    payloads = []
    for token in _B64.findall(text):
        padded = token + "=" * (-len(token) % 4)
        for decode in (base64.b64decode, base64.urlsafe_b64decode):
            try:
                raw = decode(padded)
                decoded = raw.decode("utf-8")
            except (binascii.Error, ValueError):
                continue
            printable = sum(c.isprintable() or c.isspace() for c in decoded)
            if decoded and printable / len(decoded) > 0.9:
                payloads.append(decoded)
                break
    return payloads


def _combine(weights: dict[str, float]) -> float:
    remaining = 1.0
    for w in weights.values():
        remaining *= 1.0 - w
    return round(1.0 - remaining, 3)


def detect_injection(
    text: str, semantic: SemanticInjectionDetector | None = None, _depth: int = 0
) -> InjectionFinding:
    """Score `text` for instruction-override, role-play, prompt-extraction and related attacks.

    With `semantic`, nearness to known attacks (by embedding) adds a "semantic" family.
    """
    weights = _family_weights(text)
    if semantic is not None:
        weight = semantic.weight(text)
        if weight:
            weights["semantic"] = weight
    # only the ASCII part: ROT13 leaves Chinese unchanged, which would double-count it
    ascii_only = text.encode("ascii", "ignore").decode()
    rot13 = _family_weights(codecs.encode(ascii_only, "rot13"), _ROT13_FAMILIES)
    if rot13:
        weights["encoded"] = max(weights.get("encoded", 0.0), max(rot13.values()))
    if _depth == 0:
        hidden = decode_tag_characters(text)
        for payload in _decoded_payloads(text) + ([hidden] if hidden else []):
            inner = detect_injection(payload, _depth=1)
            if inner.score:
                weights["encoded"] = max(weights.get("encoded", 0.0), inner.score)
    return InjectionFinding(score=_combine(weights), families=sorted(weights))


def flag_instructions(text: str) -> list[str]:
    """Instruction-like content in a document chunk, as flags (family names, never the text).

    Empty when the chunk reads as plain data. The ingest pipeline records these per document.
    """
    finding = detect_injection(text)
    if not finding.detected:
        return []
    return [f"instruction:{family}" for family in finding.families]
