"""Each rule of guardrails/rules/*.toml matches its positive examples and none of its negatives."""

from __future__ import annotations

import tomllib
from collections.abc import Callable

import pytest

from guardrails.normalize import canonical, matching_views
from guardrails.rules import RULES_DIR, Rule, load_rules

EXAMPLES_DIR = RULES_DIR / "examples"


def _examples(name: str) -> dict[str, dict[str, list[str]]]:
    return tomllib.loads((EXAMPLES_DIR / f"{name}.toml").read_text(encoding="utf-8"))


def _bias_matches(rule: Rule, text: str) -> bool:
    # the copulas are matched at the start of what follows a group term in canonical text
    if rule.name.startswith("copula_"):
        return rule.compiled.match(text) is not None
    return rule.compiled.search(canonical(text)) is not None


def _injection_matches(rule: Rule, text: str) -> bool:
    views = matching_views(text)
    return any(rule.compiled.search(views[v]) for v in rule.views or ("base", "leet"))


def _cue_matches(rule: Rule, text: str) -> bool:
    # a combination matches when all its cues are in one view, as in combination_weights
    cues = load_rules("injection_cues")
    for view in ("base", "leet"):
        text_view = matching_views(text)[view]
        if rule.kind == "cue" and rule.compiled.search(text_view):
            return True
        if rule.kind == "combination" and all(
            cues[c].compiled.search(text_view) for c in rule.cues
        ):
            return True
    return False


def _crisis_matches(rule: Rule, text: str) -> bool:
    return rule.compiled.search(canonical(text)) is not None


MATCHERS: dict[str, Callable[[Rule, str], bool]] = {
    "bias": _bias_matches,
    "crisis": _crisis_matches,
    "injection": _injection_matches,
    "injection_cues": _cue_matches,
}
CASES = [
    (name, rule.name, kind, text)
    for name in MATCHERS
    for rule in load_rules(name).rules
    for kind in ("positive", "negative")
    for text in _examples(name).get(rule.name, {}).get(kind, [])
]


@pytest.mark.parametrize("name", sorted(MATCHERS))
def test_every_rule_has_examples_of_both_kinds(name: str) -> None:
    examples = _examples(name)
    rules = {rule.name for rule in load_rules(name).rules}
    assert set(examples) == rules, "examples for unknown rules, or rules without examples"
    for rule, cases in examples.items():
        assert cases.get("positive") and cases.get("negative"), rule


@pytest.mark.parametrize(("name", "rule", "kind", "text"), CASES)
def test_rule_matches_positives_only(name: str, rule: str, kind: str, text: str) -> None:
    assert MATCHERS[name](load_rules(name)[rule], text) is (kind == "positive")


def test_every_rule_file_has_a_matcher() -> None:
    assert {p.stem for p in RULES_DIR.glob("*.toml")} == set(MATCHERS)


@pytest.mark.parametrize(
    ("body", "error"),
    [
        ("[[rules]]\nname = 'x'\nregex = 'a{nope}'\n", "unknown fragment"),
        ("[[rules]]\nname = 'x'\nregex = 'a'\n[[rules]]\nname = 'x'\nregex = 'b'\n", "duplicate"),
        ("[[rules]]\nname = 'x'\nfamily = 'f'\nregex = 'a'\n", "family and weight"),
    ],
)
def test_malformed_rule_file_is_an_error(tmp_path, monkeypatch, body: str, error: str) -> None:
    import guardrails.rules as rules

    (tmp_path / "broken.toml").write_text(body)
    monkeypatch.setattr(rules, "RULES_DIR", tmp_path)
    rules.load_rules.cache_clear()
    try:
        with pytest.raises(ValueError, match=error):
            rules.load_rules("broken")
    finally:
        rules.load_rules.cache_clear()
