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

THRESHOLD = 0.5

_S = r"[^。！？\n]"  # any character inside one Chinese sentence
_EN_TARGET = (
    r"(previous|prior|above|earlier|preceding|foregoing|all|any|your|these|those|system|original|"
    r"initial|my|the following)"
)
_EN_RULES = (
    r"(instructions?|rules?|prompts?|directions?|directives?|guidelines?|constraints?|guardrails?|"
    r"programming|restrictions?|commands?|system message|context)"
)
_ZH_VERB_IGNORE = (
    r"(忽略|無視|不要理會|不理會|不用理會|別理會|不要管|別管|不用管|忘記|忘掉|拋開|拋棄|跳過|撇開|"
    r"不要遵守|不要遵循|不必遵守|停止遵循|停止遵守)"
)
_ZH_PRIOR = r"(以上|上述|之前|先前|前面|上面|剛才|原本|原來|原有|所有|一切|你的|妳的|系統)"
_ZH_RULES = r"(指示|指令|規則|提示|設定|要求|限制|說明|規範|命令|訊息|對話|內容)"
_ZH_MODEL = r"(ai|人工智慧|語言模型|聊天機器人|助理|助手|機器人|模型|llm|gpt)"


@dataclass(frozen=True)
class Pattern:
    family: str
    weight: float
    regex: re.Pattern[str]
    views: tuple[str, ...] = ("base", "leet")


def _p(family: str, weight: float, regex: str, *views: str) -> Pattern:
    return Pattern(family, weight, re.compile(regex, re.MULTILINE), views or ("base", "leet"))


