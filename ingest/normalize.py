"""Clean extracted text: one Unicode form, hard wraps joined, page furniture dropped.

Extraction from PDFs (and text files made from them) leaves Kangxi radicals and compatibility
ideographs instead of ordinary characters, lines wrapped every few dozen characters, page
numbers, running headers/footers, table-of-contents lines and sentences cut by page breaks.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter

from ingest.headings import infer_sections, without_glosses
from ingest.language import HAN_CHAR
from kb.schema import TextBlock

# Full-width punctuation is the normal punctuation of Chinese text; NFKC would turn it into
# ASCII, so it is shielded (mapped to private-use code points and back) around NFKC.
_KEPT_FULLWIDTH = "！（），：；？［］｛｝～"
_SHIELD_BASE = 0xF0000
_SHIELD = {c: chr(_SHIELD_BASE + i) for i, c in enumerate(_KEPT_FULLWIDTH)}
_PLANE15 = re.compile("[\U000f0000-\U000fffff]")
_INVISIBLE = re.compile(
    "[\u00ad\u200b-\u200f\u202a-\u202e\u2060-\u2064\ufeff\x00-\x08\x0b\x0e-\x1f\x7f-\x9f]"
)
_SPACE_RUN = re.compile(r"[ \t\u00a0\u3000]+")
_LINE_EDGE_SPACE = re.compile(r" ?\n ?")
_NEWLINES = re.compile(r"\r\n?|[\f\v\u2028\u2029\x85]")

_CJK_CHAR = "\u2e80-\u2fdf\u3000-\u303f\u3040-\u30ff\u3100-\u312f\u3400-\u4dbf\u4e00-\u9fff"
_CJK_CHAR += "\uac00-\ud7af\uf900-\ufaff\ufe30-\ufe4f\uff00-\uffef"
_IS_CJK = re.compile(f"[{_CJK_CHAR}]")

_PAGE_NUMBER = re.compile(
    r"^(?:[-–—~·•|\[(]\s*)?"
    r"(?:(?:page|p\.?|pp\.?|頁)\s*)?\d{1,4}(?:\s*(?:/|of|之|\|)\s*\d{1,4})?(?:\s*頁)?"
    r"(?:\s*[-–—~·•|\])])?$"
    r"|^第\s*\d{1,4}\s*頁(?:\s*[/,，]?\s*共\s*\d{1,4}\s*頁)?$",
    re.IGNORECASE,
)
# Lower-case roman page numbers of front matter ("iv"), strictly formed so "civic" is no match.
_ROMAN_PAGE = re.compile(r"^(?=[ivxlc])(?:c{0,3})(?:xc|xl|l?x{0,3})(?:ix|iv|v?i{0,3})$")
_LEADER = r"(?:\.{3,}|…{2,}|⋯{2,}|·{3,}|‧{3,}|•{3,}|・{3,}|_{4,}|-{4,}|(?:\.\s){3,}\.?)"
_LEADER_CHARS = set(".…⋯·‧•・_- ")
_TOC_LINE = re.compile(rf"^.{{0,200}}?\S\s*{_LEADER}\s*(?:\d{{1,4}}|[ivxlc]{{1,7}})$", re.I)
_TOC_TITLE = re.compile(r"^(?:目\s*錄|目\s*录|目\s*次|contents|table of contents)$", re.I)

_MARKER = re.compile(
    r"^(?:#{1,6}\s"
    r"|[一二三四五六七八九十百零〇]+\s*[、.]"
    r"|[壹貳參肆伍陸柒捌玖拾]+\s*[、.]"
    r"|[（(]\s*[一二三四五六七八九十百\d]{1,3}\s*[）)]"
    r"|第\s*[一二三四五六七八九十百零〇\d]+\s*[章節條部篇款項]"
    r"|\d{1,3}(?:\.\d{1,3})+\s*\S"
    r"|\d{1,3}[.、)）]\s*[^\d\s]"
    r"|[a-zA-Z][.)]\s"
    r"|[-*+•●○■□☐◆◇▪►‣–—]\s*"
    r"|(?:圖|表|figure|table|chart)\s*\d+(?:[-.]\d+)*\s*[:：.\s]"
    r"|(?:chapter|section|part|appendix|附錄|附件)\b"
    r"|其[一二三四五六七八九十]\s*[，,、:：]"
    r"|[【〔\[][^】〕\]]{1,20}[】〕\]]"
    r"|第[一二三四五六七八九十]+\s*[，,、:：層]"
    r")",
    re.IGNORECASE,
)
_MARKER_START = set("#一二三四五六七八九十百零〇壹貳參肆伍陸柒捌玖拾（第•●○■□☐◆◇▪►‣–—圖表附其【〔")
_LABEL_BREAK = re.compile(r"[\s，,。、()（）「」]")
_TRAILING_REFERENCE = re.compile(r"(?:\s*(?:\[[\d,\s–-]+\]|[（(]注\s*\d+[）)]|\d{1,3}\)))+$")
_CLOSERS = "」』\"'”’)）]】》〉"
_TERMINAL = set("。！？!?；;:：…．.")
_CONTINUING = set("，,、")
_CLAUSE = re.compile("[，、；。,;]")
_WIDE_LINE = 40  # display columns: ~20 CJK characters, a line that was probably wrapped
_RUNNING_MAX_CHARS = 100
_RUNNING_MIN_GAP = 10
_DIGITS = re.compile(r"\d+")


def _shielded_nfkc(text: str) -> str:
    if text.isascii():
        return text
    text = _PLANE15.sub("", text)
    present = [c for c in _KEPT_FULLWIDTH if c in text]
    for char in present:  # str.replace is far faster than str.translate on CJK text
        text = text.replace(char, _SHIELD[char])
    text = unicodedata.normalize("NFKC", text)
    for char in present:
        text = text.replace(_SHIELD[char], char)
    return text


def normalize_text(text: str) -> str:
    """NFKC (Kangxi radicals and compatibility ideographs become ordinary characters), keeping
    full-width Chinese punctuation; invisible characters removed; spaces collapsed per line."""
    text = _NEWLINES.sub("\n", text)
    text = _INVISIBLE.sub("", _shielded_nfkc(text))
    return _LINE_EDGE_SPACE.sub("\n", _SPACE_RUN.sub(" ", text)).strip(" \n")


def display_width(text: str) -> int:
    """Columns the text takes in a monospaced rendering (CJK characters count two)."""
    return len(text) + len(_IS_CJK.findall(text))


def is_page_number(line: str) -> bool:
    line = line.strip()
    return bool(_PAGE_NUMBER.match(line) or _ROMAN_PAGE.match(line))


def is_toc_line(line: str) -> bool:
    """A table-of-contents entry: text, a dot/dash leader, a page number."""
    line = line.strip()
    # Cheap test first: the regex backtracks, and almost no line ends "leader + number".
    head = line.rstrip("0123456789ivxlcIVXLC").rstrip()
    if head == line or len(head) < 3 or head[-1] not in _LEADER_CHARS:
        return False
    return bool(_TOC_LINE.match(line))


def _is_table_row(line: str) -> bool:
    return " | " in line


def starts_new_unit(line: str) -> bool:
    """A heading, list item, figure caption, form field or table row: never glued to the line
    before."""
    if not line:
        return False
    if _is_table_row(line) or _is_form_field(line):
        return True
    return (line[0] in _MARKER_START or line[0].isascii()) and bool(_MARKER.match(line))


def _is_form_field(line: str) -> bool:
    """'姓名：陳…', 'Note: …': a short label, a colon and a value, at the start of the line."""
    for colon in ("：", ": "):
        end = line.find(colon, 1, 14)
        if end > 0 and line[end + len(colon) :].strip() and not _LABEL_BREAK.search(line, 0, end):
            return True
    return False


def _ending(text: str) -> str:
    """The last meaningful character: citation markers and closing brackets skipped."""
    text = text.rstrip()
    if text[-1:] in ("]", ")", "）"):
        cut = max(0, len(text) - 80)  # references are short; keep the regex off long lines
        text = text[:cut] + _TRAILING_REFERENCE.sub("", text[cut:])
    text = text.rstrip(_CLOSERS + " ")
    return text[-1:] if text else ""


def _join(left: str, right: str) -> str:
    if not left:
        return right
    if not right:
        return left
    if (
        len(left) >= 2
        and left[-1] == "-"
        and left[-2].isalpha()
        and left[-2].isascii()
        and right[0].islower()
    ):
        return left[:-1] + right
    if _IS_CJK.match(left[-1]) or _IS_CJK.match(right[0]):
        return left + right
    if left[-1].isalpha() and right[0].islower() and HAN_CHAR.search(left.rsplit("\n", 1)[-1]):
        # Chinese text wrapped by width cuts English words anywhere: "Non-pr" + "ofit".
        return left + right
    return f"{left} {right}"


def _continues(left: str, right: str, *, across_blocks: bool, page_break: bool = False) -> bool:
    """Whether `right` (the next line, or the next block) continues the sentence `left` was cut
    in. Across blocks only Chinese text cut at a wide line (or an obvious continuation) joins:
    a short unterminated block is a heading, a caption or a form field. At a page break the
    width does not matter: the last line of a page is cut wherever the page ended."""
    if not left or not right or starts_new_unit(right) or _is_table_row(left):
        return False
    last = _ending(left)
    if not last or last in _TERMINAL:
        return False
    if last in _CONTINUING or right[0].islower() or (last == "-" and right[0].isalpha()):
        return True
    last_line = left.rsplit("\n", 1)[-1]
    # A heading or caption has no clause punctuation after its marker ("二、", "圖2：").
    body = _MARKER.sub("", last_line, count=1)
    has_clause = bool(_CLAUSE.search(without_glosses(body)))
    narrow = display_width(last_line) < _WIDE_LINE and not page_break
    if narrow or (body != last_line and not has_clause):
        return False
    # Across blocks, a wide Chinese line without a single comma is a title, not wrapped prose.
    chinese = HAN_CHAR.match(last) or HAN_CHAR.match(right[0])
    return not across_blocks or bool(chinese and has_clause)


def _running_keys(blocks: list[list[str]], pages: list[int | None]) -> set[str]:
    """Lines repeated as running headers/footers (digits ignored, so "p. 3" matches "p. 4").

    With pages: an unterminated line among the first or last two of at least 40% of the
    pages (and of 3 or more).
    Without pages (text exported from a PDF): an unterminated line of 6-100 characters, not a
    heading, list item or form field, seen 3 or more times and never within 10 lines of its
    previous occurrence (table rows repeat close together; running headers recur a page apart).
    """
    if any(page is not None for page in pages):
        spread: dict[str, set[int | None]] = {}
        for lines, page in zip(blocks, pages, strict=True):
            for line in set(lines[:2] + lines[-2:]):
                if 2 <= len(line) <= _RUNNING_MAX_CHARS and _ending(line) not in _TERMINAL:
                    spread.setdefault(_line_key(line), set()).add(page)
        page_count = len({p for p in pages if p is not None})
        if page_count < 3:
            return set()
        needed = max(3, int(page_count * 0.4))
        return {key for key, seen in spread.items() if len(seen) >= needed}
    last_seen: dict[str, int] = {}
    counts: Counter[str] = Counter()
    crowded: set[str] = set()
    position = 0
    for lines in blocks:
        for line in lines:
            position += 1
            if (
                not 6 <= len(line) <= _RUNNING_MAX_CHARS
                or _ending(line) in _TERMINAL
                or starts_new_unit(line)  # repeated form labels and headings of record lists
            ):
                continue
            key = _line_key(line)
            if key in last_seen and position - last_seen[key] < _RUNNING_MIN_GAP:
                crowded.add(key)
            last_seen[key] = position
            counts[key] += 1
    return {key for key, count in counts.items() if count >= 3 and key not in crowded}


def _line_key(line: str) -> str:
    return _DIGITS.sub("#", line.casefold())


def _clean_lines(lines: list[str], running: set[str]) -> list[str]:
    kept: list[str] = []
    for i, line in enumerate(lines):
        if not line or is_page_number(line) or is_toc_line(line):
            continue
        if running and len(line) <= _RUNNING_MAX_CHARS and _line_key(line) in running:
            continue
        if _TOC_TITLE.match(line) and any(is_toc_line(n) for n in lines[i + 1 : i + 4]):
            continue
        kept.append(line)
    return kept


def _unwrap(lines: list[str]) -> str:
    """Join the wrapped lines of one block; headings, list items, form fields and table rows
    keep their own line."""
    out: list[str] = []
    for line in lines:
        if out and _continues(out[-1], line, across_blocks=False):
            out[-1] = _join(out[-1], line)
        else:
            out.append(line)
    return "\n".join(out)


def _split_after_first_sentence(text: str) -> tuple[str, str]:
    for i, char in enumerate(text):
        if char in _TERMINAL and char not in ":：" and (char != "." or text[i + 1 : i + 2] in " "):
            end = i + 1
            while end < len(text) and text[end] in _CLOSERS:
                end += 1
            return text[:end], text[end:].lstrip()
    return text, ""


def _merge_continuations(blocks: list[TextBlock]) -> list[TextBlock]:
    merged: list[TextBlock] = []
    for block in blocks:
        prev = merged[-1] if merged else None
        page_break = (
            prev is not None
            and prev.page is not None
            and block.page is not None
            and prev.page != block.page
        )
        if (
            prev is None
            or prev.section != block.section
            or not _continues(prev.text, block.text, across_blocks=True, page_break=page_break)
        ):
            merged.append(block)
            continue
        if page_break:
            # A sentence cut by a page break: pull its tail back, the rest stays on its page.
            head, rest = _split_after_first_sentence(block.text)
            prev.text = _join(prev.text, head)
            if rest:
                merged.append(block.model_copy(update={"text": rest}))
        else:
            prev.text = _join(prev.text, block.text)
    return merged


def normalize_blocks(blocks: list[TextBlock]) -> list[TextBlock]:
    """Normalise extracted blocks; returns new blocks (the input is not modified).

    NFKC; page-number-only lines, running headers/footers and dot-leader TOC lines dropped;
    hard-wrapped lines joined (no space between CJK, de-hyphenated English); sentences cut by
    page or paragraph breaks rejoined; empty blocks dropped; sections kept as given, or, for
    text without structure (TXT, PDF), inferred from numbered heading lines.
    """
    lines = [normalize_text(block.text).split("\n") for block in blocks]
    running = _running_keys(lines, [block.page for block in blocks])
    cleaned: list[TextBlock] = []
    for block, block_lines in zip(blocks, lines, strict=True):
        text = _unwrap(_clean_lines(block_lines, running))
        if text:
            section = [normalize_text(part) for part in block.section if part.strip()]
            cleaned.append(TextBlock(text=text, page=block.page, section=section))
    return infer_sections(_merge_continuations(cleaned))
