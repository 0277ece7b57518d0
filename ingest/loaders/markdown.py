"""Markdown: front matter gives audience/title, `#` headings give the section path."""

from __future__ import annotations

import re

from ingest.errors import IngestError
from ingest.loaders.encoding import decode_text
from ingest.loaders.inline_markup import strip_inline
from kb.schema import Audience, ParsedDocument, TextBlock

_FRONT_MATTER = re.compile(r"\A---[ \t]*\n(.*?)\n(?:---|\.\.\.)[ \t]*(?:\n|\Z)", re.DOTALL)
# Line patterns are possessive (`*+`) or split into a regex and string operations: runs of spaces
# between two optional parts made `^ {0,3}(#{1,6})[ \t]+(.*?)[ \t]*#*[ \t]*$` cubic (100 s for
# a 4 KB heading line).
_ATX_OPENING = re.compile(r" {0,3}(#{1,6})[ \t]+")
_SETEXT_UNDERLINE = re.compile(r"^ {0,3}(=+|-+)[ \t]*$")
_FENCE = re.compile(r"^ {0,3}(```|~~~)")
_RULE = re.compile(r"^ {0,3}([-*_])([ \t]*\1){2,}[ \t]*$")
_LIST_ITEM = re.compile(r"^[ \t]*(?:[-*+]|\d{1,3}[.)])[ \t]+")
_TABLE_SEPARATOR = re.compile(
    r"^[ \t]*+\|?[ \t]*+:?-{3,}+:?[ \t]*+(?:\|[ \t]*+:?-{3,}+:?[ \t]*+)*+\|?[ \t]*+$"
)
_MAX_SECTION_LEVEL = 3


def parse_front_matter(text: str, file_name: str) -> tuple[dict[str, str], str]:
    """Split `key: value` front matter from the body. Values are unquoted strings."""
    match = _FRONT_MATTER.match(text)
    if not match:
        return {}, text
    fields: dict[str, str] = {}
    for line in match.group(1).splitlines():
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        key, sep, value = line.partition(":")
        if sep and key.strip() and not key.startswith((" ", "\t")):
            fields[key.strip().lower()] = value.strip().strip("'\"")
    return fields, text[match.end() :]


def _atx_heading(line: str) -> tuple[int, str] | None:
    """`## Title ##` -> (2, "Title"): the closing hashes and the spaces around them dropped."""
    opening = _ATX_OPENING.match(line)
    if opening is None:
        return None
    title = line[opening.end() :].rstrip(" \t").rstrip("#").rstrip(" \t")
    return len(opening.group(1)), title


def _without_comments(text: str) -> str:
    """`<!-- ... -->` removed; an unclosed comment stays (and so does all text after it)."""
    parts: list[str] = []
    done = 0
    while (start := text.find("<!--", done)) >= 0:
        end = text.find("-->", start + 4)
        if end < 0:
            break
        parts.append(text[done:start])
        done = end + 3
    return "".join(parts) + text[done:]


class _BlockBuilder:
    def __init__(self) -> None:
        self.blocks: list[TextBlock] = []
        self.section: list[str] = []
        self.lines: list[str] = []

    def flush(self) -> None:
        text = "\n".join(self.lines).strip()
        if text:
            self.blocks.append(TextBlock(text=text, section=list(self.section)))
        self.lines = []

    def heading(self, level: int, title: str) -> None:
        self.flush()
        title = strip_inline(title).strip()
        if level > _MAX_SECTION_LEVEL:
            self.lines.append(title)
            self.flush()
            return
        self.section = self.section[: level - 1] + [title]


def parse_markdown(data: bytes, file_name: str) -> ParsedDocument:
    """Parse a Markdown file into blocks per paragraph, list item and table row."""
    text = decode_text(data, file_name).replace("\r\n", "\n").replace("\r", "\n")
    meta, body = parse_front_matter(text, file_name)
    body = _without_comments(body)  # invisible when rendered, like HTML comments
    audience: Audience | None = None
    if meta.get("audience"):
        try:
            audience = Audience(meta["audience"].lower())
        except ValueError:
            raise IngestError(
                file_name, "front matter: audience must be 'public' or 'staff'"
            ) from None
    builder = _BlockBuilder()
    first_h1: str | None = None
    in_fence = False
    lines = body.split("\n")
    for i, line in enumerate(lines):
        if _FENCE.match(line):
            builder.flush()
            in_fence = not in_fence
            continue
        if in_fence:
            builder.lines.append(line)
            continue
        heading = _atx_heading(line)
        next_line = lines[i + 1] if i + 1 < len(lines) else ""
        if heading:
            level, title = heading
        elif line.strip() and not builder.lines and _SETEXT_UNDERLINE.match(next_line):
            level, title = (1 if next_line.strip().startswith("=") else 2), line.strip()
        elif _SETEXT_UNDERLINE.match(line) and not builder.lines:
            continue  # the underline of a setext heading, or a rule
        else:
            level = 0
            title = ""
        if level:
            builder.heading(level, title)
            if level == 1 and first_h1 is None:
                first_h1 = strip_inline(title).strip()
            continue
        if not line.strip() or _RULE.match(line) or _TABLE_SEPARATOR.match(line):
            builder.flush()
            continue
        stripped = line.strip()
        if _LIST_ITEM.match(line) or stripped.startswith("|"):
            builder.flush()
            stripped = _LIST_ITEM.sub("", line).strip()
            if stripped.startswith("|"):
                stripped = " | ".join(c.strip() for c in stripped.strip("|").split("|"))
            builder.lines.append(strip_inline(stripped))
            builder.flush()
            continue
        stripped = re.sub(r"^(>[ \t]?)+", "", stripped)
        builder.lines.append(strip_inline(stripped))
    builder.flush()
    title = meta.get("title") or first_h1
    return ParsedDocument(
        file_name=file_name, blocks=builder.blocks, title=title, declared_audience=audience
    )
