"""Chinese person names: a common surname plus one or two given-name characters, accepted only
with a cue around it (a title such as 先生/社工 after it, a role such as 案主/志工/姓名： before it,
a reporting verb after a three-character name, or a list 、 next to a name already found).
Optionally jieba's part-of-speech tag `nr` proposes further names.

Measured (eval/pii/labelled.jsonl, PERSON precision/recall; seed corpus = PERSON detections in
/work/shared/corpus/seeds, 46,795 chars, no private names; 2 shared cores):
  rules: 0.997/0.972, fresh split 1.000/0.873, 0 hard-negative hits, seed 33, ~7-14k chars/s
  jieba: 0.969/0.880, fresh split 1.000/0.857, 7 hard-negative hits, seed 49, ~190 chars/s
  both:  0.971/0.987, fresh split 1.000/0.952, 7 hard-negative hits, seed 49, ~190 chars/s
jieba's HMM tagging runs at ~120-290 chars/s here and adds common words (關懷, 簡介, 陳述), so
`rules` is the default; `both` buys recall on unseen phrasing at a heavy cost in speed.
Role and kinship words (專員, 總幹事, 長女, 婆婆) cue a name, married names (王林阿嬌) are one
span, and the everyday words that follow such words (紀錄, 方式, 高中) never are names."""

from __future__ import annotations

from typing import Literal

import regex
from presidio_analyzer import EntityRecognizer, RecognizerResult
from presidio_analyzer.nlp_engine import NlpArtifacts

Strategy = Literal["rules", "jieba", "both"]

