"""Co-occurring cues of an attack, for paraphrases that the fixed patterns in `injection` miss.

Each cue is a small lexicon (zh and en, on canonical text). An attack usually combines a few:
something to disregard and the rules to disregard, something to reveal and the model's own
context, a persona and a lack of limits. `CUE_COMBINATIONS` gives the weight of each
combination; one cue alone is normal language ("rules", "role", "previous") and scores nothing.
"""

from __future__ import annotations

import re

CUES: dict[str, str] = {
    "disregard": (
        r"\b(ignore|ignoring|disregard|forget|overlook|set\W+aside|put\W+aside|bypass|"
        r"override|abandon|stop\W+following|don'?t\W+follow|do\W+not\W+follow|no\W+longer"
        r"\W+follow|not\W+bound\W+by|free\W+from)\b|忽略|無視|不用管|別管|不要管|不必管|放下|拋開|"
        r"拋棄|忘記|忘掉|撇開|不需要遵守|不用遵守|不必遵守|無須遵守|不要遵守|不需遵守|不理會|不用理"
    ),
    "rules": (
        r"\b(instructions?|directives?|guidance|guidelines?|rules|policies|prompt|preamble|"
        r"constraints|restrictions|guardrails?|safety|filters?|limits|programming|"
        r"configuration)\b|指示|指令|規則|規定|設定|政策|限制|提示|審查|約束|規範|守則|安全機制|"
        r"過濾機制|防護機制"
    ),
    "prior": (
        r"\b(earlier|prior|previous|above|original|initial|preceding)\b|before\W+(this|my)\b|前面|之前|以上|上面|上述|最初|原本|原先|收到的|給你的|先前"
    ),
    "reveal": (
        r"\b(print|show|reveal|repeat|tell\W+me|write\W+out|paste|output|reply\W+with|"
        r"list|translate|recite|dump|expose|share|disclose|echo|copy\W+out|read\W+out|spell\W+out)\b|"
        r"word\W+for\W+word|verbatim|"
        r"exact\W+wording|貼出|原封不動|逐字|一字不漏|印出|顯示|告訴我|翻譯|翻译|列出|複述|公開|輸出|"
        r"說出|寫出來|念給我"
    ),
    "own_context": (
        r"\b(context\W+window|hidden\W+preamble|system\W+(prompt|message)|"
        r"instructions\W+you\W+(received|were\W+given|got)|rules\W+you\W+follow|"
        r"text\W+(that\W+)?(appears|came|comes)\W+before\W+my\W+message|your\W+(\w+\W+){0,2}?"
        r"(prompt|instructions|preamble|configuration|setup|directives)|you\W+were\W+"
        r"(configured|initiali[sz]ed|programmed|set\W+up|instructed|told)|(developers?|creators?)"
        r"\W+told\W+you|told\W+(you\W+)?not\W+to\W+(tell|say|reveal|share)|hidden\W+(text|"
        r"message|instructions?|rules)|secret\W+instructions?|before\W+(our|this|the)\W+"
        r"(chat|conversation)\W+(began|started))\b|你收到的|最初收到|系統給你|系統提示|給你的指示|你的設定|"
        r"你的指令|你的規則|你的提示|你被(設定|設計|要求|告知|指示)|被告知不能|開場指令|開場白|初始設定|"
        r"一開始給你|隱藏(的)?(設定|指令|規則|提示)|後台設定"
    ),
    "persona": (
        r"\b(no\W+longer\W+an?|you\W+are\W+now|you'?re\W+now|assume\W+the\W+role|act\W+as|"
        r"play\W+the\W+role\W+of\W+an?\W+(rogue|evil|unrestricted|free)|simulate|"
        r"pretend|role\W?play|impersonate|become|behave\W+like|answer\W+as\W+an?|respond\W+as"
        r"\W+an?|you\W+are\W+an?\W+(ai|bot|assistant|model))\b|你不再是|你現在是|你是一個|扮演|模擬|"
        r"模仿|當作|假裝|假扮|化身|"
        r"以.{1,6}的身分"
    ),
    "unrestricted": (
        r"\b(no\W+limits|no\W+restrictions|unrestricted|uncensored|unfiltered|without\W+"
        r"(any\W+)?(filters|limits|restrictions|censorship|guardrails|rules)|root\W+access|"
        r"rogue|freegpt|jailbroken|anything\W+goes|no\W+content\W+polic(y|ies)|zero\W+rules|"
        r"no\W+rules|no\W+(ethics|morals)|developer\W+access|hacked)\b|沒有限制|不受限制|沒有審查|"
        r"無審查|沒有任何限制|自由的\s*ai|沒有規則|不受約束|無限制|沒有(任何)?(道德)?(約束|底線|規範)|"
        r"被駭|無過濾|不過濾"
    ),
    "ai_self": (
        r"\b(ai|assistant|chatbot|bot|model|gpt|llm)\b|聊天機器人|助理|人工智慧|語言模型|ai"
    ),
    "disabled": (
        r"\b(disabled|turned\W+off|switched\W+off|deactivated|suspended|lifted|removed)\b|"
        r"已經?關閉|已經?解除|已經?停用|關掉了|失效|=\s*off"
    ),
    "obey": (
        r"\b(obey\W+me|do\W+as\W+i\W+say|do\W+what\W+i\W+say|you\W+must\W+comply|"
        r"follow\W+my\W+orders)\b|照我說的做|服從我|聽我的|按照我說的|完全服從"
    ),
    "fake": (
        r"\b(fake|false|void|invalid|not\W+real|don'?t\W+count|no\W+longer\W+apply|"
        r"(didn'?t|did\W+not|don'?t|do\W+not)\W+exist|cancell?ed)\b|是假的|不算數?|無效|作廢|不適用了|不存在|"
        r"全部取消|都取消"
    ),
    "mode_switch": (
        r"\b(unfiltered|uncensored|unrestricted|no-?filter|god|dan|developer|debug|admin)\W+mode\b|"
        r"(無過濾|無審查|不過濾|開發者|除錯|管理員|無限制)模式"
    ),
    "drop_documents": (
        r"\b(don'?t|do\W+not)\W+(use|look\W+at|rely\W+on)\W+the\W+documents|(forget|ignore)"
        r"\W+(about\W+)?the\W+documents|invent\W+(a|an|"
        r"the)?\W*\w*\W*answer|make\W+up\W+(a|an|the)\W+answer|不要根據文件|不用根據文件|編造答案|"
        r"自己編一個|無視文件|忽略文件|不要管文件"
    ),
    "no_sources": (
        r"\bwithout\W+(any\W+)?(sources|citations)\b|\bno\W+citations\b|不要引用|不用引用|"
        r"不要附上來源|不要標註來源"
    ),
    "you": r"\b(you|your|yourself)\b|你|妳",
    "testing": (
        r"\b(for\W+testing|test(ing)?\W+purposes|this\W+is\W+a\W+test)\b|這是(一個)?測試|測試用"
    ),
    "from_now": (
        r"\b(from\W+(here|now)\W+on|for\W+the\W+rest\W+of|every\W+(question|answer|reply)|"
        r"all\W+(future|later)\W+(answers|replies))\b|接下來的對話|之後的回答|以後都|從現在起|"
        r"之後都|每一個回答"
    ),
    "style_override": (
        r"\b(in\W+uppercase|in\W+all\W+caps|as\W+a\W+pirate|in\W+pirate|in\W+rhymes?|"
        r"in\W+emoji)\b|注音文|火星文|用簡體|全部大寫"
    ),
    "debug": (
        r"\b(debug(ging)?\W+(mode|state)|simulate\W+a\W+terminal|sudo|"
        r"print\W+(all\W+)?variables|cat\W+\S+\.txt)\b|除錯狀態|除錯模式|調試|印出所有變數|後台模式"
    ),
    "unmask": (
        r"\b(unredact|unmask|de-?anonymi[sz]e|reveal\W+the\W+real)\b|還原|解除遮蔽|"
        r"真實姓名|原本的名字"
    ),
    "people_data": (
        r"\b(names?|phone\W+numbers?|addresses|clients?\W+on\W+file|every\W+client|all\W+"
        r"clients|personal\W+data|id\W+numbers?)\b|人名|姓名|電話|地址|身分證|個資|個人資料"
    ),
    "encode": r"\b(base64|rot13|hex|encode[ds]?|encoding)\b|編碼|加密",
    "parrot": r"\b(repeat\W+after\W+me|say\W+exactly|say\W+the\W+following)\b|跟著我說|照著說",
    "evasion": r"\b(evade|circumvent|get\W+around|dodge)\b|規避|鑽漏洞|逃避",
    "override_word": r"\b(system\W+override|override\W*:|admin\W+override)\b|系統覆寫|強制覆寫",
    "real_question": (
        r"\b(real|actual|true)\W+(question|task|request)\b|真正的(問題|任務|要求)"
    ),
}

