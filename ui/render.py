"""HTML for chat messages and source cards. Every piece of text is escaped here.

Questions, answers and document quotes are untrusted: they are HTML-escaped and emitted as one
HTML block without blank lines, so neither HTML nor Markdown in them is ever interpreted.
"""

from __future__ import annotations

import html
import re

from ingest.pii.placeholders import entity_of
from kb.language import detect_language
from kb.schema import PLACEHOLDER_RE, Answer, Citation, Quotes, Status
from ui.i18n import pii_type_name, status_label, t


def escape_text(text: str) -> str:
    """Escape untrusted text for HTML; line breaks become <br> so no blank line ends the block."""
    escaped = html.escape(text, quote=True)
    return escaped.replace("\r\n", "\n").replace("\r", "\n").replace("\n", "<br>")


def readable(text: str, lang: str) -> str:
    """Document text with each scrubber placeholder ("<PERSON_1>", "<TW_ID_2>") said in the
    reader's words ("[name removed]"): a reader sees why a name is missing, not a code."""

    def said(match: re.Match[str]) -> str:
        kind = pii_type_name(entity_of(match.group(0)), lang)
        return t("placeholder_removed", lang, kind=kind)

    return PLACEHOLDER_RE.sub(said, text)


def user_message(question: str) -> str:
    return f'<div class="ngokb-question">{escape_text(question)}</div>'


def pending_message(partial: str, lang: str, note: str = "", quotes: Quotes | None = None) -> str:
    """A streamed answer in progress (or a placeholder, or `note`, before the first token),
    below the `quotes` from the documents once they are found.

    The streamed text is the model's draft: the output guards read it only once it is complete,
    and may remove sentences or refuse. It is labelled so that nobody takes it as the answer.
    """
    shown = quotes_block(quotes, lang) if quotes is not None else ""
    if partial:
        label = escape_text(t("draft_unchecked", lang))
        return (
            f'{shown}<div class="ngokb-answer ngokb-draft" aria-busy="true">'
            f'<p class="ngokb-draft-note">{label}</p>{escape_text(readable(partial, lang))}</div>'
        )
    placeholder = escape_text(note or t("writing_answer" if shown else "thinking", lang))
    return f'{shown}<div class="ngokb-answer" aria-busy="true"><em>{placeholder}</em></div>'


def quotes_block(quotes: Quotes, lang: str) -> str:
    """The passage sentences shown before the written answer: labelled as quotes (not the
    answer), with their own numbered source cards, and the note when no answer followed."""
    label = escape_text(quotes.label)
    cards = "".join(source_card(c, lang, anchor="quote-source") for c in quotes.citations)
    note = (
        f'<p class="ngokb-quotes-note" role="note">{escape_text(quotes.note)}</p>'
        if quotes.note
        else ""
    )
    return (
        f'<section class="ngokb-quotes" aria-label="{label}">'
        f'<p class="ngokb-quotes-label">{label}</p>'
        f'<blockquote class="ngokb-quotes-text" '
        f'lang="{_html_lang(detect_language(quotes.text), lang)}">'
        f"{escape_text(readable(quotes.text, lang))}</blockquote>{cards}{note}</section>"
    )


def notice_message(text: str) -> str:
    """A message from the system itself (not an answer), e.g. a limit that was reached."""
    return f'<div class="ngokb-answer ngokb-notice" role="status">{escape_text(text)}</div>'


def _html_lang(language: str, fallback: str) -> str:
    """An HTML lang for text in `language` ("und": the interface's): a screen reader reads an
    English passage with a Chinese voice when the text is marked with the interface's language."""
    language = fallback if language in ("", "und") else language
    return {"zh-TW": "zh-Hant", "zh-CN": "zh-Hans"}.get(language, language)


def source_card(citation: Citation, lang: str, anchor: str = "source") -> str:
    """One numbered citation as an expandable <details> card: document, location, quote;
    `anchor` keeps the quotes' cards apart from the answer's (both are numbered from 1)."""
    summary = (
        f'<span class="ngokb-cite-n">[{citation.n}]</span> '
        f'<span class="ngokb-doc">{escape_text(citation.document)}</span>'
        f' — <span class="ngokb-loc">{escape_text(citation.location)}</span>'
    )
    return (
        f'<details class="ngokb-source" id="{anchor}-{citation.n}">'
        f"<summary>{summary}</summary>"
        f'<blockquote lang="{_html_lang(detect_language(citation.quote), lang)}">'
        f"{escape_text(readable(citation.quote, lang))}</blockquote></details>"
    )


def pii_note(pii_removed: dict[str, int], lang: str) -> str:
    """The visible note that personal data was removed from the question ('' when none was)."""
    found = {k: v for k, v in pii_removed.items() if v > 0}
    if not found:
        return ""
    listed = t("list_separator", lang).join(
        f"{pii_type_name(kind, lang)} ({count})" for kind, count in found.items()
    )
    note = escape_text(t("pii_removed", lang, items=listed))
    return f'<p class="ngokb-pii-note" role="status">🛈 {note}</p>'


def answer_message(answer: Answer, lang: str, staff: bool = False) -> str:
    """The final assistant message: answer text, status, notes and source cards.

    Staff also see the backend note (e.g. why no LLM was used); the public sees the status label.
    The quotes shown while the answer was written stay above it, unless the answer is those
    same quotes (the fallback when a check failed).
    """
    parts = []
    quotes = answer.quotes
    if quotes is not None and not (
        answer.status is Status.ANSWERED_EXTRACTIVE and quotes.text in answer.answer
    ):
        parts.append(quotes_block(quotes, lang))
        # Named apart from the quotes above it, whose numbers are their own.
        parts.append(f'<p class="ngokb-answer-label">{escape_text(t("written_answer", lang))}</p>')
    parts.append(
        f'<div class="ngokb-answer" lang="{_html_lang(answer.language, lang)}">'
        f"{escape_text(readable(answer.answer, lang))}</div>"
    )
    if answer.refused or answer.status is Status.ANSWERED_EXTRACTIVE:
        label = status_label(str(answer.status), answer.status_label or answer.status.label, lang)
        parts.append(f'<p class="ngokb-status">{escape_text(label)}</p>')
    if answer.sentences_removed:
        note = escape_text(t("sentences_removed", lang))
        parts.append(f'<p class="ngokb-removed-note" role="note">{note}</p>')
    if answer.citations:
        cards = "".join(source_card(c, lang) for c in answer.citations)
        parts.append(
            f'<section class="ngokb-sources" aria-label="{escape_text(t("sources", lang))}">'
            f'<p class="ngokb-sources-title">{escape_text(t("sources", lang))}</p>{cards}</section>'
        )
    parts.append(pii_note(answer.pii_removed, lang))
    if staff and answer.backend_note:
        parts.append(f'<p class="ngokb-backend-note">{escape_text(answer.backend_note)}</p>')
    parts.append(f'<p class="ngokb-disclosure">{escape_text(t("answer_disclosure", lang))}</p>')
    return "".join(parts)


def error_message(contact: str, lang: str) -> str:
    return (
        f'<div class="ngokb-answer">{escape_text(t("error_answer", lang, contact=contact))}</div>'
    )
