"""Detect crisis language (self-harm, suicide, violence, abuse) in zh and en.

Patterns need a personal reference (first person, or someone close to the asker) so that policy
questions about suicide prevention or domestic-violence services do not trigger a referral.
"""

from __future__ import annotations

import re

from guardrails.base import GuardContext, GuardResult, verdict
from guardrails.normalize import canonical

_S = r"[^。！？\n]"
_FIRST = r"(i|i'm|im|i\W+am|i've|i\W+have|i\W+will|i'll|i\W+want|i\W+keep)"
_CLOSE_EN = (
    r"(husband|wife|partner|boyfriend|girlfriend|father|mother|dad|mum|mom|stepfather|"
    r"stepmother|parents?|carer|caregiver|boss|uncle|brother|sister|son|daughter|ex)"
)
_CLOSE_ZH = (
    r"(老公|老婆|先生|太太|丈夫|妻子|男友|女友|男朋友|女朋友|伴侶|爸爸|媽媽|父親|母親|繼父|繼母|"
    r"家人|老闆|叔叔|舅舅|伯伯|照顧者|哥哥|姊姊|姐姐|弟弟|妹妹|前夫|前妻|兒子|女兒)"
)
_FRIEND_EN = (
    r"(friend|son|daughter|child|kid|brother|sister|colleague|client|student|mother|father)"
)
_FRIEND_ZH = (
    r"(朋友|同學|孩子|小孩|兒子|女兒|家人|同事|學生|個案|弟弟|妹妹|哥哥|姊姊|姐姐|媽媽|爸爸)"
)
_SELF_HARM_ZH = (
    r"(想死|想自殺|要自殺|去死|不想活|活不下去|輕生|尋死|自盡|割腕|跳樓|燒炭|上吊|吞藥|"
    r"傷害自己|自殘|了結自己|結束(自己的)?生命|自我了斷)"
)

CRISIS_PATTERNS: tuple[re.Pattern[str], ...] = tuple(
    re.compile(p)
    for p in (
        # self-harm and suicide, en
        r"\b(kill|hurt|harm|cut|injur|starv|poison)\w*\W+myself\b",
        r"\bend(ing)?\W+(my\W+(own\W+)?life|it\W+all)\b",
        r"\b(want|wanna|going|plan|planning|thinking\W+about|thought\W+about|decided)\W+(to\W+)?"
        r"(die|end\W+(it\W+all|my\W+life|things)|commit\W+suicide|kill\W+myself|take\W+my\W+"
        r"(own\W+)?life|jump\W+off)",
        rf"\b{_FIRST}\W+(\w+\W+){{0,3}}?(suicidal|self[-\s]?harming)\b",
        r"\bno\W+(reason|point)\W+(to|in)\W+(live|living|go\W+on|going\W+on)\b",
        r"\b(don'?t|do\W+not)\W+want\W+to\W+(live|be\W+alive|wake\W+up|be\W+here)\b",
        r"\bbetter\W+off\W+dead\b|\bend\W+my\W+life\b|\bsuicide\W+note\b",
        r"\b(can'?t|cannot)\W+(go\W+on|take\W+it\W+anymore|keep\W+going)\b",
        rf"\bmy\W+{_FRIEND_EN}\W+(\w+\W+){{0,3}}?(wants\W+to\W+die|is\W+suicidal|wants\W+to\W+kill"
        r"\W+(him|her|them)sel(f|ves)|is\W+self[-\s]?harming|threaten(s|ed)\W+suicide|is\W+cutting"
        r"\W+(him|her|them)self)",
        # violence, en
        rf"\b{_FIRST}\W+(\w+\W+){{0,2}}?(kill|hurt|stab|shoot|beat\W+up|attack|strangle)\W+"
        r"(him|her|them|my|someone|somebody|people|everyone|everybody)\b",
        # abuse, en
        rf"\b{_CLOSE_EN}\W+(\w+\W+){{0,2}}?(hits|beats|hit|beat|abuses|abused|rapes|raped|hurts|"
        r"threatens|threatened|chokes|choked|kicks|kicked|punches|punched|molests|molested|"
        r"touches|touched|locks|locked)\W+me\b",
        rf"\b{_FIRST}\W+(\w+\W+){{0,2}}?(being\W+)?(abused|beaten|raped|assaulted|molested|"
        r"threatened|trafficked|stalked)\b",
        r"\b(not\W+safe|unsafe|afraid|scared|terrified)\W+(at\W+home|to\W+go\W+home|of\W+my\W+"
        rf"{_CLOSE_EN})\b",
        # self-harm and suicide, zh
        rf"(我|自己){_S}{{0,6}}{_SELF_HARM_ZH}",
        r"(好想死|真想死|想去死|不想活了|不如死了|活著沒有?意義|沒有活下去的理由|活著好累|"
           r"想結束生命|"
        r"想自殺|殺了自己|想傷害自己|想割腕|想跳樓|想燒炭)",
        rf"{_FRIEND_ZH}{_S}{{0,6}}(想自殺|想死|要自殺|不想活|自殘|割腕|輕生|尋死)",
        # violence, zh
        rf"我(要|想|會|真想|準備){_S}{{0,4}}(殺了|殺死|砍死|打死|弄死|捅死|傷害|報復)"
        r"(他|她|他們|她們|某人|大家|所有人|老闆|同事|你|我)",
        # abuse, zh
        rf"{_CLOSE_ZH}{_S}{{0,6}}(打我|揍我|虐待我|性侵我|強暴我|威脅我|掐我|踢我|傷害我|摸我|"
        r"不讓我出門|不讓我離開|把我關)",
        rf"我{_S}{{0,4}}(被|遭到?|遭受|受到){_S}{{0,4}}(家暴|虐待|性侵|強暴|毆打|性騷擾|威脅|跟蹤|"
        r"人口販運|打)",
        rf"(家裡|家中|在家|回家){_S}{{0,4}}(不安全|很危險|好可怕|很害怕|好害怕)",
    )
)


def detect_crisis(text: str) -> bool:
    """True when the text expresses a personal crisis (risk to self or others, abuse)."""
    views = canonical(text)
    return any(p.search(views) for p in CRISIS_PATTERNS)


class CrisisGuard:
    """Fails with detail "crisis": the pipeline then answers with the human contact instead."""

    name = "crisis"

    def check(self, ctx: GuardContext) -> GuardResult:
        if detect_crisis(ctx.question):
            return verdict(self.name, "fail", "crisis", 1.0)
        return verdict(self.name, "pass", score=0.0)
