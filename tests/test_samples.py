"""The bundled sample corpus, its planted personal data and its question sets are consistent.

Failure messages name files, types and indexes, never a planted value, so a failing run prints
no personal data (even fictitious).
"""

from __future__ import annotations

import json
import re
from functools import cache
from pathlib import Path

import docx
import pytest
from bs4 import BeautifulSoup
from pypdf import PdfReader

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "samples"
CORPUS = SAMPLES / "corpus"
QUESTIONS = ROOT / "eval" / "questions"

EXPECTED_AUDIENCE = {
    "service-eligibility-policy.zh-TW.docx": "public",
    "volunteer-handbook.en.pdf": "public",
    "privacy-policy.html": "public",
    "annual-report-2025.md": "public",
    "case-note-template.zh-TW.txt": "staff",
    "case-note-2025-0312.zh-TW.txt": "staff",
    "case-note-2025-0419.zh-TW.txt": "staff",
    "staff-meeting-minutes-2025-10.big5.txt": "staff",
    "volunteer-roster-2025-q4.md": "staff",
}
DOC_LANG = {
    "service-eligibility-policy.zh-TW.docx": "zh-TW",
    "volunteer-handbook.en.pdf": "en",
    "privacy-policy.html": "mixed",
    "annual-report-2025.md": "en",
    "case-note-template.zh-TW.txt": "zh-TW",
    "case-note-2025-0312.zh-TW.txt": "zh-TW",
    "case-note-2025-0419.zh-TW.txt": "zh-TW",
    "staff-meeting-minutes-2025-10.big5.txt": "zh-TW",
    "volunteer-roster-2025-q4.md": "en",
}
BIG5_FILE = "staff-meeting-minutes-2025-10.big5.txt"
PII_TYPES = {
    "PERSON",
    "TW_NATIONAL_ID",
    "TW_ARC",
    "TW_PHONE",
    "EMAIL",
    "ADDRESS",
    "HK_ID",
    "DATE_OF_BIRTH",
}
FRONT_MATTER = re.compile(r"\A---\n(.*?)\n---\n", re.DOTALL)
# Parts of a web page that a loader drops; evidence must not live there.
HTML_DROPPED = ("nav", "script", "style", "footer", "header", "aside", "form")


def _squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


def _front_matter(text: str) -> dict[str, str]:
    match = FRONT_MATTER.match(text)
    if not match:
        return {}
    pairs = (line.split(":", 1) for line in match.group(1).splitlines() if ":" in line)
    return {key.strip(): value.strip() for key, value in pairs}


@cache
def document_text(file_name: str) -> str:
    """The document's text as a loader would see it (format-specific extraction)."""
    path = CORPUS / file_name
    suffix = path.suffix
    if suffix == ".docx":
        document = docx.Document(str(path))
        cells = [cell.text for table in document.tables for row in table.rows for cell in row.cells]
        return "\n".join([p.text for p in document.paragraphs] + cells)
    if suffix == ".pdf":
        return "\n".join(page.extract_text() for page in PdfReader(path).pages)
    if suffix == ".html":
        soup = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
        for tag in soup.find_all(HTML_DROPPED):
            tag.decompose()
        return soup.get_text("\n")
    if file_name == BIG5_FILE:
        return path.read_bytes().decode("big5")
    text = path.read_text(encoding="utf-8")
    return FRONT_MATTER.sub("", text) if suffix == ".md" else text


def declared_audience(file_name: str) -> str | None:
    path = CORPUS / file_name
    if path.suffix == ".md":
        return _front_matter(path.read_text(encoding="utf-8")).get("audience")
    if path.suffix == ".html":
        soup = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
        meta = soup.find("meta", attrs={"name": "ngo-kb-audience"})
        return str(meta["content"]) if meta else None
    sidecar = path.with_name(f"{file_name}.meta.json")
    if not sidecar.exists():
        return None
    return json.loads(sidecar.read_text(encoding="utf-8")).get("audience")


def planted() -> list[dict[str, str]]:
    return json.loads((SAMPLES / "planted_pii.json").read_text(encoding="utf-8"))


def questions(name: str) -> list[dict]:
    lines = (QUESTIONS / name).read_text(encoding="utf-8").splitlines()
    return [json.loads(line) for line in lines if line.strip()]


# --- independent checksum checks (deliberately not imported from samples/build_samples.py) ---
_TW_CODES = {c: i + 10 for i, c in enumerate("ABCDEFGHJKLMNPQRSTUVXYWZIO")}


