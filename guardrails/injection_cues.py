"""Co-occurring cues of an attack, for paraphrases that the fixed patterns in `injection` miss.

Each cue is a small lexicon (zh and en, on canonical text). An attack usually combines a few:
something to disregard and the rules to disregard, something to reveal and the model's own
context, a persona and a lack of limits. `CUE_COMBINATIONS` gives the weight of each
combination; one cue alone is normal language ("rules", "role", "previous") and scores nothing.
"""

from __future__ import annotations

from guardrails.rules import load_rules

# The cues and their combinations live in guardrails/rules/injection_cues.toml.
_RULES = load_rules("injection_cues")
CUES: dict[str, str] = {r.name: r.regex for r in _RULES.of_kind("cue")}
# (family, weight, cues that must all be present), in the order they are tried
CUE_COMBINATIONS: tuple[tuple[str, float, tuple[str, ...]], ...] = tuple(
    (r.family, r.weight or 0.0, r.cues) for r in _RULES.of_kind("combination")
)
_COMPILED = {r.name: r.compiled for r in _RULES.of_kind("cue")}


def cues_in(text: str) -> set[str]:
    """Names of the cues present in canonical `text`."""
    return {name for name, regex in _COMPILED.items() if regex.search(text)}


def combination_weights(text: str) -> dict[str, float]:
    """Family weights from the cue combinations present in canonical `text`."""
    present = cues_in(text)
    weights: dict[str, float] = {}
    for family, weight, needed in CUE_COMBINATIONS:
        if all(cue in present for cue in needed) and weight > weights.get(family, 0.0):
            weights[family] = weight
    return weights