_SINGLE = (
    "陳林黃張李王吳劉蔡楊許鄭謝郭洪曾邱廖賴周徐蘇葉莊呂江何蕭羅高潘簡朱鍾彭游詹胡施沈余盧梁趙"
    "顏柯翁魏孫戴范方宋鄧杜傅侯曹薛丁卓阮馬董溫温唐藍石蔣古紀姚連馮歐程湯田康姜汪白鄒尤巫鐘黎"
    "涂凃龔嚴韓袁金童陸夏柳邵錢伍倪于譚駱熊任甘秦顧毛章史萬俞雷饒岳崔孟龍賀陶韋左易尹麥霍關"
)
_COMPOUND = ("歐陽", "司馬", "諸葛", "上官", "張簡", "范姜", "司徒", "東方", "慕容")
_TITLES = (
    "先生|小姐|女士|太太|老師|社工師|社工|醫師|醫生|護理師|心理師|個管師|主任|督導|組長|同學|阿姨|"
    "伯伯|叔叔|阿嬤|阿公|奶奶|爺爺|志工|律師|牧師|神父|修女|經理|專員|教授|博士|同工|執行長|理事長|"
    "秘書長|里長|議員|老闆|媽媽|爸爸|女兒|兒子"
)
# Kinship words of case notes and household rosters ("長女陳宥萱", "婆婆王林阿嬌").
KINSHIP = (
    "長子", "長女", "次子", "次女", "三子", "三女", "么子", "么女", "獨子", "獨女", "養子", "養女",
    "婆婆", "公公", "岳母", "岳父", "配偶", "養父", "養母", "繼父", "繼母", "外孫女", "外孫",
    "媳婦", "女婿", "姑姑", "舅舅", "伯父", "伯母", "嬸嬸", "叔叔", "阿姨", "孫媳", "胞兄", "胞姊",
)  # fmt: skip
_ROLES = (
    "案主|個案|案母|案父|案妻|案夫|案子|案女|社工師|社工|志工|義工|聯絡人|緊急聯絡人|負責人|申請人|"
    "受助人|受訪者|家屬|母親|父親|媽媽|爸爸|兒子|女兒|丈夫|先生|太太|妻子|配偶|姓名|學員|會員|患者|"
    "病人|當事人|督導|主任|老師|同工|報告人|填表人|承辦人|經手人|紀錄|記錄|簽名|簽收人|陪同者|"
    "主持人|出席|列席|請假|缺席|收件人|寄件人|致|親愛的|室友|鄰居|房東|雇主|看護|外籍看護|移工|"
    "祖母|祖父|外婆|外公|哥哥|姊姊|姐姐|弟弟|妹妹|孫子|孫女|同學|朋友|男友|女友|前夫|前妻|"
    "出席者|列席者|與會者|參加者|參與者|名單|名冊|成員|戶名|持卡人|捐款人|收款人|代理人|監護人|"
    "匯款人|受款人|捐贈者|抬頭|家長|婦女|長者|長輩|少年|青少年|學童|新住民|外配|陸配|我是|我叫|"
    "本人|敝姓|轉介|服務對象|與會|出席人員|列席人員|參加人員|工作人員|專員|總幹事|幹事|"
    "主席|理事長|理事|監事|秘書長|執行長|董事長|組長|隊長|院長|所長|助理|看護工|居服員|"
    "照服員|個管師|心理師|護理師|講師|" + "|".join(KINSHIP)
)
# Public for the recogniser of Latin-script names in Chinese text (zh_latin_person).
ROLE_WORDS = _ROLES
# Words before a three-character name in running text ("與張俊明通話", "附件是呂明志的").
_PREPOSITIONS = "與|和|跟|同|向|對|給|找|請|讓|由|替|幫|是|叫|陪"
# Surnames that are also everyday adjectives or nouns (高價值, 方法論, 金額): weak cues skip them.
_EVERYDAY = "高方金石白田史萬任易左甘童龍古康程尤紀連雷"
_VERBS = (
    "表示|說|指出|提到|來電|反映|同意|拒絕|出席|報名|擔任|負責|分享|詢問|表達|希望|認為|回覆|簽署|"
    "今天|昨天|昨日|目前|已經|已於|曾經|因為|患有|罹患|領取|申請|需要|告知|請假|缺席|獨居|希望"
)
# Never the first given-name character: a title, or a word that follows a surname in prose.
_NOT_GIVEN = rf"(?!{_TITLES}|[的了是在和與及之也都就而或但有於對把被讓給向從到等個位名第年月日])"
# Nor any given-name character that ends place or organisation names (林口站, 高雄市, 林務局).
_GIVEN_CHAR = (
    r"(?![的了是在和與及之也都就而或但有於對把被讓給向從到等說表，。、；：！？"
    r"站市縣區鄉鎮村里路街巷號樓局處署院部會校所館園堂宮寺山河湖港灣島橋線])\p{Han}"
)
# Everyday words that begin with a surname character and often follow a role word
# ("個案紀錄", "主任張貼", "督導方式", "兒子高中畢業", "母親曾經"): not a name, unless the word
# plus one character is shaped like a three-character name (關心怡表示, 紀錄華（).
_EVERYDAY_WORDS = (
    "紀錄|紀念|紀律|張貼|方式|方案|方面|方法|方向|方便|方才|高齡|高中|高職|高度|高風險|高興|"
    "曾經|曾於|曾任|曾有|許多|許可|何時|何種|簡報|簡介|簡單|簡訊|陳述|陳情|陳列|陳年|關懷|關係|"
    "關心|關於|關注|施行|施打|施工|連結|連續|連絡|連同|程序|程度|金額|金錢|任何|任務|任職|任期|"
    "顧問|顧客|嚴重|周邊|周末|周知|馬上|溫暖|尤其|游泳|黃金|黃昏|江湖|白天|古蹟|田野|康復|萬元|"
    "左右|章程|童年|童工|夏天|夏令|陸續|歐洲|謝謝|鄭重|林業|林間|林務|董事|卓越|藍圖|顏色|易於|"
    "孫子|孫女|余額|汪洋"
)
# Places that begin with a surname character: never a name.
_PLACE_WORDS = "高雄|金門|馬祖|龍潭|蘇澳|石門|羅東|關西|林口|林園|楊梅|萬華"
_SURNAME = "(?:" + "|".join(_COMPOUND) + f"|[{_SINGLE}])"
_NAME_END = rf"(?:\P{{Han}}|$|{_TITLES}|{_VERBS})"
_COMMON_WORDS = rf"{_PLACE_WORDS}|(?:{_EVERYDAY_WORDS})(?!{_GIVEN_CHAR}{_NAME_END})"
_SINGLE_NAME = rf"(?!{_COMMON_WORDS}){_SURNAME}{_NOT_GIVEN}(?:{_GIVEN_CHAR}){{1,2}}"
# A married woman's name with her husband's surname first: 王林阿嬌 = 王 + 林 + 阿嬌. Four
# characters only where nothing but a title, verb or non-Chinese text follows, so 陳林玲今天
# stays 陳林玲.
_MARRIED = (
    rf"(?!{_PLACE_WORDS}|{_EVERYDAY_WORDS})[{_SINGLE}][{_SINGLE}](?!{_TITLES})(?:{_GIVEN_CHAR}){{2}}"
    rf"(?={_NAME_END})"
)
_NAME = rf"(?:{_MARRIED}|{_SINGLE_NAME})"
_NAME3 = rf"(?![{_EVERYDAY}]){_SURNAME}{_NOT_GIVEN}(?:{_GIVEN_CHAR}){{2}}"
_PLAIN_NAME = rf"(?![{_EVERYDAY}]){_SURNAME}{_NOT_GIVEN}(?:{_GIVEN_CHAR}){{1,2}}"
# Mixed-language notes: "Client 王小明 called", "王小明 (volunteer)".
_EN_ROLES = (
    r"(?i:client|volunteer|caseworker|social\s+worker|mother|father|son|daughter|wife|husband|"
    r"contact|name|applicant|guardian|mr|mrs|ms|miss|dr|prof|teacher|tutor)"
)