PATTERNS: tuple[Pattern, ...] = (
    # instruction override
    _p("override", 0.9, rf"\b(ignore|disregard|forget|override|bypass|neglect|abandon)\b"
       rf"(\W+\w+){{0,4}}?\W+{_EN_TARGET}\W+(\w+\W+){{0,3}}?{_EN_RULES}\b"),
    _p("override", 0.9, r"\b(ignore|disregard|forget)\W+(everything|all|anything)\W+"
       r"(above|before|previous|prior|earlier|you\W+(were|have\W+been)\W+told)"),
    _p("override", 0.9, r"\b(do\W+not|don'?t|stop)\W+(follow|obey|use)(ing)?\W+(your|the|any)\W+"
       r"(\w+\W+)?(instructions?|rules?|guidelines?|system\W+prompt)"),
    _p("override", 0.9, r"\b(previous|above|prior|earlier|old|original)\W+(instructions?|rules?|"
       r"prompts?)\W+(are|is|were)\W+(now\W+)?(void|null|cancel+ed|obsolete|no\W+longer|invalid|"
       r"revoked|overridden|superseded)"),
    _p("override", 0.9, r"(ignore|disregard|forget|override|bypass)(all|any|the|your|of)*"
       r"(previous|prior|above|earlier|system|preceding)(instructions?|rules?|prompts?)",
       "squashed"),
    _p("override", 0.9, rf"{_ZH_VERB_IGNORE}{_S}{{0,12}}?{_ZH_PRIOR}{_S}{{0,8}}?{_ZH_RULES}"),
    _p("override", 0.9, rf"{_ZH_PRIOR}(的)?(所有)?{_ZH_RULES}(都|全部|一律)?(已經)?"
       r"(無效|作廢|不算數?|取消|失效|廢除|不再適用)"),
    # new instructions replacing the old ones
    _p("new_instructions", 0.6, r"\b(new|updated|real|actual|true|secret|hidden)\W+"
       r"(instructions?|task|rules?|orders?|objective|system\W+prompt)\W*[:：]"),
    _p("new_instructions", 0.6, r"\bfrom\W+now\W+on\b(\W+\w+){0,3}?\W+(you|your|answer|respond|"
       r"reply|act|only|always|never)\b"),
    _p("new_instructions", 0.5, r"\binstead\W*,?\W+(say|write|output|respond|reply|print|"
       r"answer)\b"),
    _p("new_instructions", 0.6, rf"(從現在(開始|起)|從今以後|從此以後){_S}{{0,6}}(你|妳|請|只|一律|"
       rf"都要)"),
    _p("new_instructions", 0.6, r"(新的|真正的|更新的|最新的|秘密|隱藏的?)(指示|指令|任務|"
       r"規則)[:：是]"),
    _p("new_instructions", 0.5, r"(改為|改成|轉而)(回答|輸出|回覆|說)"),
    # role play / persona switch
    _p("roleplay", 0.6, r"\byou\W+are\W+now\b"),
    _p("roleplay", 0.9, r"\byou\W+are\W+(dan|stan|dude|aim|evil\W*bot)\b"),
    _p("roleplay", 0.7, r"\b(pretend|imagine|suppose)\W+(that\W+)?(you\W+are|you'?re|to\W+be)\b"),
    _p("roleplay", 0.7, r"\b(act|behave|respond|answer|speak)\W+(as|like)\W+(if\W+you\W+were\W+)?"
       r"(an?\W+)?(\w+\W+){0,2}?(unrestricted|unfiltered|uncensored|jailbroken|evil|rogue|dan|"
       r"hacker|different\W+ai|ai\W+without|model\W+without|my\W+(deceased|dead|late)|"
       r"system\W+administrator)\b"),
    _p("roleplay", 0.6, r"\brole\W?play(ing)?\W+(as|that|a|an|game)\b"),
    _p("roleplay", 0.6, r"\bstay\W+in\W+character\b"),
    _p("roleplay", 0.6, r"\b(let'?s|let\W+us)\W+(role\W?play|pretend)\b"),
    _p("roleplay", 0.9, r"\bdo\W+anything\W+now\b"),
    _p("roleplay", 0.9, r"\b(dan|stan|dude|aim)\W+(mode|prompt|jailbreak)\b"),
    _p("roleplay", 0.7, r"(假裝|假設|想像|想象)(你|妳)(是|現在是|成為|變成)"),
    _p("roleplay", 0.7, r"(你|妳|請)(現在)?(就)?(來)?(扮演|假扮|充當|化身為?|變身為?)"),
    _p("roleplay", 0.6, r"(你|妳)現在(是|成為|變成)(一個|一名|一位|個|名)"),
    _p("roleplay", 0.35, r"角色扮演"),
    _p("roleplay", 0.8, rf"(不受(任何)?限制|沒有(任何)?限制|無限制|無拘無束|不受約束|"
       rf"邪惡)的{_ZH_MODEL}"),
    # system prompt extraction
    _p("system_prompt", 0.8, r"\b(print|show|reveal|display|repeat|output|dump|leak|disclose|"
       r"tell\W+me|give\W+me|write\W+out|what\W+(is|are|was|were)|share|list|copy|recite|"
       r"spell\W+out|translate|read)\b(\W+\w+){0,5}?\W+(system\W+(prompt|message|instructions?)|"
       r"initial\W+(prompt|instructions?)|hidden\W+(prompt|instructions?)|original\W+"
       r"(prompt|instructions?)|your\W+(prompt|instructions?|rules|guidelines|configuration|"
       r"directives)|(the\W+)?prompt\W+above|developer\W+(message|prompt|instructions?)|"
       r"pre-?prompt|everything\W+above|the\W+text\W+above)\b"),
    _p("system_prompt", 0.35, r"\bsystem\W+prompt\b"),
    _p("system_prompt", 0.8, r"\b(repeat|print|output|copy)\W+(the\W+)?(text|words|everything|"
       r"all)\W+(above|before|preceding)"),
    _p("system_prompt", 0.8, r"\b(begin|start)(ning|ing)?\W+with\W+['\"“]?you\W+are\b"),
    _p("system_prompt", 0.8, r"(reveal|print|show|repeat|output)(your|the)?(system|initial|hidden)"
       r"(prompt|instructions?)", "squashed"),
    _p("system_prompt", 0.8, r"(顯示|輸出|告訴我|列出|重複|洩露|洩漏|透露|給我看|印出|打印|說出|"
       r"公開|"
       rf"複述|寫出|翻譯){_S}{{0,10}}(系統提示|系統指令|系統訊息|系統設定|提示詞|初始指令|初始提示|"
       r"原始指令|原始提示|隱藏指令|隱藏的指令|你的指令|你的設定|你的規則|你的提示|上面的指示|"
       r"以上的指示|開發者訊息)"),
    _p("system_prompt", 0.8, r"(你|妳)的(系統)?(提示詞|指令|設定|規則|系統提示)(是什麼|有哪些|"
       r"內容)"),
    _p("system_prompt", 0.35, r"(系統提示詞?|系統指令)"),
    # delimiter and chat-format attacks
    _p("delimiter", 0.9, r"<\|?\s*(im_start|im_end|system|endoftext|assistant|user|eot_id|"
       r"start_header_id)\s*\|?>"),
    _p("delimiter", 0.9, r"\[/?(inst|sys)\]|<</?sys>>"),
    _p("delimiter", 0.8, r"</?\s*(passage|document|context|system|instructions?|doc|source|"
       r"retrieved|answer)\b[^>]*>"),
    _p("delimiter", 0.7, r"^\s*#{2,}\s*(system|instructions?|new\W+instructions?|assistant|"
       r"response|指示|系統)\b"),
    _p("delimiter", 0.7, r"```\s*(system|instructions?)"),
    _p("delimiter", 0.6, r"\b(end|close)\W+(of\W+)?(the\W+)?(context|document|passage|system\W+"
       r"prompt|instructions|user\W+input)\b"),
    _p("delimiter", 0.6, r"^\s*(system|assistant)\s*[:：]"),
    _p("delimiter", 0.5, r"^\s*(系統|助理|助手)\s*[:：]"),
    _p("delimiter", 0.6, r"(文件|段落|上下文|資料)(到此)?(結束|為止)[\]】>\-=]"),
    # developer mode / restriction removal
    _p("developer_mode", 0.8, r"\b(developer|dev|debug|god|admin|maintenance|sudo|root|"
       r"unrestricted|jailbreak)\W+mode\b"),
    _p("developer_mode", 0.7, r"\bjailbr(eak|oken)"),
    _p("developer_mode", 0.7, r"\b(disable|turn\W+off|bypass|remove|deactivate|switch\W+off|"
       r"lift)\W+(all\W+|any\W+|your\W+)+(the\W+)?(\w+\W+)?(restrictions?|filters?|limitations?|"
       r"censorship|guardrails?|safety|content\W+polic(y|ies)|safeguards?|rules)\b"),
    _p("developer_mode", 0.35, r"\bwithout\W+(any\W+|all\W+|your\W+)+(restrictions?|filters?|"
       r"limitations?|censorship|guardrails?|safeguards?|rules)\b"),
    _p("developer_mode", 0.8, r"(開發者|開發人員|管理員|除錯|調試|上帝|維護|超級使用者|越獄)模式"),
    _p("developer_mode", 0.7, r"越獄"),
    _p("developer_mode", 0.6, rf"(解除|移除|關閉|取消|繞過|停用|無視){_S}{{0,2}}(你的|所有|一切|"
       rf"任何)"
       rf"{_S}{{0,4}}(限制|過濾|審查|安全機制|安全規則|安全設定|護欄|規範)"),
    _p("developer_mode", 0.7, r"(不受|沒有|不用管)(任何)?(限制|審查|過濾|規則)(地|的)?(回答|回覆|"
       r"說)"),
    # claimed authority
    _p("authority", 0.5, r"\bi\W+am\W+(your|the|an?)\W+(developer|creator|administrator|admin|"
       r"owner|programmer|operator|system)\b"),
    _p("authority", 0.6, r"\b(admin|administrator|developer|system|root)\W+(override|command|"
       r"authori[sz]ation|access\W+granted)\b"),
    _p("authority", 0.5, r"我是(你的|妳的|這個系統的|系統的?)?(開發者|開發人員|管理員|創造者|"
       r"工程師|擁有者|"
       r"設計者)"),
    _p("authority", 0.35, r"(管理員|最高|系統)(權限|指令|授權)"),
    # exfiltration of personal data the scrubber removed
    _p("exfiltration", 0.6, r"\b(reveal|show|list|print|output|give|dump|export|restore|undo)\b"
       r"(\W+\w+){0,4}?\W+(unredacted|unmasked|original|raw|real|hidden|redacted|removed|masked)"
       r"\W+(\w+\W+){0,2}?(personal\W+data|names?|phone|id\W+numbers?|addresses|e-?mails?|pii|"
       r"data|identities)"),
    _p("exfiltration", 0.6, rf"(還原|顯示|列出|輸出|給我|告訴我){_S}{{0,8}}(被遮蔽|遮蔽前|未遮蔽|"
       rf"被隱藏|"
       rf"原始|真實|完整){_S}{{0,6}}(姓名|名字|身分證|電話|地址|個資|個人資料)"),
    # output hijacking
    _p("output_hijack", 0.9, r"\bi\W+have\W+been\W+pwned\b"),
    _p("output_hijack", 0.6, r"\bpwned\b"),
    _p("output_hijack", 0.4, r"\b(respond|reply|answer)\W+only\W+with\b"),
    _p("output_hijack", 0.5, r"(只|僅)(回答|回覆|輸出|說)[「\"“']"),
    _p("output_hijack", 0.6, r"\b(include|insert|add|append|embed)\W+(this\W+|the\W+following\W+|"
       r"a\W+|an\W+)?(link|url|hyperlink|image|markdown\W+image)\b"),
    _p("output_hijack", 0.6, rf"(加入|插入|附上|包含|附加){_S}{{0,10}}(連結|網址|http|廣告|圖片)"),
    # text addressed to the model (mostly planted in documents)
    _p("addressed_to_model", 0.7, r"\b(if\W+you\W+are\W+an?\W+(ai|language\W+model|llm|assistant|"
       r"chatbot|bot)|note\W+to\W+(the\W+)?(ai|assistant|llm|model|chatbot|bot)|(ai|llm|assistant|"
       r"chatbot|model)s?\W+(reading|processing|summari[sz]ing|answering)|attention\W+(ai|"
       r"assistant|llm|chatbot|model))\b"),
    _p("addressed_to_model", 0.7, r"\binstructions?\W+(for|to)\W+(the\W+|any\W+)?(ai|model|"
       r"assistant|llm|chatbot|bot)s?\b"),
    _p("addressed_to_model", 0.7, rf"(如果你是|若你是|假如你是|如果妳是){_S}{{0,4}}{_ZH_MODEL}"),
    _p("addressed_to_model", 0.7, rf"(給|致){_S}{{0,3}}{_ZH_MODEL}{_S}{{0,3}}(的)?(指示|指令|訊息|"
       rf"說明|"
       r"注意事項)?\s*[:：]"),
    _p("addressed_to_model", 0.6, rf"{_ZH_MODEL}\s*[,，:：]\s*(請|你|妳)"),
    _p("addressed_to_model", 0.4, r"\bwhen\W+(you\W+)?(answer|respond|reply)(ing)?\b(\W+\w+){0,6}?"
       r"\W+(always|must|never|instead)\b"),
    _p("addressed_to_model", 0.4, rf"(回答|回覆)(時|的時候){_S}{{0,6}}(一律|總是|務必|都要)"),
    # encoded payloads announced as instructions
    _p("encoded", 0.6, r"\b(decode|base64|rot13|hex)\b.{0,40}\b(follow|execute|obey|run|do\W+what|"
       r"instructions?|comply)\b"),
    _p("encoded", 0.6, rf"(解碼|base64|rot13){_S}{{0,12}}(執行|照做|遵守|遵循|指示|指令)"),
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