# (family, weight, cues that must all be present)
CUE_COMBINATIONS: tuple[tuple[str, float, tuple[str, ...]], ...] = (
    ("override", 0.9, ("disregard", "rules", "prior")),
    ("override", 0.9, ("disregard", "rules", "you")),
    ("override", 0.8, ("disregard", "prior")),
    ("override", 0.9, ("rules", "fake")),
    ("override", 0.7, ("prior", "fake")),
    ("override", 0.7, ("real_question", "prior")),
    ("override", 0.8, ("override_word",)),
    ("system_prompt", 0.9, ("reveal", "own_context")),
    ("system_prompt", 0.8, ("own_context", "you")),
    ("system_prompt", 0.8, ("encode", "own_context")),
    ("system_prompt", 0.45, ("own_context",)),
    ("roleplay", 0.8, ("persona", "unrestricted")),
    ("roleplay", 0.5, ("persona", "evasion")),
    ("developer_mode", 0.8, ("rules", "disabled", "you")),
    ("developer_mode", 0.8, ("rules", "disabled", "testing")),
    ("developer_mode", 0.7, ("debug",)),
    ("developer_mode", 0.8, ("mode_switch",)),
    ("roleplay", 0.6, ("persona", "own_context")),
    ("developer_mode", 0.35, ("unrestricted",)),
    ("authority", 0.7, ("obey",)),
    ("new_instructions", 0.6, ("from_now", "style_override")),
    ("new_instructions", 0.6, ("from_now", "no_sources")),
    ("new_instructions", 0.6, ("style_override", "no_sources")),
    ("new_instructions", 0.6, ("drop_documents",)),
    ("new_instructions", 0.35, ("style_override",)),
    ("exfiltration", 0.8, ("unmask", "people_data")),
    ("output_hijack", 0.6, ("parrot",)),
)

_COMPILED = {name: re.compile(regex) for name, regex in CUES.items()}


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
