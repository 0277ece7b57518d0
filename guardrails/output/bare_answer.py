"""An answer must state what it rests on: a bare "yes" or "no" (可以。[1]) leaves the user with a
verdict nobody can check, often after the guard removed the invented reason beside it. Such an
answer is replaced by the passages' own words (the criteria), as for any failed output guard."""

from __future__ import annotations

import re

from guardrails.base import GuardContext, GuardResult, verdict
from guardrails.sentences import strip_citations
from kb.language import han_count

# Yes and no, and "can/cannot", in the languages the chat answers in (longest first). A
# Chinese one has no word boundary: the letters after it are weighed instead.
_LATIN_VERDICTS = (
    "yes no yeah nope correct right true false có không được vâng ya tidak bisa boleh bukan "
    "oo hindi opo puwede ใช่ ไม่ ได้ ไม่ได้"
).split()
_HAN_VERDICTS = "可以 不可以 是的 不是 會 不會 能 不能 有 沒有 對 不對 行 不行 需要 不需要 是 可"
_HAN_VERDICTS = _HAN_VERDICTS.split()


def _alternation(words: list[str]) -> str:
    return "|".join(map(re.escape, sorted(words, key=len, reverse=True)))


_LEADING_VERDICT = re.compile(
    rf"^\W*(?:(?P<han>{_alternation(_HAN_VERDICTS)})"
    rf"|(?:{_alternation(_LATIN_VERDICTS)})(?![^\W\d_]))",
    re.IGNORECASE,
)
# What may follow the yes or no and still say nothing of its grounds ("Yes, you can.",
# "可以申請。"): no number, and at most this many letters, a Chinese character counting three.
MAX_REST_WEIGHT = 8


class StatesItsGroundsGuard:
    """Fails on an answer that is a yes or no and (almost) nothing else."""

    name = "states_its_grounds"

    def check(self, ctx: GuardContext) -> GuardResult:
        text = strip_citations(ctx.draft or "").strip()
        lead = _LEADING_VERDICT.match(text)
        if lead is not None:
            rest = "".join(c for c in text[lead.end() :] if c.isalnum())
            weight = len(rest) + 2 * han_count(rest)
            # a one-character 是, 有, 能 opens many a short real answer ("是政府"): only alone
            limit = 0 if len(lead.group("han") or "xx") == 1 else MAX_REST_WEIGHT
            if weight <= limit and not any(c.isdigit() for c in rest):
                return verdict(self.name, "fail", "a yes or no with nothing it rests on", 0.0)
        return verdict(self.name, "pass", score=1.0)