_RULES: list[tuple[str, float]] = [
    (rf"{_NAME}(?=\s?(?:{_TITLES}))", 0.75),
    (rf"(?<=(?:{_ROLES})\s?[:：]?\s?){_NAME}", 0.7),
    (rf"(?<!\p{{Han}}){_NAME3}(?=(?:{_VERBS}))", 0.6),
    (rf"(?<=[（(]){_NAME}(?=[)）])", 0.5),
    (
        rf"(?<=(?:{_PREPOSITIONS})){_NAME3}(?=(?:{_VERBS}|的|通話|聯絡|聯繫|見面|會談|確認|討論|[，,。；]))",
        0.55,
    ),
    (rf"(?<=(?<![A-Za-z]){_EN_ROLES}\.?\s?[:：]?\s?){_NAME}(?!\p{{Han}})", 0.7),
    (rf"(?<!\p{{Han}}){_NAME}(?=\s?[(（]\s?{_EN_ROLES}[)）\s])", 0.7),
    # A short Chinese run alone inside an English sentence is a name far more often than not.
    (rf"(?<=[A-Za-z,;:]\s){_PLAIN_NAME}(?=\s[A-Za-z(])", 0.55),
    # A spreadsheet cell holding only a name: "王小明<TAB>0912-345-678".
    (rf"(?:^|(?<=[\t|]))\s?{_NAME}(?=\s?[\t|])", 0.55),
]
# Every rule's match starts at a surname: that character is checked first, so the cues'
# look-behinds and the word lists are only tried where a name can begin.
_NAME_START = "(?=[" + _SINGLE + "".join(sorted({c[0] for c in _COMPOUND})) + "])"
_RULES = [(p if p.startswith("(?:^") else _NAME_START + p, score) for p, score in _RULES]
_LIST_NEIGHBOUR = rf"{_NAME_START}(?<=[、／/]\s?){_NAME}(?=[、／/，,。；;（()）\s]|$|及|和|與)"
_NOTE = r"[（(][^（）()、\n]{1,12}[)）]"
# A name already replaced by a placeholder anchors its list neighbours like a detected one.
_PERSON_PLACEHOLDER = r"<PERSON_\d+>"


