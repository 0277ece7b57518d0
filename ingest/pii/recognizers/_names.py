"""Shared pieces of the name-list recognisers: their TOML data files and Latin word shapes."""

from __future__ import annotations

import functools
import tomllib
import unicodedata
from pathlib import Path
from typing import Any

import regex

# A capitalised word in Latin letters, Vietnamese ones included ("Nguyễn", "Dela", "O'Neil").
LATIN_WORD = r"\p{Lu}[\p{Ll}\p{M}'’\-]*\p{Ll}[\p{Ll}\p{M}]*|\p{Lu}\p{Ll}?"
# Lower-case particles inside Filipino, Spanish and Malay names ("dela Cruz", "de la O", "bin").
PARTICLE = r"(?:de|del|dela|de la|delos|de los|y|bin|binti)"
# Letters only Vietnamese writes: a sentence holding one is Vietnamese.
VIETNAMESE_LETTERS = regex.compile(r"[ăâđêôơưĂÂĐÊÔƠƯạảấầẩẫậắằẳẵặẹẻẽếềểễệỉịọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹ]")
# Not inside a longer Latin word; a Han character right before is fine ("配偶Nguyen").
NOT_AFTER_LATIN = r"(?<![\p{Latin}\p{M}0-9'’\-])"
NOT_BEFORE_LATIN = r"(?![\p{Latin}\p{M}0-9'’\-])"


@functools.cache
def load(name: str) -> dict[str, Any]:
    """One of the TOML files beside the recognisers."""
    return tomllib.loads(Path(__file__).with_name(name).read_text(encoding="utf-8"))


def strip_marks(word: str) -> str:
    """Without diacritics and case: "Nguyễn" -> "nguyen", "Đức" -> "duc"."""
    decomposed = unicodedata.normalize("NFD", word.replace("Đ", "D").replace("đ", "d"))
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


def has_marks(text: str) -> bool:
    return strip_marks(text) != text.replace("Đ", "D").replace("đ", "d").casefold()


@functools.cache
def _places() -> tuple[frozenset[str], tuple[str, ...]]:
    words = frozenset(load("sea_names.toml")["places"]["words"])
    phrases = tuple(strip_marks(p) for p in load("vi_names.toml")["not_people"])
    return words, phrases


@functools.cache
def not_name_words() -> frozenset[str]:
    """Capitalised words after a term of address that are no name ("Ibu Kota", "Bapak Presiden")."""
    return frozenset(load("sea_names.toml")["not_names"]["words"])


def is_listed_place(span: str) -> bool:
    """A Southeast Asian place: a listed place word in it, or a listed Vietnamese place or
    public figure of a name's shape, with or without diacritics."""
    words, phrases = _places()
    if any(w in words for w in span.split()):
        return True
    plain = f" {strip_marks(span)} "
    return any(f" {p} " in plain for p in phrases)
