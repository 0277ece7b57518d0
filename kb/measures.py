"""The kind of quantity a question asks for (a length of time, money, a weight), and whether a
passage sentence speaks of that kind of thing at all.

Asked how heavy a load a volunteer may carry, with no retrieved passage about weights, the model
gave a weight that no document states. A question asking for an amount of one kind is answered
only from sentences about that kind. The sentence side is read loosely, by its words and not by
its numbers ("a month", "免費", "kept permanently" answer without a digit), so that a question
the documents answer is not refused for the way they phrase it.
"""

from __future__ import annotations

import re

# What the question asks for. "多重" also means "multiple" (多重障礙), so it asks for a weight
# only before the thing weighed or at the end of the question.
_ASKED = {
    "time": re.compile(
        r"多久|多長(?:的)?時間|(?:幾|多少)\s*個?\s*(?:工作)?(?:天|日|週|星期|禮拜|月|小時|鐘頭|分鐘)"
        r"|(?:幾|多少)\s*年(?!級)"
        r"|\bhow (?:long|soon|quickly)\b"
        r"|\bhow many (?:working |calendar )?(?:days|weeks|months|years|hours|minutes)\b",
        re.IGNORECASE,
    ),
    "money": re.compile(
        r"多少錢|(?:多少|幾)\s*(?:元|塊)|費用是多少|多少費用"
        r"|\bhow much money\b|\bhow many dollars\b"
        r"|\bhow much (?:does|do|did|will|would|is|was)\b[^?？]{0,60}?\bcost\b"
        r"|\bwhat (?:is|was|are|were) the (?:cost|fee|price|charge)s?\b",
        re.IGNORECASE,
    ),
    "weight": re.compile(
        r"多重(?=的(?:東西|物品|重物|貨物|箱子)|\s*[？?呢啊嗎]|\s*$)|(?:幾|多少)\s*公斤"
        r"|\bhow heavy\b|\bhow much weight\b|\bwhat weight\b"
        r"|\bhow much (?:does|do|did|will|would|is|was|can)\b[^?？]{0,60}?\bweigh\b"
        r"|\bhow many (?:kg|kilos?|kilograms?|pounds)\b",
        re.IGNORECASE,
    ),
}

# What a sentence about each kind of quantity mentions, with or without a number.
_SPOKEN = {
    "time": re.compile(
        r"[天日週月年]|小時|鐘頭|時間|期限|期間|星期|禮拜|分鐘|永久|隨時"
        r"|\b(?:days?|weeks?|fortnights?|months?|years?|annual(?:ly)?|hours?|minutes?"
        r"|permanent(?:ly)?|indefinitely|daily|weekly|monthly|yearly)\b",
        re.IGNORECASE,
    ),
    "money": re.compile(
        r"[元錢費價款額]|新臺幣|新台幣|[$£€]"
        r"|\b(?:nt\$|ntd|twd|usd|hkd|dollars?|costs?|fees?|prices?|charges?|free|pay|paid"
        r"|payments?|grants?|amounts?|reimburs\w*|refund\w*)\b",
        re.IGNORECASE,
    ),
    "weight": re.compile(
        r"公斤|公克|重量|重物|磅|\d\s*(?:kg|g|lbs?)\b"
        r"|\b(?:kg|kilos?|kilograms?|grams?|pounds?|weigh\w*|heavy|heavier)\b",
        re.IGNORECASE,
    ),
}


def kinds_asked(question: str) -> frozenset[str]:
    """The kinds of quantity ("time", "money", "weight") the question asks for."""
    return frozenset(kind for kind, pattern in _ASKED.items() if pattern.search(question))


def speaks_of(kinds: frozenset[str], sentence: str) -> bool:
    """Whether the sentence mentions any of `kinds` (always true when none is asked)."""
    return not kinds or any(_SPOKEN[kind].search(sentence) for kind in kinds)
