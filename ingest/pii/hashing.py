"""Normalisation and keyed hashing of removed values, so `forget --value` matches however the
value was written (spaces, dashes, brackets, case, +886 prefix)."""

from __future__ import annotations

import hashlib
import hmac
import unicodedata

import regex

_SEPARATORS = regex.compile(r"[\s\-‐‑–—()（）]+")
_TW_INTL = regex.compile(r"^(?:\+|00)?886(?=[2-9][0-9]{7,8}$)")


def normalise_value(value: str) -> str:
    text = unicodedata.normalize("NFKC", value).casefold()
    text = _SEPARATORS.sub("", text)
    return _TW_INTL.sub("0", text)


def keyed_hash(key: bytes, value: str) -> str:
    return hmac.new(key, normalise_value(value).encode("utf-8"), hashlib.sha256).hexdigest()
