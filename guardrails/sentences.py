"""Sentence splitting and [n] citation markers for Chinese and English answers."""

from __future__ import annotations

import re

CITATION = re.compile(r"[\[［【]\s*(\d+(?:\s*[,，、;；]\s*\d+)*)\s*[\]］】]")
_END = re.compile(r"[。！？!?；]+|\.(?=\s|$)")
# closing quotes after the full stop (「…。」) and the citations after them stay with the sentence
_TRAILING = re.compile(r"[」』”’\"）)]*(?:\s*" + CITATION.pattern + r")*")
# A full stop after one of these, or after initials ("U.S.", "J. Smith"), does not end a
# sentence: cutting there shows the user "The U. [1] S. [1]".
_ABBREVIATIONS = {
    "e.g", "i.e", "etc", "mr", "mrs", "ms", "dr", "prof", "no", "nos", "vs", "st", "fig", "p",
    "pp", "inc", "ltd", "jr", "sr", "approx", "cf", "al", "vol", "dept",
}  # fmt: skip
_INITIALS = re.compile(r"(?:^|[^A-Za-z])(?:[A-Za-z]\.)*[A-Z]$")
_CONTENTLESS = re.compile(r"^[\W_]*$")


def citations(text: str) -> list[int]:
    """Every citation number in `text`, in order of appearance ("[1, 2]" gives 1 and 2)."""
    found: list[int] = []
    for match in CITATION.finditer(text):
        found.extend(int(n) for n in re.findall(r"\d+", match.group(1)))
    return found


def strip_citations(text: str) -> str:
    return CITATION.sub("", text)


def _is_abbreviation(line: str, dot: int) -> bool:
    word = re.search(r"([A-Za-z.]+)$", line[:dot])
    if not word:
        return False
    return word.group(1).lower().rstrip(".") in _ABBREVIATIONS or bool(_INITIALS.search(line[:dot]))


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of each sentence; citations right after the full stop stay with it."""
    spans: list[tuple[int, int]] = []
    offset = 0
    for line in text.splitlines(keepends=True):
        start = 0
        for end_match in _END.finditer(line):
            before = line[: end_match.start()]
            if end_match.group(0) == "." and (
                _is_abbreviation(line, end_match.start()) or before.strip().isdigit()
            ):
                continue  # "e.g." or a "1." list marker is not the end of a sentence
            end = end_match.end()
            trailing = _TRAILING.match(line, end)
            if trailing and trailing.end() > end:
                end = trailing.end()
            if end > start:
                spans.append((offset + start, offset + end))
            start = end
        if line[start:].strip():
            spans.append((offset + start, offset + len(line.rstrip("\r\n"))))
        offset += len(line)
    result = []
    for s, e in spans:
        chunk = text[s:e]
        lead = len(chunk) - len(chunk.lstrip())
        trail = len(chunk.rstrip())
        if chunk.strip():
            result.append((s + lead, s + trail))
    return _merge_citation_only(text, result)


def _merge_citation_only(text: str, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """A span holding only citations or punctuation belongs to the sentence before it."""
    merged: list[tuple[int, int]] = []
    for s, e in spans:
        if merged and CITATION.search(text[s:e]) and _CONTENTLESS.match(strip_citations(text[s:e])):
            merged[-1] = (merged[-1][0], e)
        else:
            merged.append((s, e))
    return merged


def split_sentences(text: str) -> list[str]:
    """Split a zh or en answer into sentences (。！？ ! ? ; and '. '), keeping citation markers."""
    return [text[s:e] for s, e in sentence_spans(text)]


def propagate_citations(text: str) -> str:
    """Give each uncited sentence the citation of the next cited sentence in its paragraph (else
    of the one before it): a model often cites a list or a run of sentences once, at its end.
    The sentence is still checked against that passage by the groundedness guard."""
    spans = sentence_spans(text)
    paragraph_of = [text.count("\n\n", 0, s) for s, _ in spans]
    marks = [" ".join(m.group(0) for m in CITATION.finditer(text[s:e])) for s, e in spans]
    inserts: list[tuple[int, int, str]] = []
    for i, (_, end) in enumerate(spans):
        if marks[i]:
            continue
        same = [j for j in range(len(spans)) if paragraph_of[j] == paragraph_of[i] and marks[j]]
        later = [j for j in same if j > i]
        source = later[0] if later else (same[-1] if same else None)
        if source is not None:
            inserts.append((end, end, " " + marks[source]))
    return replace_spans(text, inserts)


def replace_spans(text: str, edits: list[tuple[int, int, str]]) -> str:
    """`text` with each non-overlapping (start, end) span replaced by its new text."""
    for start, end, replacement in sorted(edits, reverse=True):
        text = text[:start] + replacement + text[end:]
    return text
