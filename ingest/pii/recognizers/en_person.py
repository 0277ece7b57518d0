"""English person names from spaCy's named-entity recogniser (label PERSON), cleaned up: spans
holding Chinese characters, product names (Claude, Gemini...) and stray titles are dropped."""

from __future__ import annotations

import regex
from presidio_analyzer import RecognizerResult
from presidio_analyzer.nlp_engine import NlpArtifacts
from presidio_analyzer.predefined_recognizers import SpacyRecognizer

_LATIN_NAME = regex.compile(r"[A-Z][A-Za-z'’\-.]*(?:\s+[A-Za-z][A-Za-z'’\-.]*){0,3}")
_POSSESSIVE = regex.compile(r"(?:'s|’s)$")


class EnglishPersonRecognizer(SpacyRecognizer):
    NOT_PEOPLE = frozenset(
        {
            "claude", "gemini", "chatgpt", "notebooklm", "copilot", "llama", "qwen", "ollama",
            "siri", "alexa", "bard", "grok", "mistral", "perplexity", "deepseek", "gpt",
            # form labels the small model sometimes tags as a name
            "email", "e-mail", "tel", "phone", "mobile", "address", "dob", "iban", "card",
            "client", "note", "notes", "re", "subject", "ip", "id", "hkid", "arc",
        }
    )  # fmt: skip

    def __init__(self, supported_language: str = "en", ner_strength: float = 0.85) -> None:
        super().__init__(
            supported_language=supported_language,
            supported_entities=["PERSON"],
            ner_strength=ner_strength,
            name=f"EnglishPersonRecognizer_{supported_language}",
        )

    def analyze(
        self, text: str, entities: list[str], nlp_artifacts: NlpArtifacts | None = None
    ) -> list[RecognizerResult]:
        results = []
        for result in super().analyze(text, entities, nlp_artifacts):
            span = text[result.start : result.end]
            trimmed = _POSSESSIVE.sub("", span.rstrip(" .,"))
            if not _LATIN_NAME.fullmatch(trimmed):
                continue
            if any(word.casefold() in self.NOT_PEOPLE for word in trimmed.split()):
                continue
            result.end = result.start + len(trimmed)
            results.append(result)
        return results
