"""Rejoin text cut mid-sentence: hard-wrapped lines, and blocks split by a paragraph or page
break; headings, list items, form fields and table rows keep their own line."""

from __future__ import annotations

import re

from ingest.headings import GLOSS, without_glosses
from kb.language import HAN_CHAR
from kb.schema import TextBlock

_CJK_CHAR = "\u2e80-\u2fdf\u3000-\u303f\u3040-\u30ff\u3100-\u312f\u3400-\u4dbf\u4e00-\u9fff"
_CJK_CHAR += "\uac00-\ud7af\uf900-\ufaff\ufe30-\ufe4f\uff00-\uffef"
_IS_CJK = re.compile(f"[{_CJK_CHAR}]")

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
_REFERENCE_WINDOW = 80  # trailing citation markers are looked for in this many characters
_TAIL = 400  # characters of a joined text kept to read its ending
_HEAD = 256  # characters of a line a marker is matched on (markers are a few dozen)
_WIDTH_CAP = 2 * _WIDE_LINE  # a line's width is followed up to here: only "< _WIDE_LINE" is read
_PARENS = re.compile("[()（）]")


def display_width(text: str) -> int:
    """Columns the text takes in a monospaced rendering (CJK characters count two)."""
    return len(text) + len(_IS_CJK.findall(text))


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
        cut = max(0, len(text) - _REFERENCE_WINDOW)  # references are short: regex off long lines
        text = text[:cut] + _TRAILING_REFERENCE.sub("", text[cut:])
    text = text.rstrip(_CLOSERS + " ")
    return text[-1:] if text else ""


def _settle(text: str) -> tuple[bool, str]:
    """Split `text` (read from a position the gloss scan starts at) before its first opening
    bracket that a closing one still to come could make a gloss. Returns whether the settled
    part has clause punctuation outside glosses, and the unsettled rest. An opener is unsettled
    when no bracket of its kind follows it and no gloss covers it."""
    spans = [match.span() for match in GLOSS.finditer(text)]
    cut = len(text)
    for opener, closer in (("(", ")"), ("（", "）")):
        last = max(text.rfind(opener), text.rfind(closer))
        if last >= 0 and text[last] == opener and not any(a <= last < b for a, b in spans):
            cut = min(cut, last)
    return bool(_CLAUSE.search(without_glosses(text[:cut]))), text[cut:]


class _Run:
    """A text built by joining lines (or blocks), with what `_continues` and `_join` read of it
    kept up to date part by part. Rule: a join reads only the new part, never the whole text
    joined so far (that made the normaliser quadratic on long paragraphs); the answers are the
    same as reading the whole text, except that a marker is matched on the first 256
    characters of a line."""

    def __init__(self, text: str) -> None:
        self._parts = [text]
        self.length = len(text)
        self.tail = text[-_TAIL:]
        self.table_row = _is_table_row(text)
        self._new_line(text.rsplit("\n", 1)[-1])

    def _new_line(self, line: str) -> None:
        self._line = [line]
        self._line_len = len(line)
        self.head = line[:_HEAD]
        self.line_width = min(_WIDTH_CAP, display_width(line[:_WIDTH_CAP]))
        self._han: bool | None = None  # a Han character on the last line; None: not looked yet
        # Clause state of the last line's body (after its marker): built on first use.
        self._clause_start = -1
        self._clause_done = 0
        self._settled_clause = False
        self._open: list[str] = []
        self._open_clause = False

    def text(self) -> str:
        return "".join(self._parts)

    def append(self, sep: str, piece: str) -> None:
        added = sep + piece
        if not self.table_row:
            self.table_row = _is_table_row(self.tail[-2:] + added)
        self._parts.append(added)
        self.length += len(added)
        self.tail = (self.tail + added[-_TAIL:])[-_TAIL:]
        if "\n" in piece:
            self._new_line(piece.rsplit("\n", 1)[-1])
            return
        self._line.append(added)
        self._line_len += len(added)
        if len(self.head) < _HEAD:
            self.head = (self.head + added[:_HEAD])[:_HEAD]
        if self.line_width < _WIDTH_CAP:
            width = self.line_width + display_width(added[:_WIDTH_CAP])
            self.line_width = min(_WIDTH_CAP, width)
        if self._han is False:
            self._han = bool(HAN_CHAR.search(added))

    @property
    def line_han(self) -> bool:
        if self._han is None:
            self._han = bool(HAN_CHAR.search("".join(self._line)))
        return self._han

    def drop_last_char(self) -> None:
        """Remove the last character, which is on the last line (a hyphen, never a bracket,
        clause mark or Han character, so the clause state and `line_han` stay true)."""
        self._parts[-1] = self._parts[-1][:-1]
        self._line[-1] = self._line[-1][:-1]
        self.length -= 1
        self.tail = self.tail[:-1]
        if self._line_len <= _HEAD:
            self.head = self.head[:-1]
        self._line_len -= 1
        self.line_width -= 1  # still >= _WIDE_LINE exactly when the true width is

    def ending(self) -> str:
        """`_ending` of the whole text, read from its tail when the tail settles it."""
        if self.length > len(self.tail):
            if len(self.tail.rstrip()) >= _REFERENCE_WINDOW:
                last = _ending(self.tail)
                if last:
                    return last
            return _ending(self.text())
        return _ending(self.tail)

    def marker_end(self) -> int:
        """Where the last line's marker ends (0: the line starts with none)."""
        match = _MARKER.match(self.head)
        return match.end() if match else 0

    def has_clause(self) -> bool:
        """Clause punctuation outside glosses in the last line's body, as
        `_CLAUSE.search(without_glosses(body))` on the whole body would say."""
        start = self.marker_end()
        if start != self._clause_start:
            line = "".join(self._line)
            self._line = [line]
            self._clause_start, self._clause_done = start, 1
            self._settled_clause, self._open, self._open_clause = False, [], False
            added = line[start:]
        else:
            added = "".join(self._line[self._clause_done :])
            self._clause_done = len(self._line)
        if added:
            if self._open and not _PARENS.search(added):
                # No bracket in the new text: no gloss can end in it, so its clause marks count.
                self._open.append(added)
                self._open_clause = self._open_clause or bool(_CLAUSE.search(added))
            else:
                settled, rest = _settle("".join(self._open) + added)
                self._settled_clause = self._settled_clause or settled
                self._open = [rest] if rest else []
                self._open_clause = bool(rest) and bool(_CLAUSE.search(without_glosses(rest)))
        return self._settled_clause or self._open_clause


