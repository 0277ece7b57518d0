"""Normalisation: Unicode, hard wraps, page furniture, page breaks; and the real seed corpus."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from ingest.chunking import chunk_blocks
from ingest.headings import ordinal
from ingest.loaders import load_document
from ingest.normalize import normalize_blocks, normalize_text
from ingest.page_furniture import is_page_number, is_toc_line
from kb.schema import TextBlock
from tests.conftest import SEED_QUESTIONS


def texts(blocks: list[TextBlock]) -> list[str]:
    return [block.text for block in normalize_blocks(blocks)]


def plain(*paragraphs: str) -> list[TextBlock]:
    return [TextBlock(text=p) for p in paragraphs]


# --- normalize_text --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("\u2f64\u4f7f", "用使"),  # Kangxi radical "use" -> the ordinary ideograph
        ("\ufa08\u653f", "行政"),  # compatibility ideograph -> the unified one
        ("\u2f74\u5efa", "立建"),
        ("ＮＧＯ　１２３", "NGO 123"),  # full-width letters, digits and ideographic space
        ("資料，保護：隱私！（注）？", "資料，保護：隱私！（注）？"),  # Chinese punctuation kept
        ("zero\u200bwidth\ufeff soft\u00adhyphen", "zerowidth softhyphen"),
        ("a \t  b  \r\nc  ", "a b\nc"),
        ("①②", "12"),
    ],
)
def test_normalize_text(raw: str, expected: str) -> None:
    assert normalize_text(raw) == expected


# --- line classification ---------------------------------------------------------------------


PAGE_NUMBERS = ["12", " 7 ", "- 12 -", "— 3 —", "第 3 頁", "第3頁，共20頁", "Page 4",
                "page 4 of 20", "3 / 20", "p. 9", "iv", "xii"]  # fmt: skip


@pytest.mark.parametrize("line", PAGE_NUMBERS)
def test_page_number_lines(line: str) -> None:
    assert is_page_number(line)


@pytest.mark.parametrize(
    "line", ["第3條", "12 households", "2.1 Scope", "共 20 戶", "ok", "civic", "ill", "IV", ""]
)
def test_not_page_number_lines(line: str) -> None:
    assert not is_page_number(line)


@pytest.mark.parametrize("line", ["第一章 緒論 ........ 1", "1.2 Scope....................12",
                                  "貳、過程 …… 5", "Appendix . . . . . 33", "三、建議 ⋯⋯⋯ 29",
                                  "Contents ________ ii", "4. 資料保護 ・・・・・ 10"])  # fmt: skip
def test_toc_lines(line: str) -> None:
    assert is_toc_line(normalize_text(line))


@pytest.mark.parametrize("line", ["網站的資料政策過時...等（如圖1）", "Wait... 3 more", "A. 1",
                                  "版本 2.1.3", "Total 1,600"])  # fmt: skip
def test_not_toc_lines(line: str) -> None:
    assert not is_toc_line(line)


# --- normalize_blocks ------------------------------------------------------------------------


def test_joins_hard_wrapped_chinese_without_spaces() -> None:
    wrapped = (
        "數位發展部為推動全國數位發展和數據轉型之機關，為促進通訊、資訊、\n資通安全等產業發展。"
    )
    assert texts(plain(wrapped)) == [
        "數位發展部為推動全國數位發展和數據轉型之機關，為促進通訊、資訊、資通安全等產業發展。"
    ]


def test_joins_english_with_spaces_and_dehyphenates() -> None:
    wrapped = (
        "Volunteers aged 16 or 17 need the written consent of a parent or guard-\n"
        "ian and may only work in the food pantry or the ware-\nhouse, never on home visits."
    )
    assert texts(plain(wrapped)) == [
        "Volunteers aged 16 or 17 need the written consent of a parent or guardian and may "
        "only work in the food pantry or the warehouse, never on home visits."
    ]


def test_wrapped_chinese_paragraph_separated_by_blank_lines_is_rejoined() -> None:
    # The seed corpus wraps every ~35 characters and puts a blank line after each line.
    lines = [
        "非營利組織的科技運用及資料分析，應從建立組織的數據素養和數據發展途",
        "徑著手。數據素養的完整建構，對於資料品質的理解、合規性及提升捐款者信任",
        "等議題，具有相當重要性。面對規模化的就業轉型，政府與 NGO",
        "仍有可能攜手合作。",
        "一、數據素養",
        "談到數據素養的分享者，皆提到非營利組織在管理資料時常見的重大挑戰。",
    ]
    assert texts(plain(*lines)) == [
        "非營利組織的科技運用及資料分析，應從建立組織的數據素養和數據發展途徑著手。"
        "數據素養的完整建構，對於資料品質的理解、合規性及提升捐款者信任等議題，具有相當重要性。"
        "面對規模化的就業轉型，政府與 NGO仍有可能攜手合作。",
        "一、數據素養",
        "談到數據素養的分享者，皆提到非營利組織在管理資料時常見的重大挑戰。",
    ]


def test_headings_captions_and_form_fields_stay_separate() -> None:
    blocks = plain(
        "二、務實治理的前提：釐清職場 AI 三大風險與治理框架的必要條件",
        "要有效務實落實職場AI治理，首重釐清風險類型，以跳脫空泛的倫理口號。",
        "圖2：非營利組織以成果驅動之發展路徑與各階段的操作面工具示意",
        "個案編號：HL-2025-0312\n開案日期：2025年3月12日\n承辦社工：林雅婷",
    )
    assert texts(blocks) == [
        "二、務實治理的前提：釐清職場 AI 三大風險與治理框架的必要條件",
        "要有效務實落實職場AI治理，首重釐清風險類型，以跳脫空泛的倫理口號。",
        "圖2：非營利組織以成果驅動之發展路徑與各階段的操作面工具示意",
        "個案編號：HL-2025-0312\n開案日期：2025年3月12日\n承辦社工：林雅婷",
    ]


def test_list_items_and_table_rows_keep_their_lines() -> None:
    block = "- Bring your ID card\n- Bring a rent contract\nSize | Limit\n1 | 22,000"
    assert texts(plain(block)) == [block]


def test_drops_page_numbers_and_toc_lines() -> None:
    blocks = plain(
        "目錄\n壹、目的 ........ 1\n貳、過程 ........ 3\n參、心得 ........ 29",
        "本會提供緊急食物援助。",
        "29",
        "- 30 -",
    )
    assert texts(blocks) == ["本會提供緊急食物援助。"]


BODIES = ["Rent help is paid monthly.", "Food parcels are weekly.", "Visits need two people.",
          "Expenses need receipts."]  # fmt: skip


def test_drops_running_headers_and_footers_on_pages() -> None:
    pages = [
        TextBlock(
            text=f"Harbour Light Annual Report 2025\n{body}\nConfidential - page {n} of 4", page=n
        )
        for n, body in enumerate(BODIES, start=1)
    ]
    assert texts(pages) == BODIES


def test_two_pages_are_too_few_to_call_a_line_a_running_header() -> None:
    pages = [TextBlock(text=f"Shared title\nPage body {n}.", page=n) for n in (1, 2)]
    assert texts(pages) == ["Shared title\nPage body 1.", "Shared title\nPage body 2."]


def test_running_header_in_unpaged_text_but_not_repeated_rows() -> None:
    filler = [f"第{n}段內容說明本會的服務。" for n in range(12)]
    blocks = plain(
        *(["港灣之光社區協會年報 2025"] + filler) * 3,
        "是 | 否\n是 | 否\n是 | 否",
    )
    result = texts(blocks)
    assert "港灣之光社區協會年報 2025" not in "\n".join(result)
    assert result[-1] == "是 | 否\n是 | 否\n是 | 否"
    assert len(result) == 36 + 1


def test_repeated_record_labels_are_not_running_headers() -> None:
    record = ["【一、基本資料】", "姓名：王小明", "個案摘要說明如下，詳見附件。"]
    filler = [f"第{n}項紀錄內容。" for n in range(10)]
    result = texts(plain(*(record + filler) * 3))
    assert result.count("【一、基本資料】") == 3
    assert sum("姓名：王小明" in text for text in result) == 3


def test_sentence_cut_by_a_page_break_is_rejoined_on_its_first_page() -> None:
    pages = [
        TextBlock(text="本會於2025年擴大服務範圍，並協助租金補", page=1),
        TextBlock(text="助與長者關懷訪視。下一段從這裡開始。", page=2),
        TextBlock(text="Every volunteer", page=3),
        TextBlock(text="signs in at the desk. The pantry opens at two.", page=4),
    ]
    assert [(b.page, b.text) for b in normalize_blocks(pages)] == [
        (1, "本會於2025年擴大服務範圍，並協助租金補助與長者關懷訪視。"),
        (2, "下一段從這裡開始。"),
        (3, "Every volunteer signs in at the desk."),
        (4, "The pantry opens at two."),
    ]


def test_sections_kept_and_normalised_and_input_untouched() -> None:
    blocks = [
        TextBlock(text="", section=["一、服務對象"]),
        TextBlock(text="\u2f64戶須設籍萬華區。", section=["一、服務對象"]),
        TextBlock(text="  \n ", section=["二、\u2f64語"]),
        TextBlock(text="\u2f64語說明。", section=["二、\u2f64語"]),
    ]
    result = normalize_blocks(blocks)
    assert [(b.section, b.text) for b in result] == [
        (["一、服務對象"], "用戶須設籍萬華區。"),
        (["二、用語"], "用語說明。"),
    ]
    assert blocks[1].text == "\u2f64戶須設籍萬華區。"


@pytest.mark.timeout(300)  # a hang guard (~8 s on 2 busy cores); speed is bench/'s business
def test_ten_megabytes_normalise_and_chunk() -> None:
    paragraph = (
        "港灣之光社區協會提供緊急食物援助，並協助租金補助與長者關懷訪\n視。"
        "The pantry opens on Tuesday after-\nnoons; volunteers sign in at the desk.\n\n"
    )
    count = 10 * 1024 * 1024 // len(paragraph.encode())
    blocks = [TextBlock(text=f"{n}. {paragraph}") for n in range(count)]
    chunks = chunk_blocks(normalize_blocks(blocks), 220, 40)
    assert len(chunks) > count // 4


# --- the real seed corpus --------------------------------------------------------------------


@pytest.fixture(scope="module")
def seed_chunks(seeds_dir: Path) -> dict[str, list[str]]:
    chunks: dict[str, list[str]] = {}
    for path in sorted(seeds_dir.glob("*.txt")):
        blocks = normalize_blocks(load_document(path, 50 * 1024 * 1024).blocks)
        chunks[path.name] = [chunk.text for chunk in chunk_blocks(blocks, 220, 40)]
    assert len(chunks) == 4
    return chunks


def test_seed_corpus_has_no_kangxi_radicals(seed_chunks: dict[str, list[str]]) -> None:
    for name, chunks in seed_chunks.items():
        for text in chunks:
            assert not re.search("[\u2f00-\u2fdf\uf900-\ufaff]", text), name


def test_seed_corpus_has_no_page_number_or_toc_lines(seed_chunks: dict[str, list[str]]) -> None:
    for name, chunks in seed_chunks.items():
        for text in chunks:
            for line in text.split("\n"):
                assert not is_page_number(line), (name, line)
                assert not is_toc_line(line), (name, line)
                assert not re.fullmatch(r"\s*\d{1,4}\s*", line), (name, line)


def test_seed_corpus_keeps_every_evidence_string(seed_chunks: dict[str, list[str]]) -> None:
    if not SEED_QUESTIONS.is_file():
        pytest.skip(f"the seed questions are not present at {SEED_QUESTIONS}")
    questions = [json.loads(line) for line in SEED_QUESTIONS.read_text("utf-8").splitlines()]
    checked = 0
    for question in questions:
        if not question.get("evidence"):
            continue
        evidence = re.sub(r"\s", "", question["evidence"])
        squashed = [re.sub(r"\s", "", text) for text in seed_chunks[question["source"]]]
        assert any(evidence in text for text in squashed), question["id"]
        checked += 1
    assert checked >= 10


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
