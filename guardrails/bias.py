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
from guardrails.sentences import split_sentences

GROUPS: dict[str, tuple[str, ...]] = {
    "ethnic_minority": (
        r"\b(ethnic\W+)?minorities\b", r"\bindigenous\b", r"\baboriginal", r"\bblack\W+people\b",
        r"\basians\b", r"\bethnic\W+minority\b", "少數民族", "原住民", "族群", "黑人",
    ),
    "migrant": (
        r"\b(im)?migrants?\b", r"\bimmigrants?\b", r"\brefugees?\b", r"\basylum\W+seekers?\b",
        r"\bforeign(ers|\W+workers?|\W+domestic\W+helpers?)\b", r"\bnewcomers\b",
        "新住民", "移民", "移工", "外籍勞工", "外勞", "外籍看護", "外傭", "難民", "外國人",
        "外籍配偶",
        "外配", "陸配", "東南亞籍",
    ),
    "single_parent": (
        r"\bsingle\W+(parents?|mothers?|fathers?|mums?|moms?|dads?)\b", r"\blone\W+parents?\b",
        "單親",
    ),
    "ex_offender": (
        r"\bex\W?(offenders?|prisoners?|convicts?|inmates?)\b", r"\bformer\W+(prisoners?|"
        r"offenders?|inmates?)\b", r"\bpeople\W+with\W+(a\W+)?criminal\W+records?\b",
        "更生人", "前科", "出獄", "受刑人", "刑滿",
    ),
    "disability": (
        r"\bdisabled\b", r"\bdisabilit(y|ies)\b", r"\bwheelchair\W+users?\b", r"\bdeaf\b",
        r"\bblind\b", r"\bautistic\b", r"\bhandicapped\b", r"\bmentally\W+ill\b",
        "身心障礙", "殘障", "殘疾", "障礙者", "視障", "聽障", "自閉症", "智能障礙", "精神疾病患者",
    ),
    "non_native_speaker": (
        r"\bnon\W?native\W+(english\W+|chinese\W+)?speakers?\b", r"\b(people|those)\W+who\W+"
        r"(don'?t|do\W+not|cannot|can'?t)\W+speak\W+(english|chinese)", r"\besl\W+learners?\b",
        "非母語", "不會說中文", "不會講中文", "中文不好的人", "不懂中文",
    ),
    "gender": (
        r"\bwomen\b", r"\bmen\b", r"\bgirls\b", r"\bfemales?\b", r"\bmales?\b", r"\bmothers\b",
        "女性", "女人", "男性", "男人", "婦女", "女生", "男生",
    ),
    "religion": (
        r"\bmuslims?\b", r"\bchristians?\b", r"\bbuddhists?\b", r"\bjews\b", r"\bjewish\b",
        r"\bhindus?\b", r"\batheists?\b", r"\breligious\W+people\b",
        "穆斯林", "回教徒", "基督徒", "佛教徒", "猶太人", "宗教人士", "信徒", "無神論者",
    ),
    "older_age": (
        r"\b(elderly|seniors|senior\W+citizens|pensioners)\b",
        r"\bolder\W+(people|workers|adults|employees)\b", r"\bboomers\b",
        "長者", "老人", "老年人", "年長者", "高齡者", "中高齡", "銀髮族", "年長員工",
    ),
    "young_age": (
        r"\byoung\W+(people|workers)\b", r"\bteenagers\b", r"\bmillennials\b",
        "年輕人", "青少年",
    ),
    "lgbt": (
        r"\blgbt", r"\bgay\b", r"\blesbians?\b", r"\btransgender\b", r"\bqueer\b",
        "同性戀", "跨性別", "同志", "性少數",
    ),
    "poverty": (
        r"\bpoor\W+(people|families)\b", r"\blow\W?income\W+(people|families|households)\b",
        r"\bhomeless\b", r"\bwelfare\W+recipients\b",
        "窮人", "低收入戶", "遊民", "街友", "弱勢家庭",
    ),
}

# "dangerous jobs" and "危險的工作" describe a group's situation, not a trait of the group.
_NOT_SITUATION_EN = r"(?!\W+(jobs?|work|conditions|environments?|situations?|places?|sectors?))"
_NOT_SITUATION_ZH = r"(?!的?(工作|環境|處境|條件|職業|行業|地區))"

