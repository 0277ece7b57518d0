"""Cut normalised blocks into overlapping, sentence-aligned chunks of about `size_tokens`."""

from __future__ import annotations

import re
from dataclasses import dataclass

from pydantic import BaseModel

from kb.schema import TextBlock

BLOCK_SEPARATOR = "\n\n"

_CJK = re.compile(r"[\u2e80-\u2fdf\u3040-\u30ff\u3100-\u312f\u3400-\u4dbf\u4e00-\u9fff"
                  r"\uac00-\ud7af\uf900-\ufaff\U00020000-\U0003134f]")  # fmt: skip
_WORD = re.compile(r"[^\W\u2e80-\u9fff\uac00-\ud7af\uf900-\ufaff\U00020000-\U0003134f]+")
# A sentence ends at Chinese 。！？； (and ! ? ;), at . ! ? followed by a space, or at a newline;
# closing quotes/brackets stay with the sentence they close.
_SENTENCE_END = re.compile(
    r"(?:[。！？；!?;]+|(?<=\S)[.!?]+(?=[\s\"'”’)）」』]|$))[\"'”’)）」』\]]*|\n+"
)
_TOKEN = re.compile(f"(?P<cjk>{_CJK.pattern})|(?P<word>{_WORD.pattern})")
_SOFT_BREAK = re.compile(r"[，,、：:\s]")


class RawChunk(BaseModel):
    """A chunk before scrubbing/indexing; offsets index the blocks joined by a blank line."""

    text: str
    page: int | None
    section: str
    char_start: int
    char_end: int


def estimate_tokens(text: str) -> int:
    """Rough token count: one per CJK character, 1.3 per word of other scripts."""
    cjk = len(_CJK.findall(text))
    words = len(_WORD.findall(text))
    return cjk + (words * 13 + 9) // 10


@dataclass(slots=True)
class _Span:
    start: int
    end: int
    tokens: int
    block: int


def _sentences(text: str, offset: int, block: int) -> list[_Span]:
    spans: list[_Span] = []
    start = 0
    for match in _SENTENCE_END.finditer(text):
        _add_span(spans, text, start, match.end(), offset, block)
        start = match.end()
    _add_span(spans, text, start, len(text), offset, block)
    return spans


def _add_span(spans: list[_Span], text: str, start: int, end: int, offset: int, block: int) -> None:
    piece = text[start:end]
    stripped = piece.strip()
    if not stripped:
        return
    start += len(piece) - len(piece.lstrip())
    end = start + len(stripped)
    spans.append(_Span(start=offset + start, end=offset + end, tokens=estimate_tokens(stripped),
                       block=block))  # fmt: skip


def _token_marks(text: str) -> tuple[list[int], list[float]]:
    """Positions where `estimate_tokens` counts something, and how much (1 or 1.3)."""
    positions: list[int] = []
    weights: list[float] = []
    for match in _TOKEN.finditer(text):
        positions.append(match.start())
        weights.append(1.0 if match.lastgroup == "cjk" else 1.3)
    return positions, weights


def _split_long(span: _Span, doc: str, size: int) -> list[_Span]:
    """Cut a sentence longer than `size` tokens, preferring commas and spaces as cut points."""
    text = doc[span.start : span.end]
    positions, weights = _token_marks(text)
    soft = [m.end() for m in _SOFT_BREAK.finditer(text)]
    cuts = [0]
    tokens = 0.0
    soft_index = 0
    for position, weight in zip(positions, weights, strict=True):
        if tokens + weight > size and position > cuts[-1]:
            # Prefer the last comma/space in the second half of the piece.
            while soft_index < len(soft) and soft[soft_index] <= position:
                soft_index += 1
            best = soft[soft_index - 1] if soft_index else -1
            cut = best if best > cuts[-1] + (position - cuts[-1]) // 2 else position
            cuts.append(cut)
            tokens = float(estimate_tokens(text[cut:position]))
        tokens += weight
    cuts.append(len(text))
    pieces: list[_Span] = []
    for start, end in zip(cuts, cuts[1:], strict=False):
        piece = text[start:end]
        if piece.strip():
            lead = len(piece) - len(piece.lstrip())
            pieces.append(
                _Span(
                    start=span.start + start + lead,
                    end=span.start + start + len(piece.rstrip()),
                    tokens=estimate_tokens(piece),
                    block=span.block,
                )
            )
    return pieces


def chunk_blocks(blocks: list[TextBlock], size_tokens: int, overlap_tokens: int) -> list[RawChunk]:
    """Pack whole sentences into chunks of at most `size_tokens` (estimated), consecutive chunks
    sharing up to `overlap_tokens` of trailing sentences. A chunk never spans two sections; a
    sentence is cut only when it alone exceeds `size_tokens`. Offsets index the document text
    `"\\n\\n".join(block.text for block in blocks)`; `page` is where the chunk starts.
    """
    if size_tokens <= 0:
        raise ValueError("size_tokens must be positive")
    overlap_tokens = max(0, min(overlap_tokens, size_tokens // 2))
    doc = BLOCK_SEPARATOR.join(block.text for block in blocks)
    spans: list[_Span] = []
    offset = 0
    for index, block in enumerate(blocks):
        for span in _sentences(block.text, offset, index):
            spans.extend(
                _split_long(span, doc, size_tokens) if span.tokens > size_tokens else [span]
            )
        offset += len(block.text) + len(BLOCK_SEPARATOR)
    chunks: list[RawChunk] = []
    first, start = 0, spans[0].start if spans else 0
    while first < len(spans):
        section = blocks[spans[first].block].section
        last = first
        tokens = estimate_tokens(doc[start : spans[first].end])
        while (
            last + 1 < len(spans)
            and blocks[spans[last + 1].block].section == section
            and tokens + spans[last + 1].tokens <= size_tokens
        ):
            last += 1
            tokens += spans[last].tokens
        end = spans[last].end
        chunks.append(
            RawChunk(
                text=doc[start:end],
                page=blocks[spans[first].block].page,
                section=" > ".join(section),
                char_start=start,
                char_end=end,
            )
        )
        if last + 1 >= len(spans):
            break
        first, start = _next_start(spans, doc, blocks, first, last, size_tokens, overlap_tokens)
    return chunks


def _next_start(
    spans: list[_Span],
    doc: str,
    blocks: list[TextBlock],
    first: int,
    last: int,
    size: int,
    overlap: int,
) -> tuple[int, int]:
    """Where the chunk after spans[first..last] starts: trailing whole sentences worth at most
    `overlap` tokens, else the last clauses of the final sentence, else no overlap."""
    following = spans[last + 1]
    if overlap == 0 or blocks[following.block].section != blocks[spans[last].block].section:
        return last + 1, following.start
    budget = size - following.tokens
    carried, index = 0, last + 1
    while (
        index - 1 > first
        and carried + spans[index - 1].tokens <= min(overlap, budget)
        and blocks[spans[index - 1].block].section == blocks[following.block].section
    ):
        index -= 1
        carried += spans[index].tokens
    if index <= last:
        return index, spans[index].start
    # Chinese sentences are often longer than the overlap: carry their last clauses instead.
    tail = spans[last]
    text = doc[tail.start : tail.end]
    best = -1
    for match in reversed(list(_SOFT_BREAK.finditer(text))):
        clause = text[match.end() :].lstrip()
        if estimate_tokens(clause) > min(overlap, budget):
            break
        if clause:
            best = len(text) - len(clause)
    if best > 0:
        return last, tail.start + best
    return last + 1, following.start