def tw_id_valid(value: str) -> bool:
    """Taiwan national ID, new UI number (letter + 9 digits) or old ARC (2 letters + 8 digits)."""
    if re.fullmatch(r"[A-Z][12489]\d{8}", value):
        second = int(value[1])
    elif re.fullmatch(r"[A-Z][A-D]\d{8}", value):
        second = _TW_CODES[value[1]] % 10
    else:
        return False
    code = _TW_CODES[value[0]]
    digits = [code // 10, code % 10, second] + [int(d) for d in value[2:]]
    weights = [1, 9, 8, 7, 6, 5, 4, 3, 2, 1, 1]
    return sum(d * w for d, w in zip(digits, weights, strict=True)) % 10 == 0


def hk_id_valid(value: str) -> bool:
    match = re.fullmatch(r"([A-Z]{1,2})(\d{6})\(([0-9A])\)", value)
    if not match:
        return False
    letters, digits, check = match.groups()
    letter_values = [36 if c == " " else ord(c) - ord("A") + 10 for c in letters.rjust(2)]
    check_value = 10 if check == "A" else int(check)
    values = letter_values + [int(d) for d in digits] + [check_value]
    return sum(v * w for v, w in zip(values, range(9, 0, -1), strict=True)) % 11 == 0


# --- documents ---------------------------------------------------------------------------------


def test_every_document_is_present_in_its_format() -> None:
    present = {p.name for p in CORPUS.iterdir() if not p.name.endswith(".meta.json")}
    assert present == set(EXPECTED_AUDIENCE)
    assert {Path(name).suffix for name in present} >= {".docx", ".pdf", ".html", ".md", ".txt"}


@pytest.mark.parametrize("file_name", sorted(EXPECTED_AUDIENCE))
def test_every_document_declares_its_audience(file_name: str) -> None:
    assert declared_audience(file_name) == EXPECTED_AUDIENCE[file_name]


@pytest.mark.parametrize("file_name", sorted(EXPECTED_AUDIENCE))
def test_every_document_is_substantive(file_name: str) -> None:
    assert len(_squash(document_text(file_name))) >= 600


def test_sidecars_are_valid_and_belong_to_a_document() -> None:
    for sidecar in CORPUS.glob("*.meta.json"):
        meta = json.loads(sidecar.read_text(encoding="utf-8"))
        assert set(meta) == {"audience", "title"}, sidecar.name
        assert meta["title"].strip(), sidecar.name
        assert sidecar.name.removesuffix(".meta.json") in EXPECTED_AUDIENCE, sidecar.name


def test_docx_uses_word_heading_styles_and_holds_text() -> None:
    document = docx.Document(str(CORPUS / "service-eligibility-policy.zh-TW.docx"))
    styles = {p.style.name for p in document.paragraphs}
    assert {"Heading 1", "Heading 2"} <= styles
    assert "緊急租金補助" in document_text("service-eligibility-policy.zh-TW.docx")
    assert document.tables, "the income table should be a real Word table"


def test_pdf_has_several_pages_with_a_text_layer() -> None:
    reader = PdfReader(CORPUS / "volunteer-handbook.en.pdf")
    assert len(reader.pages) >= 3
    assert all(len(page.extract_text().strip()) > 200 for page in reader.pages)
    assert "Safeguarding" in document_text("volunteer-handbook.en.pdf")


def test_big5_minutes_are_really_big5() -> None:
    raw = (CORPUS / BIG5_FILE).read_bytes()
    with pytest.raises(UnicodeDecodeError):
        raw.decode("utf-8")
    assert "會議紀錄" in raw.decode("big5")
    source = SAMPLES / "src" / "staff-meeting-minutes-2025-10.zh-TW.txt"
    assert raw.decode("big5") == source.read_text(encoding="utf-8")


def test_html_has_the_parts_a_loader_must_drop() -> None:
    soup = BeautifulSoup(
        (CORPUS / "privacy-policy.html").read_text(encoding="utf-8"), "html.parser"
    )
    for tag in ("nav", "script", "style", "footer", "h1", "h2", "h3"):
        assert soup.find(tag) is not None, tag
    kept = document_text("privacy-policy.html")
    assert "cookie" not in kept.lower() and "Subscribe" not in kept
    assert "保存7年" in kept and "Retention periods" in kept


def test_text_files_are_utf8_without_bom() -> None:
    for path in CORPUS.glob("*.txt"):
        if path.name != BIG5_FILE:
            raw = path.read_bytes()
            assert not raw.startswith(b"\xef\xbb\xbf"), path.name
            raw.decode("utf-8")


# --- planted personal data ---------------------------------------------------------------------


def test_planted_list_covers_every_type_and_only_known_files() -> None:
    entries = planted()
    assert {e["type"] for e in entries} == PII_TYPES
    assert {e["file"] for e in entries} <= set(EXPECTED_AUDIENCE)
    public_files = {f for f, audience in EXPECTED_AUDIENCE.items() if audience == "public"}
    assert public_files <= {e["file"] for e in entries}, "every public doc carries some PII"


@pytest.mark.parametrize(
    "index", range(len(planted())), ids=[f"{e['file']}#{e['type']}" for e in planted()]
)
def test_planted_value_occurs_in_its_document(index: int) -> None:
    entry = planted()[index]
    found = _squash(entry["value"]) in _squash(document_text(entry["file"]))
    assert found, f"planted {entry['type']} #{index} not found in {entry['file']}"


def test_planted_ids_pass_their_checksum() -> None:
    checked = 0
    for i, entry in enumerate(planted()):
        if entry["type"] in ("TW_NATIONAL_ID", "TW_ARC"):
            assert tw_id_valid(entry["value"]), f"{entry['type']} #{i} in {entry['file']}"
            checked += 1
        elif entry["type"] == "HK_ID":
            assert hk_id_valid(entry["value"]), f"HK_ID #{i} in {entry['file']}"
            checked += 1
    assert checked >= 5


@pytest.mark.parametrize(
    ("value", "valid"),
    [
        ("A123456789", True),  # the textbook example
        ("A123456788", False),
        ("AC02846178", True),  # old-format ARC
        ("AC02846179", False),
        ("A800000014", True),  # new-format UI number
        ("a123456789", False),
    ],
)
def test_tw_checksum_helper_can_fail(value: str, valid: bool) -> None:
    assert tw_id_valid(value) is valid


@pytest.mark.parametrize(
    ("value", "valid"), [("A123456(3)", True), ("A123456(4)", False), ("A123456", False)]
)
def test_hk_checksum_helper_can_fail(value: str, valid: bool) -> None:
    assert hk_id_valid(value) is valid


def test_allowlist_keeps_no_planted_value() -> None:
    lines = (SAMPLES / "allowlist.txt").read_text(encoding="utf-8").splitlines()
    allowed = {line.strip() for line in lines if line.strip() and not line.startswith("#")}
    assert "Harbour Light Community Association" in allowed
    values = {e["value"] for e in planted()}
    clashes = [name for name in allowed if any(name in v or v in name for v in values)]
    assert not clashes, f"{len(clashes)} allowlist entries overlap planted values"


# --- question sets -----------------------------------------------------------------------------


def test_sample_questions_have_the_required_mix() -> None:
    rows = questions("sample-questions.jsonl")
    assert len(rows) >= 32
    assert len({r["id"] for r in rows}) == len(rows)
    langs = [r["lang"] for r in rows]
    assert set(langs) == {"zh-TW", "en"}
    assert min(langs.count("zh-TW"), langs.count("en")) >= len(rows) * 0.4
    assert sum(not r["answerable"] for r in rows) >= 6
    assert sum(r["audience"] == "staff" for r in rows) >= 3
    cross = [r for r in rows if r["source"] and DOC_LANG[r["source"]] not in (r["lang"], "mixed")]
    assert len(cross) >= 4


@pytest.mark.parametrize("row", questions("sample-questions.jsonl"), ids=lambda r: r["id"])
def test_sample_question_is_well_formed(row: dict) -> None:
    assert set(row) == {
        "id",
        "question",
        "lang",
        "source",
        "evidence",
        "expected",
        "answerable",
        "audience",
    }
    assert row["audience"] in ("public", "staff")
    if not row["answerable"]:
        assert row["source"] is None and row["evidence"] is None and row["expected"] == []
        return
    assert row["expected"] and all(isinstance(f, list) and f for f in row["expected"])
    # A public question must be answerable from public documents only, and vice versa.
    assert EXPECTED_AUDIENCE[row["source"]] == row["audience"]
    found = _squash(row["evidence"]) in _squash(document_text(row["source"]))
    assert found, f"evidence of {row['id']} not in {row['source']}"
    evidence = _squash(row["evidence"])
    assert not any(_squash(e["value"]) in evidence for e in planted()), "evidence holds PII"


def test_staff_probe_questions() -> None:
    rows = questions("staff-probe-questions.jsonl")
    assert len(rows) >= 50
    assert all(set(r) == {"id", "question", "lang"} for r in rows)
    assert len({r["id"] for r in rows}) == len(rows)
    langs = [r["lang"] for r in rows]
    assert set(langs) == {"zh-TW", "en"} and min(map(langs.count, set(langs))) >= 20


def test_staff_questions_target_facts_absent_from_public_documents() -> None:
    """A leak test can only see a staff fact leaking if public documents do not state it too."""
    public = "".join(
        _squash(document_text(name)).lower()
        for name, audience in EXPECTED_AUDIENCE.items()
        if audience == "public"
    )
    for row in questions("sample-questions.jsonl"):
        if row["audience"] != "staff":
            continue
        assert _squash(row["evidence"]).lower() not in public, row["id"]
        unique = [f for f in row["expected"] if not any(_squash(s).lower() in public for s in f)]
        assert unique, f"every expected fact of {row['id']} is also stated in a public document"


def test_project_loaders_keep_audiences_and_every_evidence_inside_one_chunk() -> None:
    """Through the real loaders and chunker at the default settings (no scrubbing here)."""
    loaders = pytest.importorskip("ingest.loaders")
    from ingest.chunking import chunk_blocks
    from ingest.normalize import normalize_blocks
    from kb.settings import Settings

    settings = Settings()
    chunks: dict[str, list[str]] = {}
    for name, audience in EXPECTED_AUDIENCE.items():
        parsed = loaders.load_document(CORPUS / name, max_bytes=10_000_000)
        assert parsed.declared_audience == audience, name
        blocks = normalize_blocks(parsed.blocks)
        raw = chunk_blocks(blocks, settings.chunk_size, settings.chunk_overlap)
        chunks[name] = [_squash(c.text) for c in raw]
    for row in questions("sample-questions.jsonl"):
        if row["evidence"]:
            evidence = _squash(row["evidence"])
            assert any(evidence in c for c in chunks[row["source"]]), row["id"]
