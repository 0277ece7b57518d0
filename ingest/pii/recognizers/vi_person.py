"""Vietnamese personal names by what they are made of: a Vietnamese surname (Nguyễn, Trần,
Lê...) and one to three given-name syllables (a middle Thị, Văn, Đức counts as one), every word
capitalised, with or without diacritics ("Nguyễn Thị Hoa", "Nguyen Thi Hoa"). The lists live in
vi_names.toml. Places and streets of that shape ("Hồ Chí Minh", "Đường Lê Lợi") are refused."""

from __future__ import annotations

import regex
from presidio_analyzer import EntityRecognizer, RecognizerResult
from presidio_analyzer.nlp_engine import NlpArtifacts

from ingest.pii.recognizers._names import (
    LATIN_WORD,
    NOT_AFTER_LATIN,
    NOT_BEFORE_LATIN,
    VIETNAMESE_LETTERS,
    has_marks,
    is_listed_place,
    load,
    strip_marks,
)

_RUN = regex.compile(rf"{NOT_AFTER_LATIN}(?:{LATIN_WORD})(?: (?:{LATIN_WORD}))+{NOT_BEFORE_LATIN}")
_WORD = regex.compile(LATIN_WORD)
_MAX_GIVEN = 3


def _words(key: str) -> frozenset[str]:
    """Each listed word as written (case-folded) and without diacritics: a word typed with
    diacritics must match as written ("Đường" is a street, not "Dương" a surname)."""
    words = load("vi_names.toml")[key]
    return frozenset(w.casefold() for w in words) | frozenset(strip_marks(w) for w in words)


def _key(word: str) -> str:
    return strip_marks(word) if not has_marks(word) else word.casefold()


class VietnameseNameRecognizer(EntityRecognizer):
    def __init__(self, supported_language: str = "zh", supported_entity: str = "PERSON") -> None:
        super().__init__(
            supported_entities=[supported_entity],
            supported_language=supported_language,
            name=f"VietnameseNameRecognizer_{supported_language}",
        )

    def load(self) -> None:
        data = load("vi_names.toml")
        self._surnames = _words("surnames")
        # Exact forms: an accented surname is unambiguous, "Le" or "Do" alone is not.
        self._ambiguous = frozenset(w.casefold() for w in data["ambiguous_unaccented"])
        self._given = _words("given")
        self._before = tuple(w.casefold() for w in data["place_before"])
        self._after = tuple(w.casefold() for w in data["place_after"])

    def analyze(
        self, text: str, entities: list[str], nlp_artifacts: NlpArtifacts | None = None
    ) -> list[RecognizerResult]:
        results = []
        for run in _RUN.finditer(text):
            words = list(_WORD.finditer(text, run.start(), run.end()))
            i = 0
            while i < len(words):
                end = self._name_end(words, i, text)
                if end is None:
                    i += 1
                    continue
                start, stop = words[i].start(), words[end - 1].end()
                if self._is_name(text, start, stop):
                    results.append(RecognizerResult(self.supported_entities[0], start, stop, 0.7))
                i = end
        return results

    def _name_end(self, words: list[regex.Match[str]], i: int, text: str) -> int | None:
        """The index after the name that starts with a surname at `i`, or None."""
        if _key(words[i].group()) not in self._surnames:
            return None
        end = i + 1
        while end < len(words) and end - i <= _MAX_GIVEN:
            if _key(words[end].group()) not in self._given:
                break
            end += 1
        # A further capitalised word makes a longer proper name ("Hồ Hoàn Kiếm", a lake).
        if end < len(words) and end - i <= _MAX_GIVEN:
            return None
        given = end - i - 1
        surname = words[i].group()
        unaccented = not has_marks(" ".join(w.group() for w in words[i:end]))
        # Without diacritics a short surname ("Le", "Do") is an ordinary word of other languages,
        # unless the sentence around is Vietnamese.
        needed = 1
        if unaccented and surname.casefold() in self._ambiguous:
            around = text[max(0, words[i].start() - 40) : words[end - 1].end() + 40]
            needed = 1 if VIETNAMESE_LETTERS.search(around) else 2
        return end if given >= needed else None

    def _is_name(self, text: str, start: int, stop: int) -> bool:
        if is_listed_place(text[start:stop]):
            return False
        before = text[max(0, start - 16) : start].casefold().rstrip()
        if any(regex.search(rf"(?<![\p{{L}}]){regex.escape(w)}$", before) for w in self._before):
            return False
        after = text[stop : stop + 16].casefold().lstrip(" ,")
        return not any(
            after.startswith(w) and not regex.match(r"[\p{Latin}]", after[len(w) : len(w) + 1])
            for w in self._after
        )
