"""Latin-letter names after a term of address of the migrant communities' languages: Indonesian
titles ("Ibu Siti", "Bapak Budi Santoso", "Sdr. Agus"), Tagalog personal articles and titles
("si Maria Santos Dela Cruz", "Gng. Reyes") and Vietnamese kinship pronouns ("chị Hoa"). One to
four capitalised words, with name particles (dela, de los, bin, binti) inside. Titles of office,
places and products after a cue are refused; cues and those words in sea_names.toml."""

from __future__ import annotations

import regex
from presidio_analyzer import Pattern, PatternRecognizer

from ingest.pii.recognizers._common import FLAGS
from ingest.pii.recognizers._names import (
    LATIN_WORD,
    NOT_AFTER_LATIN,
    NOT_BEFORE_LATIN,
    PARTICLE,
    load,
)

_DATA = load("sea_names.toml")
_CUES = sorted({c for cues in _DATA["cues"].values() for c in cues}, key=len, reverse=True)
_CUE = "|".join(regex.escape(c) for c in _CUES)
_NOT_NAMES = "|".join(regex.escape(w) for w in _DATA["not_names"]["words"])
_NAME_WORD = rf"(?!(?:{_NOT_NAMES}){NOT_BEFORE_LATIN})(?:{LATIN_WORD})"
# Atomic and not followed by another capitalised word, so "Ibu Kota Jakarta" is refused whole.
_NAME = (
    rf"(?>{_NAME_WORD}(?: (?:{PARTICLE} )?{_NAME_WORD}){{0,3}}){NOT_BEFORE_LATIN}"
    rf"(?! (?:{LATIN_WORD}){NOT_BEFORE_LATIN})"
)


class CuedLatinNameRecognizer(PatternRecognizer):
    PATTERNS = [
        Pattern("sea_cued_name", rf"(?<={NOT_AFTER_LATIN}(?:{_CUE}) ?)(?<=[ .]){_NAME}", 0.6),
    ]

    def __init__(self, supported_language: str = "zh", supported_entity: str = "PERSON") -> None:
        super().__init__(
            supported_entity=supported_entity,
            patterns=self.PATTERNS,
            supported_language=supported_language,
            name=f"CuedLatinNameRecognizer_{supported_language}",
            global_regex_flags=FLAGS,
        )