def _join(left: _Run, right: str) -> None:
    """Append `right` to `left`: no space between CJK, de-hyphenated English, else a space."""
    if not right:
        return
    tail = left.tail
    if not tail:
        left.append("", right)
    elif (
        len(tail) >= 2
        and tail[-1] == "-"
        and tail[-2].isalpha()
        and tail[-2].isascii()
        and right[0].islower()
    ):
        left.drop_last_char()
        left.append("", right)
    elif _IS_CJK.match(tail[-1]) or _IS_CJK.match(right[0]):
        left.append("", right)
    elif tail[-1].isalpha() and right[0].islower() and left.line_han:
        # Chinese text wrapped by width cuts English words anywhere: "Non-pr" + "ofit".
        left.append("", right)
    else:
        left.append(" ", right)


def _continues(left: _Run, right: str, *, across_blocks: bool, page_break: bool = False) -> bool:
    """Whether `right` (the next line, or the next block) continues the sentence `left` was cut
    in. Across blocks only Chinese text cut at a wide line (or an obvious continuation) joins:
    a short unterminated block is a heading, a caption or a form field. At a page break the
    width does not matter: the last line of a page is cut wherever the page ended."""
    if not left.length or not right or starts_new_unit(right) or left.table_row:
        return False
    last = left.ending()
    if not last or last in _TERMINAL:
        return False
    if last in _CONTINUING or right[0].islower() or (last == "-" and right[0].isalpha()):
        return True
    if left.line_width < _WIDE_LINE and not page_break:
        return False
    # A heading or caption has no clause punctuation after its marker ("二、", "圖2：").
    if left.marker_end() and not left.has_clause():
        return False
    # Across blocks, a wide Chinese line without a single comma is a title, not wrapped prose.
    chinese = HAN_CHAR.match(last) or HAN_CHAR.match(right[0])
    return not across_blocks or bool(chinese and left.has_clause())


def _unwrap(lines: list[str]) -> str:
    """Join the wrapped lines of one block; headings, list items, form fields and table rows
    keep their own line."""
    if len(lines) < 2:
        return "".join(lines)
    out: list[_Run] = []
    for line in lines:
        if out and _continues(out[-1], line, across_blocks=False):
            _join(out[-1], line)
        else:
            out.append(_Run(line))
    return "\n".join(run.text() for run in out)


def _split_after_first_sentence(text: str) -> tuple[str, str]:
    for i, char in enumerate(text):
        if char in _TERMINAL and char not in ":：" and (char != "." or text[i + 1 : i + 2] in " "):
            end = i + 1
            while end < len(text) and text[end] in _CLOSERS:
                end += 1
            return text[:end], text[end:].lstrip()
    return text, ""


def _merge_continuations(blocks: list[TextBlock]) -> list[TextBlock]:
    merged: list[tuple[TextBlock, _Run]] = []
    for block in blocks:
        prev = merged[-1][0] if merged else None
        page_break = (
            prev is not None
            and prev.page is not None
            and block.page is not None
            and prev.page != block.page
        )
        if (
            prev is None
            or prev.section != block.section
            or not _continues(merged[-1][1], block.text, across_blocks=True, page_break=page_break)
        ):
            merged.append((block, _Run(block.text)))
            continue
        if page_break:
            # A sentence cut by a page break: pull its tail back, the rest stays on its page.
            head, rest = _split_after_first_sentence(block.text)
            _join(merged[-1][1], head)
            if rest:
                merged.append((block.model_copy(update={"text": rest}), _Run(rest)))
        else:
            _join(merged[-1][1], block.text)
    for block, run in merged:
        block.text = run.text()
    return [block for block, _ in merged]
