"""HTML: visible body text in document order; h1-h3 give the section path."""

from __future__ import annotations

import re

from bs4 import BeautifulSoup, Comment, Doctype, NavigableString, Tag
from bs4.element import Declaration, ProcessingInstruction

from ingest.errors import IngestError
from ingest.loaders.encoding import bom_encoding, decode_text
from kb.schema import Audience, ParsedDocument, TextBlock

_DROPPED = {
    "nav", "script", "style", "footer", "header", "aside", "form", "noscript", "template",
    "svg", "iframe", "object", "embed", "button", "select", "canvas", "head", "title",
}  # fmt: skip
_BLOCKS = {
    "p", "div", "section", "article", "main", "li", "dd", "dt", "blockquote", "pre",
    "figcaption", "caption", "address", "table", "ul", "ol", "dl", "td", "th", "body",
    "h4", "h5", "h6",
}  # fmt: skip
_SECTION_HEADINGS = {"h1": 1, "h2": 2, "h3": 3}
_SKIPPED_STRINGS = (Comment, Doctype, Declaration, ProcessingInstruction)
_META_CHARSET = re.compile(rb"<meta[^>]+charset\s*=\s*[\"']?\s*([A-Za-z0-9_.:-]+)", re.IGNORECASE)
_SPACES = re.compile(r"[ \t\r\n\f\u00a0]+")
MAX_DEPTH = 256
MAX_ELEMENTS = 500_000


def declared_charset(data: bytes) -> str | None:
    match = _META_CHARSET.search(data[:4096])
    return match.group(1).decode("ascii").lower() if match else None


def _check_shape(soup: BeautifulSoup, file_name: str) -> None:
    """Refuse pathological trees before walking them (iteratively, no recursion)."""
    count = 0
    stack: list[tuple[Tag, int]] = [(soup, 0)]
    while stack:
        node, depth = stack.pop()
        count += 1
        if depth > MAX_DEPTH:
            raise IngestError(file_name, f"HTML nested deeper than {MAX_DEPTH} elements")
        if count > MAX_ELEMENTS:
            raise IngestError(file_name, f"HTML has more than {MAX_ELEMENTS} elements")
        stack.extend((child, depth + 1) for child in node.contents if isinstance(child, Tag))


class _Walker:
    def __init__(self) -> None:
        self.blocks: list[TextBlock] = []
        self.section: list[str] = []
        self.parts: list[str] = []
        self.first_h1: str | None = None

    def flush(self) -> None:
        lines = [_SPACES.sub(" ", line).strip() for line in "".join(self.parts).split("\n")]
        text = "\n".join(line for line in lines if line)
        if text:
            self.blocks.append(TextBlock(text=text, section=list(self.section)))
        self.parts = []

    def add_block(self, text: str) -> None:
        self.flush()
        self.parts.append(text)
        self.flush()

    def walk(self, root: Tag) -> None:
        # Explicit stack: deeply nested pages must not hit Python's recursion limit.
        stack: list[Tag | NavigableString | None] = [root]
        while stack:
            node = stack.pop()
            if node is None:
                self.flush()
            elif isinstance(node, NavigableString):
                if not isinstance(node, _SKIPPED_STRINGS):
                    self.parts.append(str(node))
            elif node.name in _DROPPED:
                continue
            elif node.name in _SECTION_HEADINGS:
                self.heading(_SECTION_HEADINGS[node.name], node.get_text(" ", strip=True))
            elif node.name == "br":
                self.parts.append("\n")
            elif node.name == "tr":
                cells = [c.get_text(" ", strip=True) for c in node.find_all(["td", "th"])]
                self.add_block(" | ".join(_SPACES.sub(" ", c) for c in cells if c))
            elif node.name == "pre":
                self.add_block(node.get_text())
            else:
                if node.name in _BLOCKS:
                    self.flush()
                    stack.append(None)
                stack.extend(reversed(node.contents))

    def heading(self, level: int, title: str) -> None:
        self.flush()
        title = _SPACES.sub(" ", title).strip()
        if not title:
            return
        if level == 1 and self.first_h1 is None:
            self.first_h1 = title
        self.section = self.section[: level - 1] + [title]


def _audience(soup: BeautifulSoup, file_name: str) -> Audience | None:
    meta = soup.find("meta", attrs={"name": "ngo-kb-audience"})
    if not isinstance(meta, Tag):
        return None
    value = str(meta.get("content") or "").strip().lower()
    try:
        return Audience(value)
    except ValueError:
        raise IngestError(file_name, "meta ngo-kb-audience must be 'public' or 'staff'") from None


def parse_html(data: bytes, file_name: str) -> ParsedDocument:
    """Parse an HTML file, dropping navigation, scripts, forms and page chrome."""
    declared = None if bom_encoding(data) else declared_charset(data)
    text = decode_text(data, file_name, declared=declared)
    soup = BeautifulSoup(text, "html.parser")
    _check_shape(soup, file_name)
    audience = _audience(soup, file_name)
    title_tag = soup.find("title")
    title = title_tag.get_text(" ", strip=True) if isinstance(title_tag, Tag) else ""
    walker = _Walker()
    body = soup.body if isinstance(soup.body, Tag) else soup
    walker.walk(body)
    walker.flush()
    return ParsedDocument(
        file_name=file_name,
        blocks=walker.blocks,
        title=title or walker.first_h1,
        declared_audience=audience,
    )
