"""HTML: visible body text in document order; h1-h3 give the section path.

Parsed with lxml.html (already required by python-docx): BeautifulSoup on top of it measured
~50x slower (20 s for a 3 MB page on this machine), which a large export would turn into a stall.
"""

from __future__ import annotations

import re

import lxml.html
from lxml import etree

from ingest.errors import IngestError
from ingest.loaders.encoding import bom_encoding, decode_text
from kb.schema import Audience, ParsedDocument, TextBlock

_DROPPED = {
    "nav", "script", "style", "footer", "header", "aside", "form", "noscript", "template",
    "svg", "iframe", "object", "embed", "button", "select", "canvas", "head", "title", "math",
}  # fmt: skip
_BLOCKS = {
    "p", "div", "section", "article", "main", "li", "dd", "dt", "blockquote", "figcaption",
    "caption", "address", "table", "ul", "ol", "dl", "td", "th", "body", "h4", "h5", "h6",
    "figure", "details", "summary", "hr",
}  # fmt: skip
_SECTION_HEADINGS = {"h1": 1, "h2": 2, "h3": 3}
_META_CHARSET = re.compile(rb"<meta[^>]+charset\s*=\s*[\"']?\s*([A-Za-z0-9_.:-]+)", re.IGNORECASE)
_XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]*\?>")
_SPACES = re.compile(r"[ \t\r\n\f\u00a0]+")
# lxml silently stops nesting at 255 levels; refusing earlier keeps such pages from being
# half-read without anyone noticing.
MAX_DEPTH = 200
MAX_ELEMENTS = 500_000

_Item = tuple[str, object, int]


def declared_charset(data: bytes) -> str | None:
    match = _META_CHARSET.search(data[:4096])
    return match.group(1).decode("ascii").lower() if match else None


def _text_of(element: etree._Element) -> str:
    return _SPACES.sub(" ", element.text_content()).strip()


class _Walker:
    def __init__(self, file_name: str) -> None:
        self.file_name = file_name
        self.blocks: list[TextBlock] = []
        self.section: list[str] = []
        self.parts: list[str] = []
        self.first_h1: str | None = None
        self.elements = 0

    def flush(self) -> None:
        lines = [_SPACES.sub(" ", line).strip() for line in "".join(self.parts).split("\n")]
        text = "\n".join(line for line in lines if line)
        if text:
            self.blocks.append(TextBlock(text=text, section=list(self.section)))
        self.parts = []

    def add_block(self, text: str) -> None:
        self.flush()
        if text:
            self.blocks.append(TextBlock(text=text, section=list(self.section)))

    def heading(self, level: int, title: str) -> None:
        self.flush()
        if not title:
            return
        if level == 1 and self.first_h1 is None:
            self.first_h1 = title
        self.section = self.section[: level - 1] + [title]

    def walk(self, root: etree._Element) -> None:
        # Explicit stack: deeply nested pages must not hit Python's recursion limit.
        stack: list[_Item] = [("enter", root, 0)]
        while stack:
            kind, item, depth = stack.pop()
            if kind == "text":
                self.parts.append(str(item))
            elif kind == "exit":
                self.flush()
            else:
                self._enter(item, depth, stack)  # type: ignore[arg-type]
        self.flush()

    def _enter(self, element: etree._Element, depth: int, stack: list[_Item]) -> None:
        self.elements += 1
        if depth > MAX_DEPTH:
            raise IngestError(self.file_name, f"HTML nested deeper than {MAX_DEPTH} elements")
        if self.elements > MAX_ELEMENTS:
            raise IngestError(self.file_name, f"HTML has more than {MAX_ELEMENTS} elements")
        tag = element.tag.lower() if isinstance(element.tag, str) else ""
        if not tag or tag in _DROPPED or _hidden(element):
            return  # comments, processing instructions, page chrome (their tails are kept)
        if tag in _SECTION_HEADINGS:
            self.heading(_SECTION_HEADINGS[tag], _text_of(element))
            return
        if tag == "br":
            self.parts.append("\n")
            return
        if tag == "tr":
            cells = [_text_of(c) for c in element.iter("td", "th")]
            self.add_block(" | ".join(c for c in cells if c))
            return
        if tag == "pre":
            self.add_block(element.text_content().strip("\n"))
            return
        if tag in _BLOCKS:
            self.flush()
            stack.append(("exit", element, depth))
        for child in reversed(element):
            if child.tail:
                stack.append(("text", child.tail, depth))
            stack.append(("enter", child, depth + 1))
        if element.text:
            stack.append(("text", element.text, depth))


def _hidden(element: etree._Element) -> bool:
    """Invisible to a reader, so not the page's content (and a place to hide instructions)."""
    if element.get("hidden") is not None or element.get("aria-hidden") == "true":
        return True
    style = (element.get("style") or "").replace(" ", "").lower()
    return "display:none" in style or "visibility:hidden" in style


def _audience(root: etree._Element, file_name: str) -> Audience | None:
    for meta in root.iter("meta"):
        if (meta.get("name") or "").strip().lower() == "ngo-kb-audience":
            value = (meta.get("content") or "").strip().lower()
            try:
                return Audience(value)
            except ValueError:
                raise IngestError(
                    file_name, "meta ngo-kb-audience must be 'public' or 'staff'"
                ) from None
    return None


def parse_html(data: bytes, file_name: str) -> ParsedDocument:
    """Parse an HTML file, dropping navigation, scripts, forms and page chrome."""
    declared = None if bom_encoding(data) else declared_charset(data)
    text = _XML_DECLARATION.sub("", decode_text(data, file_name, declared=declared))
    if not text.strip():
        return ParsedDocument(file_name=file_name, blocks=[])
    try:
        root = lxml.html.document_fromstring(text)
    except (etree.ParserError, ValueError):
        raise IngestError(file_name, "corrupt HTML: the page cannot be parsed") from None
    audience = _audience(root, file_name)
    title_element = root.find(".//title")
    title = _text_of(title_element) if title_element is not None else ""
    walker = _Walker(file_name)
    body = root.find("body")
    walker.walk(body if body is not None else root)
    return ParsedDocument(
        file_name=file_name,
        blocks=walker.blocks,
        title=title or walker.first_h1,
        declared_audience=audience,
    )
