"""English person names from spaCy's named-entity recogniser (label PERSON), cleaned up: spans
holding Chinese characters, product names (Claude, Gemini...) and stray titles are dropped."""

from __future__ import annotations

import regex
from presidio_analyzer import RecognizerResult
from presidio_analyzer.nlp_engine import NlpArtifacts
from presidio_analyzer.predefined_recognizers import SpacyRecognizer
from spacy.lang.id.stop_words import STOP_WORDS as INDONESIAN_STOP_WORDS
from spacy.lang.tl.stop_words import STOP_WORDS as TAGALOG_STOP_WORDS
from spacy.lang.vi.stop_words import STOP_WORDS as VIETNAMESE_STOP_WORDS

from ingest.pii.recognizers._names import is_listed_place, not_name_words
from kb.language import detect_language

_LATIN_NAME = regex.compile(r"[A-Z][A-Za-z'’\-.]*(?: [A-Za-z][A-Za-z'’\-.]*){0,3}")
# Blanked-out Chinese shows up as runs of spaces: a name never spans one.
_GAP = regex.compile(r"\s{2,}|\n")
# Title-case phrases the small model takes for names ("Generative AI", "Good Governance").
_CONCEPT = regex.compile(r"(?i)(?:tion|sion|ment|ness|ism|ity|ance|ology)$")
_ACRONYMS = frozenset({"ai", "ml", "ngo", "it", "api", "llm", "gpt", "un", "eu", "ilo", "itu"})
# A word that ends in capitals after small letters is a brand or programme ("HudsonUP"),
# never a personal name (McKinsey, DeShawn have one capital inside).
_BRAND = regex.compile(r"\p{Ll}\p{Lu}{2,}(?!\p{Ll})")
_POSSESSIVE = regex.compile(r"(?:'s|’s)$")
# A capitalised word listed before a plural place noun names a place: the model writes Taipei's
# 中正區 as "Wanhua, Zhongzheng, and Datong districts", and the NER calls "Zhongzheng" a person.
# One word, and a plural noun: "Wang Wei, district officer" is a person.
_PLACE_NOUNS = (
    r"(?i:districts|counties|townships|cities|towns|villages|boroughs|wards|provinces|regions"
    r"|neighbou?rhoods|areas|prefectures)\b"
)
_LISTED_PLACE = regex.compile(
    rf"(?:\s*,\s*(?:and\s+|or\s+)?[A-Z][\w'’\-]*)*\s*,?\s*(?:(?:and|or)\s+[A-Z][\w'’\-]*\s+)?"
    rf"{_PLACE_NOUNS}"
)

# Indonesian street, area and organisation words lead place and organisation names, never
# people's names ("Jalan Tol", "Kecamatan Menteng", "Kementerian Ketenagakerjaan").
# Vietnamese ones (Phường, Quận) fail _LATIN_NAME already.
_PLACE_LEAD = frozenset(
    {
        "jalan", "jl", "jl.", "jln", "jln.", "gang", "gg", "gg.", "kecamatan", "kec.", "kelurahan",
        "kel.", "kabupaten", "kab.", "provinsi", "dusun", "kementerian", "dinas", "badan",
        "universitas", "yayasan", "perusahaan", "lembaga", "pemerintah",
    }
)  # fmt: skip
# Terms of address (Thai, Indonesian, Tagalog articles) and role words the NER takes into a
# name's span ("Khun Somchai", "Si Juan", "Caregiver Siti Rahayu"): cut off, the name stays.
_ADDRESS_TERMS = frozenset(
    {
        "khun", "ibu", "bapak", "pak", "sdr.", "sdri.", "mbak", "nyonya", "nona", "si", "ni",
        "kay", "caregiver", "carer",
    }
)  # fmt: skip


# The English NER reads a capitalised word as a name, so in a sentence of another language
# written in Latin letters it takes the function word that opens it ("Theo tài liệu, ...",
# "Apakah ada ...", "Di Swiss, ...") for one. A span opening with a function word of its
# sentence's language (spaCy's stop words) is no name; names themselves are not stop words.
_FUNCTION_WORDS = {
    "vi": VIETNAMESE_STOP_WORDS,
    "id": INDONESIAN_STOP_WORDS,
    "ms": INDONESIAN_STOP_WORDS,  # Malay shares Indonesian's function words
    "tl": TAGALOG_STOP_WORDS,
}
_SENTENCE_END = regex.compile(r"[.!?;:\n。！？；]\s*")


def _sentence_around(text: str, position: int) -> str:
    start = max((m.end() for m in _SENTENCE_END.finditer(text, 0, position)), default=0)
    end = _SENTENCE_END.search(text, position)
    return text[start : end.start() if end else len(text)]


def _opens_with_function_word(text: str, start: int, first_word: str) -> bool:
    sentence = _sentence_around(text, start)
    return first_word in _FUNCTION_WORDS.get(detect_language(sentence), ())


class EnglishPersonRecognizer(SpacyRecognizer):
    NOT_PEOPLE = frozenset(
        {
            "claude", "gemini", "chatgpt", "notebooklm", "copilot", "llama", "qwen", "ollama",
            "siri", "alexa", "bard", "grok", "mistral", "perplexity", "deepseek", "gpt",
            # form labels the small model sometimes tags as a name
            "email", "e-mail", "tel", "phone", "mobile", "address", "dob", "iban", "card",
            "client", "note", "notes", "re", "subject", "ip", "id", "hkid", "arc", "volunteer",
            "roster", "caseworker", "login", "alert", "minutes", "dear", "intake", "refund",
            "intelligence", "vol", "recourse", "governance",
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
            trimmed = _POSSESSIVE.sub("", _GAP.split(span, 1)[0].rstrip(" .,"))
            if not _LATIN_NAME.fullmatch(trimmed):
                continue
            words = [w.casefold() for w in trimmed.split()]
            if len(words) > 1 and words[0] in _ADDRESS_TERMS:
                cut = trimmed.index(" ") + 1
                if trimmed[cut:].split(" ", 1)[0] in not_name_words():
                    continue
                result.start += cut
                trimmed, words = trimmed[cut:], words[1:]
            if any(w in self.NOT_PEOPLE or w in _ACRONYMS for w in words):
                continue
            if words[0] in _PLACE_LEAD or is_listed_place(trimmed) or _BRAND.search(trimmed):
                continue
            if _opens_with_function_word(text, result.start, words[0]):
                continue
            if len(words) > 1 and any(_CONCEPT.search(w) for w in words):
                continue
            if len(words) == 1 and _LISTED_PLACE.match(text, result.start + len(trimmed)):
                continue
            result.end = result.start + len(trimmed)
            results.append(result)
        return results
