"""Indonesian and Filipino names without a term of address ("Siti Rahayu", "Maria Santos Dela
Cruz"): two to four capitalised words of which at least two are listed given names or surnames
(sea_names.toml), in a sentence holding a case-note word (client, majikan, 移工...). The
context keeps list words that are also ordinary words or places ("Indah", "Santiago") readable
in other prose."""

from __future__ import annotations

import regex
from presidio_analyzer import EntityRecognizer, RecognizerResult
from presidio_analyzer.nlp_engine import NlpArtifacts

from ingest.pii.recognizers._names import (
    LATIN_WORD,
    NOT_AFTER_LATIN,
    NOT_BEFORE_LATIN,
    PARTICLE,
    load,
)

_RUN = regex.compile(
    rf"{NOT_AFTER_LATIN}(?:{LATIN_WORD})(?: (?:{PARTICLE} )?(?:{LATIN_WORD})){{1,3}}"
    rf"{NOT_BEFORE_LATIN}(?! (?:{LATIN_WORD}){NOT_BEFORE_LATIN})"
)
_WORD = regex.compile(LATIN_WORD)
_SENTENCE_END = regex.compile(r"[.!?;\n。！？；]")
_LATIN_TOKEN = regex.compile(r"[\p{Latin}]+")
_HAN_TOKEN = regex.compile(r"\p{Han}+")


class ListedLatinNameRecognizer(EntityRecognizer):
    def __init__(self, supported_language: str = "zh", supported_entity: str = "PERSON") -> None:
        super().__init__(
            supported_entities=[supported_entity],
            supported_language=supported_language,
            name=f"ListedLatinNameRecognizer_{supported_language}",
        )

    def load(self) -> None:
        data = load("sea_names.toml")
        self._names = frozenset(w for words in data["lists"].values() for w in words)
        self._not_names = frozenset(data["not_names"]["words"])
        self._cues = frozenset(c for cues in data["cues"].values() for c in cues)
        context = data["context"]["words"]
        self._latin_context = frozenset(w.casefold() for w in context if w.isascii())
        self._han_context = tuple(w for w in context if not w.isascii())

    def analyze(
        self, text: str, entities: list[str], nlp_artifacts: NlpArtifacts | None = None
    ) -> list[RecognizerResult]:
        results = []
        for run in _RUN.finditer(text):
            words = list(_WORD.finditer(text, run.start(), run.end()))
            # A capitalised term of address opening the run ("Si Juan") is no part of the name.
            if words[0].group() in self._cues:
                words = words[1:]
            names = [w.group() for w in words]
            if sum(w in self._names for w in names) < 2 or any(w in self._not_names for w in names):
                continue
            start, end = words[0].start(), run.end()
            if self._in_case_note(text, start, end):
                results.append(RecognizerResult(self.supported_entities[0], start, end, 0.6))
        return results

    def _in_case_note(self, text: str, start: int, end: int) -> bool:
        """A case-note word in the sentence around the name (the name itself left out)."""
        begin = max((m.end() for m in _SENTENCE_END.finditer(text, 0, start)), default=0)
        stop = _SENTENCE_END.search(text, end)
        sentence = text[begin:start] + " " + text[end : stop.start() if stop else len(text)]
        if any(t.casefold() in self._latin_context for t in _LATIN_TOKEN.findall(sentence)):
            return True
        return any(w in sentence for w in self._han_context)