NEGATIVE_TRAITS: tuple[str, ...] = (
    r"\blazy\b", r"\bdishonest\b", r"\bcriminals?\b",
    rf"\bdangerous\b{_NOT_SITUATION_EN}", rf"\bviolent\b{_NOT_SITUATION_EN}",
    r"\bunreliable\b", r"\bincompetent\b", r"\bstupid\b", r"\bunintelligent\b",
    r"\bless\W+(capable|intelligent|productive|reliable|committed|competent|trustworthy|skilled)\b",
    r"\buntrustworthy\b", r"\birresponsible\b", r"\bdirty\b", r"\ba\W+burden\b",
    r"\bfreeloaders?\b", r"\bscroungers?\b", r"\baggressive\b", r"\b(cannot|can'?t|unable\W+to)\W+"
    r"(learn|adapt|handle|cope|be\W+trusted|understand)\b", r"\bslow\W+learners?\b",
    r"\b(bad|worse|terrible|hopeless)\W+at\b", r"\binferior\b", r"\bemotional(ly\W+unstable)?\b",
    r"\bweak\b", r"\btoo\W+old\W+to\b", r"\bnot\W+(tech|technology)\W?savvy\b",
    r"\b(likely|prone)\W+to\W+(re-?offend|commit\W+crimes?|steal|lie|cheat|fail)\b",
    r"\bthieves\b", r"\bbenefit\W+cheats?\b", r"\bunemployable\b", r"\buneducated\b",
    r"\billiterate\b", r"\bbackward\b", r"\bprimitive\b", r"\bfanatic(al|s)?\b",
    r"\bextremists?\b", r"\bterrorists?\b", r"\bhysterical\b", r"\bbad\W+parents?\b",
    r"\bneglectful\b", r"\bunfit\b", r"\bnot\W+suitable\W+for\b", r"\bshould\W+not\W+be\W+"
    r"(hired|trusted|allowed)\b", r"\bdrain\W+on\b", r"\btake\W+advantage\W+of\b",
    "懶惰", "好吃懶做", "不誠實", "愛說謊", "(會|愛|容易)犯罪", "犯罪(分子|傾向)",
    f"危險{_NOT_SITUATION_ZH}", "暴力傾向", "(很|比較|較|都)暴力", "不可靠", "不可信",
    "不值得信任", "無能",
    "愚笨", "笨", "能力(比較|較)?(差|低|不足)", "效率(比較|較)?(低|差)", "不負責任", "骯髒", "負擔",
    "拖累", "累贅", "佔便宜", "米蟲", "學不會", "學不好", "跟不上",
    "不適合(工作|學習|使用|擔任|錄用)",
    "情緒化", "軟弱", "太老", "落後", "沒文化", "沒教養", "素質(低|差)", "狂熱", "極端", "恐怖分子",
    "難以管理", "會再犯", "容易再犯", "不稱職", "不會教(小孩|孩子)", "問題家庭", "不適任",
    "麻煩製造者",
    "偷竊", "小偷", "不能信任", "不應(該)?(雇用|錄用|信任)",
)

GENERALISERS: tuple[str, ...] = (
    r"\ball\b", r"\bmost\b", r"\bevery\b", r"\balways\b", r"\bnever\b", r"\btypically\b",
    r"\busually\b", r"\bgenerally\b", r"\btend\W+to\b", r"\bnaturally\b", r"\bby\W+nature\b",
    r"\binherently\b", r"\bthese\W+people\b", r"\bsuch\W+people\b", r"\bthose\W+people\b",
    r"\bknown\W+(to\W+be|for)\b", r"\beveryone\W+knows\b", r"\bas\W+a\W+rule\b",
    "都是", "都很", "都比較", "都會", "都不", "通常", "往往", "總是", "一向", "普遍", "大多",
    "大部分",
    "天生", "本來就", "一般都", "就是比較", "比較容易", "比較會", "這些人", "這種人", "那些人",
    "向來",
    "眾所周知", "一律",
)

_COPULA_EN = r"\W+(are|is|were|tend|can'?t|cannot|don'?t|do\W+not|lack|make|have\W+no)\b"
_COPULA_ZH = r".{0,3}(都|就是|比較|很|較|就|是|容易|會|常)"

REJECTION_CUES: tuple[str, ...] = (
    r"\bmyths?\b", r"\bstereotypes?\b", r"\bnot\W+true\b", r"\bfalse\W+(that|to)\b",
    r"\bmisconceptions?\b", r"\bprejudices?\b", r"\bbias(es|ed)?\b", r"\bno\W+evidence\b",
    r"\bit\W+is\W+wrong\b", r"\bdiscriminat", r"\bwrongly\b", r"\bassum(e|es|ption)",
    r"\bare\W+not\b", r"\bis\W+not\b",
    "不是", "並非", "並不", "刻板印象", "迷思", "偏見", "誤解", "不應(該)?認為", "歧視", "沒有證據",
    "錯誤的", "不代表", "誤以為", "錯誤地認為",
)


def _compile(patterns: tuple[str, ...]) -> re.Pattern[str]:
    return re.compile("|".join(f"(?:{p})" for p in patterns))


_GROUP_RES = {name: _compile(terms) for name, terms in GROUPS.items()}
_TRAIT_RE = _compile(NEGATIVE_TRAITS)
_GENERAL_RE = _compile(GENERALISERS)
_REJECT_RE = _compile(REJECTION_CUES)

# The groups a question about a protected group is usually set against ("single parents" or
# "married parents"). Not stereotyped themselves here; named only so `neutralise_groups` can
# treat both sides of such a question alike.
COMPARATORS: tuple[str, ...] = (
    r"\b(married|two\W+parent|coupled)\W+(parents?|families|households)\b", "雙親(家庭)?",
    r"\blocal\W+(residents?|people|workers|citizens)\b", r"\blocals\b", "本地(居民|人|勞工)",
    "本國(人|籍)",
    r"\bnative\W+(english\W+|chinese\W+)?speakers?\b", "母語人士",
    r"\bnon\W?disabled\b", "非身心障礙",
    r"\blong\W+term\W+unemployed\b", "長期失業",
    r"\byounger\W+(people|workers|adults|employees)\b", "年輕",
)
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
            if (_GENERAL_RE.search(norm) or re.match(_COPULA_EN, after)
                    or re.match(_COPULA_ZH, after)):
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
