"""Hand-built chunks, passages and answers for the eval tests (no tests of its own)."""

from __future__ import annotations

from html.parser import HTMLParser

from kb.schema import Answer, Audience, Chunk, Citation, GuardVerdict, Passage, Status


def passage(chunk_id: str, text: str, file_name: str = "doc.txt", score: float = 0.5) -> Passage:
    chunk = Chunk(
        chunk_id=chunk_id,
        doc_id="d1",
        version=1,
        index=0,
        file_name=file_name,
        text=text,
        char_start=0,
        char_end=len(text),
        language="zh-TW",
        audience=Audience.STAFF,
        content_hash="h",
    )
    return Passage(chunk=chunk, score=score)


def citation(n: int, chunk_id: str, quote: str) -> Citation:
    return Citation(
        n=n, document="doc.txt", location="p. 1", quote=quote, doc_id="d1", chunk_id=chunk_id
    )


def answer(
    text: str,
    citations: list[Citation] | None = None,
    refused: bool = False,
    groundedness: float | None = None,
    question: str = "q",
) -> Answer:
    verdicts = []
    if groundedness is not None:
        verdicts.append(GuardVerdict(name="groundedness", status="pass", score=groundedness))
    return Answer(
        question=question,
        answer=text,
        language="zh-TW",
        refused=refused,
        citations=citations or [],
        backend="extractive",
        model="none",
        guardrails=verdicts,
        status=Status.UNANSWERABLE_NO_PASSAGES if refused else Status.ANSWERED,
    )


class _ResourceFinder(HTMLParser):
    _ELEMENTS = {"link", "script", "img", "iframe", "object", "embed", "audio", "video"}
    _ATTRIBUTES = {"src", "href", "srcset", "xlink:href", "data"}

    def __init__(self) -> None:
        super().__init__()
        self.found: list[str] = []
        self._in_style = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in self._ELEMENTS:
            self.found.append(f"<{tag}>")
        self.found += [f"{tag} {name}=" for name, _ in attrs if name in self._ATTRIBUTES]
        self._in_style = tag == "style"

    def handle_data(self, data: str) -> None:
        if self._in_style and ("url(" in data or "@import" in data):
            self.found.append("style url()/@import")


def resource_references(html: str) -> list[str]:
    """Every element, attribute or style rule in a page that would load something."""
    finder = _ResourceFinder()
    finder.feed(html)
    return finder.found
