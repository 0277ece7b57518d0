"""Strip light inline Markdown (links, emphasis, code spans, inline HTML) in linear time.

Each rule gives what a regex such as `(\\*\\*|__)(?=\\S)(.+?)(?<=\\S)\\1` gives, but a regex
retries every unclosed opener up to the end of the text (quadratic: a line of `**a ` froze the
server). Here each rule is one left-to-right pass whose closers are found by forward-only
cursors, so an opener without a closer costs O(1).
"""

from __future__ import annotations

import re
import sys
from collections.abc import Callable

_Hit = tuple[int, str] | None  # (end of the match, the text that replaces it)
_SPACE = re.compile(r"\s")
_NEWLINE = re.compile(r"\n")
_CLOSE_BRACKET = re.compile(r"\]")
_CLOSE_PAREN = re.compile(r"\)")
_URL_START = re.compile(r"<https?://(?=[^>\s])")
_URL_END = re.compile(r"[>\s]")
_TAG_START = re.compile(r"</?[A-Za-z]")
_TAG_END = re.compile(r"[>\n]")
_EMPHASIS_CLOSERS = {d: re.compile(rf"(?<=\S)(?={re.escape(d)})") for d in ("**", "__", "~~")}
# Linear already: the content cannot hold the opener, so no text is scanned twice.
_SINGLE_STAR = re.compile(r"(?<![\w*])\*(?=\S)([^*\n]+?)(?<=\S)\*(?!\w)")
_CODE_SPAN = re.compile(r"`([^`\n]+)`")


class _Cursor:
    """Where `pattern` next matches at or after a position (len(text) when nowhere).

    Asked for increasing positions it never scans a character twice."""

    def __init__(self, pattern: re.Pattern[str], text: str) -> None:
        self._pattern = pattern
        self._text = text
        self._asked = sys.maxsize
        self._found = len(text)

    def next_at(self, pos: int) -> int:
        if not self._asked <= pos <= self._found:
            match = self._pattern.search(self._text, pos)
            self._asked = pos
            self._found = match.start() if match else len(self._text)
        return self._found


def _substitute(text: str, openers: str, match_at: Callable[[int], _Hit]) -> str:
    """Like re.sub: leftmost matches, not overlapping, tried at each opener character."""
    out: list[str] = []
    done = 0
    for opener in re.finditer(f"[{re.escape(openers)}]", text):
        start = opener.start()
        if start < done:
            continue
        hit = match_at(start)
        if hit is not None:
            out += (text[done:start], hit[1])
            done = hit[0]
    if not out:
        return text
    out.append(text[done:])
    return "".join(out)


def _links(text: str, image: bool) -> str:
    """`![alt](url)` -> alt (alt may be empty); `[label](url)` -> label (label not empty)."""
    brackets, parens = _Cursor(_CLOSE_BRACKET, text), _Cursor(_CLOSE_PAREN, text)
    prefix = "![" if image else "["
    n = len(text)

    def match_at(start: int) -> _Hit:
        if not text.startswith(prefix, start):
            return None
        label = start + len(prefix)
        close = brackets.next_at(label)
        if close >= n or (not image and close == label) or text[close + 1 : close + 2] != "(":
            return None
        end = parens.next_at(close + 2)
        return None if end >= n else (end + 1, text[label:close])

    return _substitute(text, prefix[0], match_at)


def _angle_brackets(text: str, opening: re.Pattern[str], stops: re.Pattern[str], keep: bool) -> str:
    """`<https://…>` -> the URL (keep), `<b>` or `</span>` -> nothing: an opening, then text up
    to the first stop character, which must be `>`."""
    ends = _Cursor(stops, text)

    def match_at(start: int) -> _Hit:
        opened = opening.match(text, start)
        if opened is None:
            return None
        end = ends.next_at(opened.end())
        if text[end : end + 1] != ">":
            return None
        return end + 1, text[start + 1 : end] if keep else ""

    return _substitute(text, "<", match_at)


def _emphasis(text: str, delimiters: tuple[str, ...]) -> str:
    """`**x**`, `__x__`, `~~x~~` -> x: the nearest closer, content not starting or ending with
    a space, on one line."""
    closers = {d: _Cursor(_EMPHASIS_CLOSERS[d], text) for d in delimiters}
    newlines = _Cursor(_NEWLINE, text)

    def match_at(start: int) -> _Hit:
        delimiter = text[start : start + 2]
        content = start + 2
        if delimiter not in closers or content >= len(text) or _SPACE.match(text, content):
            return None
        close = closers[delimiter].next_at(content + 1)
        if close >= len(text) or newlines.next_at(content) < close:
            return None
        return close + 2, text[content:close]

    return _substitute(text, "".join({d[0] for d in delimiters}), match_at)


def strip_inline(text: str) -> str:
    """Remove light Markdown markup (links, emphasis, code spans, inline HTML)."""
    text = _links(text, image=True)
    text = _links(text, image=False)
    text = _angle_brackets(text, _URL_START, _URL_END, keep=True)
    text = _angle_brackets(text, _TAG_START, _TAG_END, keep=False)
    text = _emphasis(text, ("**", "__"))
    text = _SINGLE_STAR.sub(r"\1", text)
    text = _emphasis(text, ("~~",))
    return _CODE_SPAN.sub(r"\1", text)
