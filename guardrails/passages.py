"""Passages go to the model as delimited, labelled data, never as instructions."""

from __future__ import annotations

import re

from guardrails.normalize import strip_invisible
from kb.schema import Passage

# Anything in a passage that could close our delimiter or open a chat-template turn.
_TAG_LOOKALIKE = re.compile(
    r"<\s*/?\s*(passage|passages|document|context|system|instructions?|source|data|"
    r"im_start|im_end|endoftext|eot_id|start_header_id|user|assistant)\b|<\||\|>|<<\s*/?\s*sys",
    re.IGNORECASE,
)
_CHAT_MARKERS = re.compile(r"\[/?(INST|SYS)\]", re.IGNORECASE)
_ATTR_UNSAFE = re.compile(r"[\"<>\n\r]")
# A reference-list entry names a source, it does not answer or support anything: its English
# title made an English question look answered by a Chinese report's bibliography, and an
# invented claim look supported by it.
REFERENCE_ENTRY = re.compile(
    r"^\s*(?:[-*•]\s*)?(?:\[\d+\]|注\s*\d+|\d+\.\s.*(?:https?://|Retrieved? from)"
    r"|<?https?://\S+>?\s*$|Retrieved? from)",
    re.I,
)


def without_reference_entries(text: str) -> str:
    """The text without its reference-list lines (`[n] Title: <url>`, `注n`, "Retrieved from")."""
    return "\n".join(line for line in text.splitlines() if not REFERENCE_ENTRY.match(line))


def _neutralise(text: str) -> str:
    text, _ = strip_invisible(text)
    text = _TAG_LOOKALIKE.sub(lambda m: m.group(0).replace("<", "‹").replace(">", "›")
                              .replace("|", "¦"), text)
    return _CHAT_MARKERS.sub(lambda m: m.group(0).replace("[", "⟦").replace("]", "⟧"), text)


def _attr(value: str) -> str:
    return _ATTR_UNSAFE.sub(" ", value).strip()


def format_passages(passages: list[Passage]) -> str:
    """Number passages 1..n in order, each inside <passage n=.. source=.. location=..> tags.

    Tag look-alikes and chat-template markers inside the text are defused so a document cannot
    close its own passage and speak as the system.
    """
    blocks = []
    for n, passage in enumerate(passages, start=1):
        source = _attr(passage.chunk.file_name)
        location = _attr(passage.location)
        blocks.append(
            f'<passage n={n} source="{source}" location="{location}">\n'
            f"{_neutralise(passage.chunk.text).strip()}\n</passage>"
        )
    return "\n\n".join(blocks)
