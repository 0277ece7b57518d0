"""The one catalogue of user-facing texts (kb/strings.toml): every key in all six interface
languages, none empty, the same placeholders in each, each language in its own script, and
no hotline number a local user could take for a real one."""

from __future__ import annotations

import re
import string
from pathlib import Path

import pytest

from kb.messages import LANGUAGES, catalogue
from ui import i18n

ROOT = Path(__file__).resolve().parents[1]
ENTRIES = [
    (section, key, entry) for section, keys in catalogue().items() for key, entry in keys.items()
]
THAI = re.compile(r"[\u0e00-\u0e7f]")
HAN = re.compile(r"[\u4e00-\u9fff]")
VIETNAMESE = re.compile(
    r"[ăâđêôơưàảãáạằẳẵắặầẩẫấậèẻẽéẹềểễếệìỉĩíịòỏõóọồổỗốộờởỡớợùủũúụừửữứựỳỷỹýỵ]", re.I
)


def _placeholders(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


def _letters(text: str) -> str:
    """The text without its placeholders, digits and punctuation: what a translator writes."""
    text = re.sub(r"\{\w+\}", "", text)
    return "".join(c for c in text if c.isalpha())


def test_the_six_languages() -> None:
    assert LANGUAGES == ("zh-TW", "en", "vi", "id", "tl", "th")
    assert tuple(i18n.LANGUAGE_NAMES) == LANGUAGES and tuple(i18n.HTML_LANG) == LANGUAGES
    assert {"ui", "status", "pii", "answer"} <= set(catalogue())


@pytest.mark.parametrize(("section", "key", "entry"), ENTRIES, ids=lambda v: str(v)[:40])
def test_every_key_in_every_language(section: str, key: str, entry: dict[str, str]) -> None:
    assert tuple(entry) == LANGUAGES, f"{section}.{key}: languages {tuple(entry)}"
    for lang, text in entry.items():
        assert isinstance(text, str) and text.strip(), f"{section}.{key} is empty in {lang}"
        assert _placeholders(text) == _placeholders(entry["en"]), f"{section}.{key} in {lang}"
        text.format(**dict.fromkeys(_placeholders(text), "x"))  # well-formed braces
    if len(_letters(entry["en"])) < 3:
        return  # separators and joiners (", ", " or ", "{year}"): no script to check
    assert HAN.search(entry["zh-TW"]), f"{section}.{key}: zh-TW has no Chinese"
    assert THAI.search(entry["th"]), f"{section}.{key}: th has no Thai"
    for lang in ("en", "vi", "id", "tl"):
        assert not HAN.search(entry[lang]) and not THAI.search(entry[lang]), (section, key, lang)


def test_vietnamese_is_written_with_its_diacritics() -> None:
    # A Vietnamese text typed without tone marks is hard to read; long ones always carry some.
    for section, key, entry in ENTRIES:
        if len(_letters(entry["vi"])) > 12:
            assert VIETNAMESE.search(entry["vi"]), f"{section}.{key}: {entry['vi']}"


def test_translations_are_not_english_left_in_place() -> None:
    copied = [
        (section, key, lang)
        for section, key, entry in ENTRIES
        for lang in ("vi", "id", "th")
        if len(_letters(entry["en"])) > 12 and entry[lang] == entry["en"]
    ]
    assert copied == []


def test_crisis_referral_names_no_number_of_its_own() -> None:
    # Every number comes from the organisation file (kb/organisation.toml, tests in
    # test_organisation.py): its contact fills {contact}, its crisis lines {lines}.
    entry = catalogue()["answer"]["crisis_referral"]
    for lang, text in entry.items():
        assert "{contact}" in text and "{lines}" in text, lang
        assert re.findall(r"\d+", text) == [], lang


def test_every_ui_key_the_code_uses_is_in_the_catalogue() -> None:
    used: set[str] = set()
    for path in (ROOT / "ui").rglob("*.py"):  # ui/tabs/ too
        source = path.read_text(encoding="utf-8")
        used |= set(re.findall(r"\bt\(\s*\"(\w+)\"", source))
        used |= set(re.findall(r"L\.text\(\"(\w+)\"", source))
        used |= set(re.findall(r"\b(?:label|value|placeholder)=\"([a-z_]+)\"", source))
    missing = {key for key in used if key not in i18n.CATALOGUE}
    # Component values that are not catalogue keys (e.g. the audience radio's "staff").
    assert missing <= {"staff", "any"}, missing
    assert len(used & set(i18n.CATALOGUE)) > 60


@pytest.mark.parametrize("lang", LANGUAGES)
def test_lookups_in_each_language(lang: str) -> None:
    assert i18n.t("send", lang) == catalogue()["ui"]["send"][lang]
    assert i18n.status_label("error", "x", lang) == catalogue()["status"]["error"][lang]
    assert i18n.pii_type_name("PHONE", lang) == catalogue()["pii"]["PHONE"][lang]


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        ("vi-VN,vi;q=0.9,en;q=0.8", "vi"),
        ("id-ID,id;q=0.9", "id"),
        ("in-ID", "id"),
        ("fil-PH,fil;q=0.9,en;q=0.5", "tl"),
        ("tl", "tl"),
        ("th-TH,th;q=0.9,en;q=0.5", "th"),
        ("ms-MY,th;q=0.5", "th"),
    ],
)
def test_browser_language_picks_the_interface(header: str, expected: str) -> None:
    assert i18n.from_accept_language(header) == expected


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        ("Tình nguyện viên phải cam kết bao nhiêu ca mỗi tháng?", "vi"),
        ("Berapa banyak paket makanan yang dibagikan pada tahun 2025?", "id"),
        ("Ilang food pack ang naipamigay noong 2025?", "tl"),
        ("อาสาสมัครต้องทำงานกี่กะต่อเดือน", "th"),
        ("Bonjour, à quelle heure ouvre le centre ?", None),
    ],
)
def test_question_language_picks_the_interface(question: str, expected: str | None) -> None:
    assert i18n.from_text(question) == expected
