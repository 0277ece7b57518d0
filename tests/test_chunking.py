"""Chunking: sentence-aligned, sized by estimated tokens, overlapping, offsets into the document."""

from __future__ import annotations

import random
import re

import pytest

from ingest.chunking import RawChunk, chunk_blocks, estimate_tokens
from kb.schema import TextBlock

ZH_SENTENCES = [
    "本會緊急援助服務以設籍於萬華區滿三個月以上之家戶為對象。",
    "申請人須提供最近三個月的收入證明！",
    "租金補助每戶每次上限為新臺幣兩萬元；",
    "同一家戶十二個月內最多申請兩次？",
]
EN_SENTENCES = [
    "The pantry opens on Tuesday afternoons.",
    "Volunteers sign in at the desk!",
    "Is a 3.5 kg parcel too heavy?",
    "Shifts last about three hours.",
]


def document(blocks: list[TextBlock]) -> str:
    return "\n\n".join(block.text for block in blocks)


def check_offsets(blocks: list[TextBlock], chunks: list[RawChunk]) -> None:
    doc = document(blocks)
    for chunk in chunks:
        assert doc[chunk.char_start : chunk.char_end] == chunk.text
        assert chunk.text == chunk.text.strip()


@pytest.mark.parametrize(
    ("text", "tokens"),
    [("", 0), ("港灣之光", 4), ("hello world", 3), ("港灣 food bank", 5), ("。！，", 0),
     ("2025年", 3), ("one two three four five six seven eight nine ten", 13)],
)  # fmt: skip
def test_estimate_tokens(text: str, tokens: int) -> None:
    assert estimate_tokens(text) == tokens


def test_chunks_are_whole_sentences_within_size_with_overlap() -> None:
    rng = random.Random(7)
    text = "".join(rng.choice(ZH_SENTENCES) for _ in range(60))
    blocks = [TextBlock(text=text, page=3, section=["一、服務對象", "（一）資格"])]
    chunks = chunk_blocks(blocks, 100, 30)
    check_offsets(blocks, chunks)
    assert len(chunks) > 5
    for chunk in chunks:
        assert estimate_tokens(chunk.text) <= 100
        assert chunk.text[-1] in "。！；？"
        assert any(chunk.text.startswith(s) for s in ZH_SENTENCES)
        assert (chunk.page, chunk.section) == (3, "一、服務對象 > （一）資格")
    for before, after in zip(chunks, chunks[1:], strict=False):
        overlap = before.char_end - after.char_start
        assert overlap > 0 and estimate_tokens(after.text[:overlap]) <= 30
    assert chunks[0].char_start == 0 and chunks[-1].char_end == len(text)


def test_english_sentences_split_at_end_punctuation_not_decimals() -> None:
    blocks = [TextBlock(text=" ".join(EN_SENTENCES * 3))]
    chunks = chunk_blocks(blocks, 12, 0)
    check_offsets(blocks, chunks)
    assert [c.text for c in chunks[:4]] == EN_SENTENCES
    assert all(a.char_end <= b.char_start for a, b in zip(chunks, chunks[1:], strict=False))


def test_a_sentence_longer_than_the_size_is_cut_at_commas() -> None:
    clause = "家戶每人每月平均收入低於新臺幣兩萬兩千元"
    sentence = "，".join([clause] * 12) + "。"
    blocks = [TextBlock(text="前言。"), TextBlock(text=sentence), TextBlock(text="結語。")]
    chunks = chunk_blocks(blocks, 60, 0)
    check_offsets(blocks, chunks)
    assert all(estimate_tokens(c.text) <= 60 for c in chunks)
    middle = [c for c in chunks if clause in c.text]
    assert (
        "".join(c.text for c in middle)
        .replace("前言。", "")
        .replace("結語。", "")
        .replace("\n", "")
        == sentence
    )
    assert all(c.text.endswith(("，", "。")) for c in middle)


def test_long_chinese_sentences_overlap_by_clauses() -> None:
    sentence = "，".join(["本會提供緊急食物援助與租金補助"] * 5) + "。"
    blocks = [TextBlock(text=sentence * 4)]
    chunks = chunk_blocks(blocks, 120, 40)
    check_offsets(blocks, chunks)
    assert len(chunks) >= 3
    for before, after in zip(chunks, chunks[1:], strict=False):
        assert 0 < before.char_end - after.char_start
        assert estimate_tokens(document(blocks)[after.char_start : before.char_end]) <= 40


def test_chunks_never_span_sections_and_report_their_start_page() -> None:
    blocks = [
        TextBlock(text=ZH_SENTENCES[0], page=1, section=["A"]),
        TextBlock(text=ZH_SENTENCES[1], page=2, section=["A"]),
        TextBlock(text=ZH_SENTENCES[2], page=2, section=["B"]),
        TextBlock(text=ZH_SENTENCES[3], page=3, section=[]),
    ]
    chunks = chunk_blocks(blocks, 200, 40)
    check_offsets(blocks, chunks)
    assert [(c.section, c.page) for c in chunks] == [("A", 1), ("B", 2), ("", 3)]
    assert chunks[0].text == ZH_SENTENCES[0] + "\n\n" + ZH_SENTENCES[1]


def test_every_character_is_in_some_chunk() -> None:
    rng = random.Random(11)
    blocks = [
        TextBlock(text=" ".join(rng.choice(ZH_SENTENCES + EN_SENTENCES) for _ in range(9)),
                  page=n, section=[f"S{n // 3}"])
        for n in range(12)
    ]  # fmt: skip
    chunks = chunk_blocks(blocks, 64, 16)
    check_offsets(blocks, chunks)
    covered = [False] * len(document(blocks))
    for chunk in chunks:
        covered[chunk.char_start : chunk.char_end] = [True] * (chunk.char_end - chunk.char_start)
    doc = document(blocks)
    assert all(covered[i] for i, char in enumerate(doc) if not char.isspace())


def test_lines_inside_a_block_are_units() -> None:
    blocks = [TextBlock(text="Size | Limit\n1 | 22,000\n2 | 33,000")]
    chunks = chunk_blocks(blocks, 4, 0)
    assert [c.text for c in chunks] == ["Size | Limit", "1 | 22,000", "2 | 33,000"]


def test_edge_cases() -> None:
    assert chunk_blocks([], 220, 40) == []
    assert chunk_blocks([TextBlock(text="  ")], 220, 40) == []
    with pytest.raises(ValueError):
        chunk_blocks([TextBlock(text="x.")], 0, 0)
    # An overlap as large as the size is clamped instead of looping forever.
    chunks = chunk_blocks([TextBlock(text="".join(ZH_SENTENCES * 5))], 40, 400)
    assert 0 < len(chunks) < 40


@pytest.mark.timeout(120)  # a hang guard: quadratic splitting would take hours here
def test_huge_single_sentence_is_split_in_linear_time() -> None:
    blocks = [TextBlock(text="字" * 400_000 + " word" * 100_000)]
    chunks = chunk_blocks(blocks, 220, 0)
    assert all(estimate_tokens(c.text) <= 220 for c in chunks)
    assert sum(len(re.sub(r"\s", "", c.text)) for c in chunks) == 400_000 + 400_000
