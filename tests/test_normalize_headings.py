"""Normalisation: headings inferred for unstructured text, nested into sections."""

from __future__ import annotations

import pytest

from ingest.headings import ordinal
from ingest.normalize import normalize_blocks
from kb.schema import TextBlock
from tests.test_normalize_support import plain

# --- headings inferred for unstructured text -------------------------------------------------


def sections(blocks: list[TextBlock]) -> list[tuple[str, str]]:
    return [(" > ".join(b.section), b.text) for b in normalize_blocks(blocks)]


def test_numbered_headings_become_nested_sections() -> None:
    blocks = plain(
        "報告標題",
        "壹、目的",
        "本報告說明會議的目的。",
        "貳、過程",
        "一、3月 12日",
        "(一) Meeting Preparation\n(二) Welcome Reception",
        "二、數位轉型路徑",
        "（一）轉型策略",
        "1. 對齊（Align）",
        "講者認為要共同對齊目標。",
        "2. 擷取（Capture）",
        "組織應蒐集資料。",
        "三、資料的應用與保護",
        "（一）資料應用議題",
        "資料的應用已成為趨勢。",
        "參、心得",
        "收穫很多。",
    )
    assert sections(blocks) == [
        ("", "報告標題"),
        ("壹、目的", "壹、目的"),
        ("壹、目的", "本報告說明會議的目的。"),
        ("貳、過程", "貳、過程"),
        ("貳、過程 > 一、3月 12日", "一、3月 12日"),
        ("貳、過程 > 一、3月 12日", "(一) Meeting Preparation"),
        ("貳、過程 > 一、3月 12日", "(二) Welcome Reception"),
        ("貳、過程 > 二、數位轉型路徑", "二、數位轉型路徑"),
        ("貳、過程 > 二、數位轉型路徑 > （一）轉型策略", "（一）轉型策略"),
        ("貳、過程 > 二、數位轉型路徑 > （一）轉型策略 > 1. 對齊（Align）", "1. 對齊（Align）"),
        (
            "貳、過程 > 二、數位轉型路徑 > （一）轉型策略 > 1. 對齊（Align）",
            "講者認為要共同對齊目標。",
        ),
        ("貳、過程 > 二、數位轉型路徑 > （一）轉型策略 > 2. 擷取（Capture）", "2. 擷取（Capture）"),
        ("貳、過程 > 二、數位轉型路徑 > （一）轉型策略 > 2. 擷取（Capture）", "組織應蒐集資料。"),
        ("貳、過程 > 三、資料的應用與保護", "三、資料的應用與保護"),
        ("貳、過程 > 三、資料的應用與保護 > （一）資料應用議題", "（一）資料應用議題"),
        ("貳、過程 > 三、資料的應用與保護 > （一）資料應用議題", "資料的應用已成為趨勢。"),
        ("參、心得", "參、心得"),
        ("參、心得", "收穫很多。"),
    ]


def test_numbered_sentences_and_lists_are_not_headings() -> None:
    blocks = plain(
        "1. 食物銀行冷藏櫃已於9月完成汰換，採購金額新臺幣86,000元。",
        "2. 個案管理系統權限盤點已完成。",
        "- 一、不是標題",
        "Size | Limit",
    )
    assert {section for section, _ in sections(blocks)} == {""}


def test_the_last_item_of_a_list_is_not_a_heading_of_the_prose_after_it() -> None:
    blocks = plain(
        "（二）資料保護議題",
        "分享者羅列多國法規如下：",
        "1. GDPR：歐盟個人資料保護規則",
        "2. HIPPA 健康保險計劃：PHI 國家標準",
        "3. CCPA加州消費者協會：加州消費者隱私法，適用於任何收集加州居民資料的人",
        "4. Gramm-Leach-Bliley Act：金融機構必須揭露隱私",
        "慣例，以保護有關消費者的非公開資訊。",
    )
    assert {section for section, _ in sections(blocks)} == {"（二）資料保護議題"}


def test_a_heading_with_a_bracketed_gloss_stays_a_heading() -> None:
    # The APEC report: the comma inside the English gloss read as sentence punctuation, so the
    # heading was joined to the prose after it and its section was lost.
    heading = "（一）職場AI 影響評估 (Workplace AI Impact Assessment, AIA-L)"
    body = "職場AI 影響評估（AIA-L）應精準聚焦：AI介入哪些決策？影響哪些員工群體？會使用哪些資料？"
    blocks = plain("四、落地工具箱", heading, body, "（二）透明告知", "透明告知並非公開機密。")
    assert sections(blocks) == [
        ("四、落地工具箱", "四、落地工具箱"),
        (f"四、落地工具箱 > {heading}", heading),
        (f"四、落地工具箱 > {heading}", body),
        ("四、落地工具箱 > （二）透明告知", "（二）透明告知"),
        ("四、落地工具箱 > （二）透明告知", "透明告知並非公開機密。"),
    ]
    # A comma outside the brackets still makes a sentence, which is not a heading.
    sentence = "（一）本會於年底檢討，並提出報告 (Annual Review, AR)"
    assert {section for section, _ in sections(plain(sentence, body))} == {""}


def test_a_heading_numbered_like_the_next_list_item_stays_a_heading() -> None:
    after_a_sibling = sections(
        plain("1. Welcome", "Read this first.", "2. Training", "To train:", "1. Sign in")
        + plain("2. Book a shift", "3. Contact", "Call the office.")
    )
    after_a_paragraph = sections(
        plain(
            "（一）影響評估 (Impact Assessment, AIA-L)職場AI影響評估應精準聚焦：AI介入哪些決策？"
            "影響哪些員工群體？會使用哪些資料？是否涉及敏感特徵或偏誤？公平性與誤判風險如何評測？"
            "企業須明定出現錯誤時的還原、停用與補救機制。"
        )
        + plain("（二）透明告知", "透明告知並非公開機密。")
    )
    assert after_a_sibling[-1] == ("3. Contact", "Call the office.")
    assert after_a_paragraph[-1] == ("（二）透明告知", "透明告知並非公開機密。")


@pytest.mark.parametrize(
    ("line", "number"),
    [("1. a", 1), ("12. b", 12), ("1.2 x", 2), ("一、甲", 1), ("十、甲", 10), ("十二、甲", 12)]
    + [("二十三、甲", 23), ("（十一）甲", 11), ("第三章 甲", 3), ("拾貳、甲", 12), ("(3) x", 3)]
    + [("Chapter 3", None), ("百、甲", None), ("甲乙", None)],
)
def test_ordinal_reads_the_number_a_line_starts_with(line: str, number: int | None) -> None:
    assert ordinal(line) == number


def test_headings_inside_pdf_pages_split_the_page_and_keep_its_number() -> None:
    pages = [
        TextBlock(text="Volunteer Handbook\n1. Welcome\nThank you for joining us.", page=1),
        TextBlock(text="2. Training\nAll volunteers complete 11 hours.", page=2),
    ]
    assert [(b.page, " > ".join(b.section), b.text) for b in normalize_blocks(pages)] == [
        (1, "", "Volunteer Handbook"),
        (1, "1. Welcome", "1. Welcome"),
        (1, "1. Welcome", "Thank you for joining us."),
        (2, "2. Training", "2. Training"),
        (2, "2. Training", "All volunteers complete 11 hours."),
    ]


def test_documents_with_sections_are_left_alone() -> None:
    blocks = [TextBlock(text="一、服務對象\n本會服務萬華區。", section=["Rules"])]
    assert sections(blocks) == [("Rules", "一、服務對象\n本會服務萬華區。")]
