"""Turn the bytes of a text file into str: strict UTF-8 first, BOMs, then a guarded detection."""

from __future__ import annotations

import codecs

from charset_normalizer import from_bytes

from ingest.errors import IngestError

# Legacy encodings an NGO in Taiwan/Hong Kong (or a Western European office) plausibly has.
_CANDIDATE_ENCODINGS = ["big5", "cp950", "big5hkscs", "gb18030", "cp1252"]
_BOMS: list[tuple[bytes, str]] = [
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
]
_MAGIC: list[tuple[bytes, str]] = [
    (b"%PDF", "a PDF"),
    (b"PK\x03\x04", "a ZIP archive (DOCX/XLSX?)"),
    (b"\x89PNG", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF8", "a GIF image"),
    (b"\x7fELF", "an executable"),
    (b"MZ", "an executable"),
    (b"\xd0\xcf\x11\xe0", "a legacy Office file"),
    (b"\x1f\x8b", "a gzip archive"),
]
_ALLOWED_CONTROLS = {"\n", "\r", "\t", "\f"}
_SNIFF_BYTES = 64 * 1024
_WEAK_DECLARATIONS = {"iso-8859-1", "latin-1", "latin1", "windows-1252", "cp1252", "ascii",
                      "us-ascii"}  # fmt: skip


def bom_encoding(data: bytes) -> str | None:
    """The encoding named by a byte-order mark at the start of `data`, if any."""
    for bom, name in _BOMS:
        if data.startswith(bom):
            return name
    return None


def reject_binary(data: bytes, file_name: str) -> None:
    """Raise if `data` is not text at all (NUL bytes, a known binary signature)."""
    for magic, what in _MAGIC:
        if data.startswith(magic):
            raise IngestError(file_name, f"binary content: the file looks like {what}")
    if bom_encoding(data) is None and b"\x00" in data[:_SNIFF_BYTES]:
        raise IngestError(file_name, "binary content: NUL bytes in a text file")


def _control_ratio(text: str) -> float:
    sample = text[:_SNIFF_BYTES]
    if not sample:
        return 0.0
    bad = sum(1 for c in sample if ord(c) < 32 and c not in _ALLOWED_CONTROLS)
    return bad / len(sample)


def _decode_strict(data: bytes, encoding: str, file_name: str) -> str:
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as exc:
        raise IngestError(
            file_name, f"invalid bytes for encoding {encoding} at byte offset {exc.start}"
        ) from None
    except LookupError:
        raise IngestError(file_name, f"unknown declared encoding {encoding!r}") from None


def _mostly_utf8(data: bytes) -> bool:
    """True when the bytes are UTF-8 with a few corrupt bytes, not a legacy encoding."""
    text = data.decode("utf-8", errors="replace")
    bad = text.count("\ufffd")
    multibyte = sum(1 for c in text if ord(c) > 0x7F) - bad
    return multibyte > 0 and bad <= max(2, multibyte // 50)


def decode_text(data: bytes, file_name: str, declared: str | None = None) -> str:
    """Decode text bytes. A BOM wins, then a declared encoding, then strict UTF-8, then detection.

    Raises IngestError for binary content or bytes that are invalid in the chosen encoding.
    """
    reject_binary(data, file_name)
    encoding = bom_encoding(data) or declared
    if encoding and encoding.lower().replace("_", "-") in _WEAK_DECLARATIONS:
        # Old tools stamp "iso-8859-1" on everything; bytes that are valid UTF-8 are UTF-8.
        try:
            return _finish(data.decode("utf-8"), file_name)
        except UnicodeDecodeError:
            pass
    if encoding:
        text = _decode_strict(data, encoding, file_name)
    else:
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError as exc:
            if _mostly_utf8(data):
                raise IngestError(
                    file_name, f"invalid UTF-8 byte sequence at byte offset {exc.start}"
                ) from None
            best = from_bytes(data, cp_isolation=_CANDIDATE_ENCODINGS).best()
            if best is None:
                raise IngestError(
                    file_name, "invalid bytes: not UTF-8 and no known encoding fits"
                ) from None
            text = _decode_strict(data, best.encoding, file_name)
    return _finish(text, file_name)


def _finish(text: str, file_name: str) -> str:
    if _control_ratio(text) > 0.01:
        raise IngestError(file_name, "binary content: too many control characters")
    return text.lstrip("\ufeff")