class ChineseNameRecognizer(EntityRecognizer):
    SURNAMES = _SINGLE
    COMPOUND_SURNAMES = _COMPOUND
    PATTERNS = [(regex.compile(p), score) for p, score in _RULES]
    LIST_NEIGHBOUR = regex.compile(_LIST_NEIGHBOUR)
    LIST_PREVIOUS = regex.compile(rf"{_NAME_START}{_NAME}(?=(?:{_NOTE})?[、／/])")
    NOTE = regex.compile(_NOTE)
    PERSON_PLACEHOLDER = regex.compile(_PERSON_PLACEHOLDER)
    JIEBA_SCORE = 0.55

    def __init__(
        self,
        supported_language: str = "zh",
        supported_entity: str = "PERSON",
        strategy: Strategy = "rules",
    ) -> None:
        self.strategy = strategy
        super().__init__(
            supported_entities=[supported_entity],
            supported_language=supported_language,
            name=f"ChineseNameRecognizer_{supported_language}_{strategy}",
        )

    def load(self) -> None:
        if self.strategy != "rules":
            import jieba

            jieba.setLogLevel(60)  # jieba prints its dictionary loading to stderr
            jieba.initialize()

    def analyze(
        self, text: str, entities: list[str], nlp_artifacts: NlpArtifacts | None = None
    ) -> list[RecognizerResult]:
        if self.supported_entities[0] not in entities:
            return []
        spans: dict[tuple[int, int], float] = {}
        if self.strategy in ("rules", "both"):
            for pattern, score in self.PATTERNS:
                for m in pattern.finditer(text):
                    spans[m.span()] = max(score, spans.get(m.span(), 0.0))
        if self.strategy in ("jieba", "both"):
            for span in self._jieba_names(text):
                spans.setdefault(span, self.JIEBA_SCORE)
        spans.update(self._list_neighbours(text, spans))
        return [
            RecognizerResult(self.supported_entities[0], start, end, score)
            for (start, end), score in sorted(spans.items())
        ]

    def _list_neighbours(
        self, text: str, found: dict[tuple[int, int], float]
    ) -> dict[tuple[int, int], float]:
        """Names in a 、-separated list next to a name already found (or a <PERSON_n>
        placeholder) are names too, also across a short note such as "王小明（志工督導）、"."""
        extra: dict[tuple[int, int], float] = {}
        anchors = [*found, *(m.span() for m in self.PERSON_PLACEHOLDER.finditer(text))]
        ends = {self._after_note(text, end) for _, end in anchors}
        starts = {start for start, _ in anchors}
        for _ in range(8):  # lists are short; bound the walk
            added = False
            for m in self.LIST_NEIGHBOUR.finditer(text):
                sep_end = m.start()
                sep_start = sep_end - 1 if text[sep_end - 1] in "、／/" else sep_end - 2
                if sep_start in ends and m.span() not in extra:
                    extra[m.span()] = 0.6
                    ends.add(self._after_note(text, m.end()))
                    added = True
            for m in self.LIST_PREVIOUS.finditer(text):
                if self._after_note(text, m.end()) + 1 in starts and m.span() not in extra:
                    extra[m.span()] = 0.6
                    starts.add(m.start())
                    added = True
            if not added:
                break
        return extra

    def _after_note(self, text: str, end: int) -> int:
        """The end of a short bracketed note right after a name ("（財務）"), else `end`."""
        note = self.NOTE.match(text, end)
        return note.end() if note else end

    def _jieba_names(self, text: str) -> list[tuple[int, int]]:
        import jieba.posseg

        spans = []
        pos = 0
        for word, flag in jieba.posseg.cut(text, HMM=True):
            start = pos
            pos += len(word)
            if flag != "nr" or not 2 <= len(word) <= 4:
                continue
            if word[0] in self.SURNAMES or word[:2] in self.COMPOUND_SURNAMES:
                spans.append((start, pos))
        return spans
