"""Normalisation: Unicode, hard wraps, page furniture, page breaks."""

from __future__ import annotations

import pytest

from ingest.chunking import chunk_blocks
from ingest.normalize import normalize_blocks, normalize_text
from ingest.page_furniture import is_page_number, is_toc_line
from kb.schema import TextBlock
from tests.test_normalize_support import plain


def texts(blocks: list[TextBlock]) -> list[str]:
    return [block.text for block in normalize_blocks(blocks)]


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
