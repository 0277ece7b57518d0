"""The interface's languages and how a session's language is chosen; its strings are the `ui`,
`status` and `pii` sections of the one catalogue, kb/strings.toml."""

from __future__ import annotations

from kb.language import reply_language
from kb.messages import LANGUAGES, catalogue, catalogue_language

DEFAULT_LANGUAGE = "zh-TW"
# Each language named in itself, so a reader finds their own in the selector.
LANGUAGE_NAMES = {
    "zh-TW": "繁體中文",
    "en": "English",
    "vi": "Tiếng Việt",
    "id": "Bahasa Indonesia",
    "tl": "Tagalog",
    "th": "ภาษาไทย",
}
# The HTML lang of the page in each interface language (screen readers pick their voice by it).
HTML_LANG = {"zh-TW": "zh-Hant-TW", "en": "en", "vi": "vi", "id": "id", "tl": "tl", "th": "th"}

CATALOGUE: dict[str, dict[str, str]] = catalogue()["ui"]


def supported(code: str | None) -> str | None:
    """The interface language for a language tag, or None when the interface lacks it."""
    if not code or not code.strip() or code.strip().lower() == "und":
        return None
    lang = catalogue_language(code)
    if lang == "en" and not code.strip().lower().startswith("en"):
        return None  # catalogue_language falls back to English; the interface does not
    return lang


def normalise_language(code: str | None) -> str:
    """Map any language tag to one the interface has (zh* -> zh-TW, fil -> tl, ...), else the
    default."""
    return supported(code) or DEFAULT_LANGUAGE


def t(key: str, lang: str, **values: str) -> str:
    """The catalogue string for `key` in `lang`, with `{placeholders}` filled in."""
    entry = CATALOGUE[key]
    text = entry.get(normalise_language(lang)) or entry["en"]
    return text.format(**values) if values else text


def both_languages(key: str, **values: str) -> str:
    """The catalogue string in the library's two languages (zh-TW, en), for the few replies
    sent before any session language is known (HTTP errors of the file routes)."""
    return " / ".join(t(key, lang, **values) for lang in ("zh-TW", "en"))


def from_accept_language(header: str | None) -> str:
    """Pick the interface language from an HTTP Accept-Language header, honouring q-values."""
    if not header:
        return DEFAULT_LANGUAGE
    ranked: list[tuple[float, int, str]] = []
    for position, part in enumerate(header.split(",")):
        tag, _, params = part.strip().partition(";")
        weight = 1.0
        if params.strip().startswith("q="):
            try:
                weight = float(params.strip()[2:])
            except ValueError:
                weight = 0.0
        ranked.append((-weight, position, tag.strip()))
    for _, _, tag in sorted(ranked):
        lang = supported(tag)
        if lang:
            return lang
    return DEFAULT_LANGUAGE


def from_text(text: str) -> str | None:
    """The interface language a question is written in, or None when it is in none of them
    or has too few letters to tell (the session's language then stays). Text with letters
    that the detector cannot place (a repeated phrase) is English, as the answer's language
    is (`kb.language.reply_language`): Han text is always placed by its script."""
    found = reply_language(text)
    return supported(found) if found else None


def status_label(status: str, english_label: str, lang: str) -> str:
    """The human label of an answer status in the interface language."""
    entry = catalogue()["status"].get(status)
    if entry is None:
        return english_label
    return entry.get(normalise_language(lang)) or english_label


def pii_type_name(entity: str, lang: str) -> str:
    names = catalogue()["pii"].get(entity.upper())
    if names is None:
        return entity.replace("_", " ").lower()
    return names[normalise_language(lang)]


__all__ = [
    "CATALOGUE",
    "DEFAULT_LANGUAGE",
    "HTML_LANG",
    "LANGUAGES",
    "LANGUAGE_NAMES",
    "both_languages",
    "from_accept_language",
    "from_text",
    "normalise_language",
    "pii_type_name",
    "status_label",
    "supported",
    "t",
]
