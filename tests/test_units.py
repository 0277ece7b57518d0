"""The one unit table (kb/units.toml, kb/units.py): it loads, refuses an inconsistent table, and
no module keeps a list of units of its own."""

from __future__ import annotations

import ast
import re
from pathlib import Path
from typing import get_args

import pytest
from pydantic import ValidationError

from kb.units import Check, load_units, parse_units

ROOT = Path(__file__).resolve().parents[1]

UNIT = """
[kinds.money]
[kinds.magnitude]
[[units]]
name = "yuan"
kind = "money"
spellings = [{ zh = "元", checks = ["measure_after"] }, { en = "yuan", checks = ["not_a_year"] }]
"""


def test_the_table_loads_and_every_check_is_used() -> None:
    table = load_units()
    used = {c for u in table.units for s in u.spellings for c in s.checks}
    assert used == set(get_args(Check))
    assert table.unit_of("date_or_duration", "日").name == "day"
    assert {u.kind for u in table.units} <= set(table.kinds)


def test_an_alternation_takes_the_longest_spelling_and_its_tail() -> None:
    table = parse_units(
        UNIT
        + """
[[units]]
name = "euro"
kind = "money"
spellings = [
    { en = "eur", checks = ["measure_after"] },
    { en = "euros", checks = ["measure_after"], tail = { measure_after = "(?!x)" } },
]
"""
    )
    pattern = table.alternation("measure_after", word_end=r"\b")
    assert pattern == r"euros(?!x)|eur\b|元"
    assert re.match(f"(?:{pattern})", "euros").group(0) == "euros"  # type: ignore[union-attr]
    assert table.alternation("spoken") == ""
    assert table.alternation("measure_after", kind="money", langs=("zh",)) == "元"


def test_a_kind_word_with_a_star_takes_any_ending() -> None:
    table = parse_units('[kinds.money]\nwords = { en = ["refund*", "fee"] }\n')
    pattern = re.compile(rf"\b(?:{table.kinds['money'].word_pattern('en')})\b")
    assert pattern.search("refunded") and pattern.search("fee")
    assert not pattern.search("fees")


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        ('[[units]]\nname = "yuan"\nkind = "money"\nspellings = []\n', "unit names listed twice"),
        (
            '[[units]]\nname = "kuai"\nkind = "money"\n'
            'spellings = [{ zh = "元", checks = ["asked"] }]\n',
            "spellings listed twice",
        ),
        ('[[units]]\nname = "wan"\nkind = "magnitude"\nspellings = []\n', "factor"),
        ('[[units]]\nname = "km"\nkind = "length"\nspellings = []\n', "undeclared kinds"),
        (
            '[[units]]\nname = "x"\nkind = "money"\n'
            'spellings = [{ en = "x", checks = ["spoken"], tail = { asked = "" } }]\n',
            "tail for checks it is not in",
        ),
        (
            '[[units]]\nname = "x"\nkind = "money"\n'
            'spellings = [{ en = "x", checks = ["typo"] }]\n',
            "checks",
        ),
        (
            '[[units]]\nname = "x"\nkind = "money"\n'
            'spellings = [{ en = "USD", checks = ["spoken"] }]\n',
            "lower case",
        ),
        (
            '[[units]]\nname = "x"\nkind = "money"\n'
            'spellings = [{ en = "x", zh = "x", checks = ["spoken"] }]\n',
            "exactly one of",
        ),
    ],
)
def test_an_inconsistent_table_is_refused(extra: str, message: str) -> None:
    with pytest.raises((ValidationError, ValueError), match=message):
        parse_units(UNIT + extra)


def _alternatives(pattern: str) -> set[str]:
    """The plain words of a regex's alternations ("(?:元|塊|kg)" -> {"元", "塊", "kg"})."""
    return {w for w in re.split(r"\\[bdsw]|[^\w$]+", pattern) if w}


def test_no_module_keeps_its_own_list_of_units() -> None:
    # Three or more of the table's spellings as alternatives in one string literal are a unit
    # list written as code (the lists kb/years.py, kb/measures.py and guardrails/quantities.py
    # kept before the table had five to thirty each).
    spellings = {s.text for u in load_units().units for s in u.spellings if len(s.text) > 1}
    found = []
    for package in ("kb", "ingest", "guardrails", "eval", "ui", "bench"):
        for source in sorted((ROOT / package).rglob("*.py")):
            for node in ast.walk(ast.parse(source.read_text(encoding="utf-8"))):
                if isinstance(node, ast.Constant) and isinstance(node.value, str):
                    named = _alternatives(node.value) & spellings
                    if "|" in node.value and len(named) >= 3:
                        found.append(f"{source.relative_to(ROOT)}:{node.lineno} {sorted(named)}")
    assert found == []
