"""Infer section paths for text without structure (TXT, PDF): numbered heading lines.

Chinese reports number their headings 壹、/ 一、/（一）/ 1. / 1.1; the nesting order varies by
author, so levels come from the order in which numbering styles first appear. A numbered line
counts as a heading only when it has a body: followed by prose or by a deeper heading. A run of
same-style numbered lines with nothing between them is a list, not a set of headings, and so is
its last item, although prose follows it: a line numbered one more than the list item just above
it continues the list, unless it also continues the numbering of the headings it would sit among.
"""

from __future__ import annotations

import re

from kb.schema import TextBlock

_STYLES: list[tuple[str, re.Pattern[str]]] = [
    ("chapter", re.compile(r"^第\s*[一二三四五六七八九十百零〇\d]+\s*[章篇部]\s*[^\W_]")),
    ("section", re.compile(r"^第\s*[一二三四五六七八九十百零〇\d]+\s*節\s*[^\W_]")),
    ("formal", re.compile(r"^[壹貳參肆伍陸柒捌玖拾]+\s*[、.]\s*[^\W_]")),
    ("cjk", re.compile(r"^[一二三四五六七八九十]+\s*[、.]\s*[^\W_]")),
    ("paren-cjk", re.compile(r"^[（(]\s*[一二三四五六七八九十]+\s*[）)]\s*[^\W_]")),
    ("decimal2", re.compile(r"^\d{1,2}\.\d{1,2}\.\d{1,2}\.?\s+[^\W_]")),
    ("decimal", re.compile(r"^\d{1,2}\.\d{1,2}\.?\s+[^\W_]")),
    ("number", re.compile(r"^\d{1,2}\s*[.、]\s*(?!\d)[^\W_]")),
    ("paren-number", re.compile(r"^(?:[（(]\s*\d{1,2}\s*[）)]|\d{1,2}\s*[）)])\s*[^\W_]")),
    ("english", re.compile(r"^(?:chapter|part|section|appendix)\s+[\divxlc]+\b", re.I)),
]
_MAX_HEADING_CHARS = 60
_MAX_ITEM_CHARS = 2 * _MAX_HEADING_CHARS
_CJK_DIGITS = {c: i % 9 + 1 for i, c in enumerate("一二三四五六七八九壹貳參肆伍陸柒捌玖")}
_ORDINAL = re.compile(rf"^[第（(\s]*(\d{{1,2}}(?:\.\d{{1,2}})*|[{''.join(_CJK_DIGITS)}十拾]+)")
_SENTENCE_PUNCTUATION = re.compile("[，。；,;!！]")
GLOSS = re.compile(r"\([^()]*\)|（[^（）]*）")


def without_glosses(line: str) -> str:
    """The line without its bracketed glosses, whose commas make no sentence: "（一）職場AI
    影響評估 (Workplace AI Impact Assessment, AIA-L)" is a heading."""
    return GLOSS.sub("", line)


def numbering_style(line: str) -> str | None:
    """The numbering style a line starts with (heading or list item), None for other lines."""
    if " | " in line:
        return None
    for name, pattern in _STYLES:
        if pattern.match(line):
            return name
    return None


def heading_style(line: str) -> str | None:
    """The numbering style of a line that could be a heading: short, no sentence punctuation."""
    if len(line) > _MAX_HEADING_CHARS or _SENTENCE_PUNCTUATION.search(without_glosses(line)):
        return None
    return numbering_style(line)


def ordinal(line: str) -> int | None:
    """The number a numbered line starts with (1. -> 1, 1.2 -> 2, （十二）-> 12), else None."""
    match = _ORDINAL.match(line)
    if match is None:
        return None
    token = match.group(1)
    if token[0].isdigit():
        return int(token.rsplit(".", 1)[-1])
    tens, ten, ones = token.replace("拾", "十").partition("十")
    if len(tens) > 1 or len(ones) > 1 or (not ten and len(tens) != 1):
        return None
    if not ten:
        return _CJK_DIGITS[tens]
    return (_CJK_DIGITS[tens] if tens else 1) * 10 + (_CJK_DIGITS[ones] if ones else 0)


def _with(block: TextBlock, **changes: object) -> TextBlock:
    """A changed copy without re-validation (model_copy costs ~10x more on big documents)."""
    fields = {"text": block.text, "page": block.page, "section": block.section, **changes}
    return TextBlock.model_construct(**fields)


def _units(blocks: list[TextBlock]) -> list[tuple[TextBlock, str | None]]:
    """Blocks split so every heading-like line stands alone, each with its style."""
    units: list[tuple[TextBlock, str | None]] = []  # (unit, heading style if heading-like)
    for block in blocks:
        pending: list[str] = []
        for line in block.text.split("\n"):
            style = heading_style(line)
            if style is None:
                pending.append(line)
                continue
            if pending:
                units.append((_with(block, text="\n".join(pending)), None))
                pending = []
            units.append((_with(block, text=line), style))
        if pending:
            units.append((_with(block, text="\n".join(pending)), None))
    return units


def infer_sections(blocks: list[TextBlock]) -> list[TextBlock]:
    """Give each block the path of numbered headings above it; blocks that already carry a
    section (DOCX, HTML, Markdown) are returned unchanged. Heading lines stay in the text."""
    if any(block.section for block in blocks):
        return blocks
    units = _units(blocks)
    stack: list[tuple[str, str]] = []  # (style, heading text), outermost first
    result: list[TextBlock] = []
    previous_item: tuple[str | None, int | None] = (None, None)  # (style, number) if a list item
    for index, (unit, style) in enumerate(units):
        first_line = unit.text.split("\n", 1)[0]
        is_heading = False
        if style is not None and index + 1 < len(units):
            styles = [s for s, _ in stack]
            ancestors = styles[: styles.index(style)] if style in styles else styles
            # A numbered list item that is too long to be a heading still ends the body test.
            following = numbering_style(units[index + 1][0].text.split("\n", 1)[0])
            has_body = following is None or (following != style and following not in ancestors)
            is_heading = has_body and not _continues_list(first_line, style, previous_item, stack)
            if is_heading:
                del stack[len(ancestors) :]
                stack.append((style, unit.text))
        result.append(_with(unit, section=[text for _, text in stack]))
        # Only a short one-line item can be continued; a numbered paragraph may be a heading
        # run into its body.
        is_item = not is_heading and "\n" not in unit.text and len(unit.text) <= _MAX_ITEM_CHARS
        item_style = numbering_style(first_line) if is_item else None
        previous_item = (item_style, ordinal(first_line) if item_style else None)
    return result


def _continues_list(
    line: str,
    style: str,
    previous_item: tuple[str | None, int | None],
    stack: list[tuple[str, str]],
) -> bool:
    """Whether a heading-like line is the next item of the list just above it."""
    number = ordinal(line)
    if number is None or previous_item != (style, number - 1):
        return False
    siblings = [ordinal(text) for sibling_style, text in stack if sibling_style == style]
    return number - 1 not in siblings
