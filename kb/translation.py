"""The question translated by the answering model, to search the documents written in the other
language (keywords match only their own language, and embeddings rank a passage far lower
against a question in another language)."""

from __future__ import annotations

import re

from llama_index.core.llms import LLM

from guardrails.quantities import normalise, with_digits
from kb.language import detect_language, is_chinese
from kb.llm import EngineUsage, stream_chat
from kb.prompts import translate_messages

MAX_TOKENS = 120  # a long question; the reply stops at its first line break anyway
_QUOTES = '"「」“”『』'
_NUMBER = re.compile(r"\d+(?:\.\d+)?")
_WRITTEN_NUMBER = re.compile(r"\d+(?:[.,]\d+)*")


def first_line_in(reply: str, language: str) -> str | None:
    """The reply's first line if it is written in `language` ("en", "zh-TW", ...), else None."""
    lines = (line.strip().strip(_QUOTES).strip() for line in reply.strip().splitlines())
    first = next((line for line in lines if line), "")
    if not first or is_chinese(detect_language(first)) != is_chinese(language):
        return None
    return first


def answered_instead(question: str, translated: str) -> bool:
    """True when the reply brings a number the question does not have: the model answered it
    ("NTEN 是哪一年成立的？" -> "NTEN was founded in 2008."), and a guessed answer would steer
    the search. A translation without a question mark is still a translation."""
    return bool(_numbers_in(translated) - _numbers_in(question))


def _numbers_in(text: str) -> set[str]:
    return set(_NUMBER.findall(with_digits(normalise(text))))


def without_guessed_numbers(question: str, translated: str) -> str:
    """The translation without the numbers the question does not have: the rest still says
    what is asked ("...child labour means work under the age of . What is the age for light
    work?"), while a guessed number would steer the search."""
    asked = _numbers_in(question)

    def keep_if_asked(match: re.Match[str]) -> str:
        return match.group() if _numbers_in(match.group()) <= asked else ""

    return " ".join(_WRITTEN_NUMBER.sub(keep_if_asked, translated).split())


def translate_question(
    llm: LLM, question: str, language: str, usage: EngineUsage | None = None
) -> tuple[str | None, str]:
    """(the question in `language`, a note or "") or (None, why not). Raises LLMUnavailable.
    `usage` gets the engine's counts and times of the call."""
    reply = ""
    messages = translate_messages(question, language)
    replies = stream_chat(llm, messages, max_tokens=MAX_TOKENS, one_line=True, usage=usage)
    for delta in replies:
        reply += delta
        if "\n" in reply.strip():
            break  # one line is the whole translation; the rest would be an answer
    translated = first_line_in(reply, language)
    if translated is None:
        return None, "the reply was not in the language asked for"
    if not answered_instead(question, translated):
        return translated, ""
    trimmed = without_guessed_numbers(question, translated)
    if answered_instead(question, trimmed) or not trimmed:
        return None, "the reply answered the question instead of translating it"
    return trimmed, "numbers the question does not have were left out of the translation"
