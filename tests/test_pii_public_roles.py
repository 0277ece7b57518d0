"""People named with a public role in a published document keep their names when it is ingested
for the public (ingest/pii/public_roles.toml); case notes and staff files stay strict.

Real parts: the real scrubber (Presidio with our recognisers), the real ingest pipeline with real
Chroma and SQLite, the real upload worker process. The report and case note below are fictitious;
the seed reports and policies are the shared corpus (skipped when it is absent)."""

from __future__ import annotations

from pathlib import Path

import pytest

from guardrails import PersonalDataGuard
from guardrails.base import GuardContext
from ingest.loaders import load_document
from ingest.normalize import normalize_blocks
from ingest.pii import load_scrubber
from ingest.pii.public_roles import (
    common_words_taken_for_names,
    load_public_roles,
    marked_example,
)
from ingest.pipeline import ingest_paths
from ingest.prepare import file_limits, scrub_blocks
from ingest.worker import UploadWorker
from kb.schema import Audience, Chunk, Passage
from kb.settings import Settings
from tests.conftest import SHARED, make_settings
from tests.test_privacy import _files_containing

RULES = load_public_roles().rules

# The seed reports' authors, editors, speakers and the authors their notes cite.
SEED_PEOPLE = {
    "ai-social-resilience-ngo-gov.zh-TW.txt": ["Simon Wat", "Joseph Fuller"],
    "good-work-ai-itu-ilo.zh-TW.txt": ["Janine Berg", "Anna Thomas"],
    "ntc-2024-nonprofit-tech-report.zh-TW.txt": ["Amy Sample Ward"],
    "workplace-ai-apec-decent-work.zh-TW.txt": [
        "張凱鑫", "Huilin Zhou", "Linhui Wang", "Ali Zarifhonarvar", "Menaka Hampole",
        "Bryan Seegmiller", "Rudra Tiwari",
    ],
}  # fmt: skip
# Written without a cue the English NER knows ("執行長Amy Sample Ward"), never removed.
NOT_FOUND_BY_NER = {"Amy Sample Ward"}
# An organisation's own contact points in its public policy: role mailbox, head office, 911.
POLICY_CONTACTS = {
    "github-general-privacy-statement.md": [
        "dpo[at]github[dot]com", "privacy[at]github[dot]com", "88 Colin P. Kelly Jr. St.",
    ],
    "github-event-code-of-conduct.md": ["events@github.com", "911"],
}  # fmt: skip

# Fictitious people: the report's speakers and cited author are public, the case note's are not.
# Failures name them by label only: where a name must not be, printing it would be a leak.
REPORT_PEOPLE = {"speaker": "陳怡君", "quoted": "Joseph Fuller", "cited author": "Mary Johnson"}
REPORT = """# 移工服務年度報告（虛構）

主講人：陳怡君（本會執行長）

本會執行長陳怡君表示，今年共服務了 300 位移工家庭。

"Care is work, and work deserves rights." — Joseph Fuller

注1：Mary Johnson, "Care work in Asia", 2023.
"""
CASE_PEOPLE = {"client zh": "王小明", "social worker": "林美玲", "client en": "Maria Santos"}
CASE_NOTE = """# 個案紀錄（虛構）

案主王小明於三月來電，社工林美玲陪同就醫。
Our client Maria Santos asked about rent aid.
"""


def _leaks(data_dir: Path, people: dict[str, str]) -> dict[str, list[str]]:
    """The labels of `people` found in any file under `data_dir`, with those files' names."""
    labels = {value: label for label, value in people.items()}
    return {labels[v]: files for v, files in _files_containing(data_dir, set(labels)).items()}


def _load(path: Path, settings: Settings) -> list:
    max_bytes, limits = file_limits(settings)
    return normalize_blocks(load_document(path, max_bytes, limits).blocks)


def _scrubbed(path: Path, settings: Settings, published: bool) -> str:
    clean, _, _ = scrub_blocks(_load(path, settings), load_scrubber(settings), published)
    return "\n".join(b.text for b in clean)


@pytest.mark.parametrize("rule", RULES, ids=lambda r: r.name)
def test_each_rule_keeps_its_keep_examples_and_no_scrub_example(rule) -> None:
    roles = load_public_roles()
    for example in rule.keep:
        text, start, end = marked_example(example)
        assert roles.rule_at(text, start, end) == rule.name, example
    for example in rule.scrub:
        text, start, end = marked_example(example)
        assert roles.rule_at(text, start, end) is None, example


@pytest.fixture(scope="module")
def public_seeds_kb(tmp_path_factory: pytest.TempPathFactory, seeds_dir: Path) -> Settings:
    """The seed reports ingested as `ngo-kb ingest seeds --audience public` does."""
    settings = make_settings(tmp_path_factory.mktemp("public-seeds") / "data")
    summary = ingest_paths([seeds_dir], settings, Audience.PUBLIC)
    assert not summary.failed, summary.failed
    return settings


def test_seed_reports_for_the_public_keep_authors_and_speakers(
    public_seeds_kb: Settings, seeds_kb: Settings
) -> None:
    public = _chunk_texts(public_seeds_kb)
    staff = _chunk_texts(seeds_kb)  # the same reports ingested for staff (conftest)
    for name in (n for names in SEED_PEOPLE.values() for n in names):
        assert name in public, f"{name} removed from the public reports"
        if name not in NOT_FOUND_BY_NER:
            assert name not in staff, f"{name} kept in the staff copy"


@pytest.mark.parametrize("file_name", sorted(POLICY_CONTACTS))
def test_policy_contact_points_stay_readable(settings: Settings, file_name: str) -> None:
    path = SHARED / "corpus" / "policies-en" / file_name
    if not path.is_file():
        pytest.skip(f"the shared policies are not present at {path.parent}")
    public = _scrubbed(path, settings, published=True)
    for contact in POLICY_CONTACTS[file_name]:
        assert contact in public, f"{contact} removed from {file_name}"


@pytest.mark.parametrize(
    ("texts", "mentions", "words"),
    [
        (["The License is granted.", "this license applies"], ["License"], ["License"]),
        (["Files and Tools", "files you upload, tools"], ["Files", "Tools"], ["Files", "Tools"]),
        # A surname is no word because an e-mail writes it in lower case.
        (["Call Nair.", "write to priya.nair@example.org"], ["Nair"], []),
        # Part of a longer name found in the document: still a name.
        (["Priya Nair met Grace.", "Nair said", "by the nair family"], ["Priya Nair", "Nair"], []),
        (["Emily Carter called."], ["Emily Carter"], []),
    ],
)
def test_one_word_names_written_in_lower_case_are_words(
    texts: list[str], mentions: list[str], words: list[str]
) -> None:
    assert common_words_taken_for_names(texts, mentions) == words


def test_a_public_policy_keeps_its_own_words(settings: Settings) -> None:
    path = SHARED / "corpus" / "policies-en" / "LICENSE-CC0.md"
    if not path.is_file():
        pytest.skip(f"the shared policies are not present at {path.parent}")
    public = _scrubbed(path, settings, published=True)
    staff = _scrubbed(path, settings, published=False)
    assert "The License shall be deemed" in public
    assert "The License shall be deemed" not in staff  # the English NER's false positive


@pytest.fixture(scope="module")
def report_and_case_note(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    docs = tmp_path_factory.mktemp("public-roles-docs")
    (docs / "report.md").write_text(REPORT, encoding="utf-8")
    (docs / "case-note.md").write_text(CASE_NOTE, encoding="utf-8")
    return docs / "report.md", docs / "case-note.md"


def _chunk_texts(settings: Settings) -> str:
    from kb.index import KnowledgeBase

    kb = KnowledgeBase(settings)
    try:
        chunks = kb.catalog.chunks_by_id(kb.catalog.chunk_ids())
        return "\n".join(c.text for c in chunks.values())
    finally:
        kb.close()


def test_public_report_keeps_names_and_case_note_and_staff_copy_do_not(
    report_and_case_note: tuple[Path, Path], tmp_path: Path
) -> None:
    report, case_note = report_and_case_note
    public = make_settings(tmp_path / "public")
    assert not ingest_paths([report], public, Audience.PUBLIC).failed
    assert not ingest_paths([case_note], public, Audience.STAFF).failed
    stored = _chunk_texts(public)
    for label, name in REPORT_PEOPLE.items():
        assert name in stored, f"{label} removed from the public report"
    assert _leaks(public.data_dir, CASE_PEOPLE) == {}

    staff = make_settings(tmp_path / "staff")
    assert not ingest_paths([report], staff, Audience.STAFF).failed
    assert _leaks(staff.data_dir, REPORT_PEOPLE) == {}


def test_the_switch_scrubs_public_reports_strictly(
    report_and_case_note: tuple[Path, Path], tmp_path: Path
) -> None:
    settings = make_settings(tmp_path / "data", pii_keep_public_roles=False)
    assert not ingest_paths([report_and_case_note[0]], settings, Audience.PUBLIC).failed
    assert _leaks(settings.data_dir, REPORT_PEOPLE) == {}


@pytest.mark.timeout(300)
def test_the_upload_worker_scrubs_for_the_audience_given(
    report_and_case_note: tuple[Path, Path], tmp_path: Path
) -> None:
    worker = UploadWorker(make_settings(tmp_path / "data"))
    try:
        report = report_and_case_note[0]
        public = "\n".join(c.text for c in worker.prepare(report, Audience.PUBLIC).chunks)
        staff = "\n".join(c.text for c in worker.prepare(report, Audience.STAFF).chunks)
    finally:
        worker.close()
    for label, name in REPORT_PEOPLE.items():
        assert name in public, f"{label} removed for the public"
        assert name not in staff, f"{label} kept for staff"


def _passage(text: str, audience: Audience) -> Passage:
    chunk = Chunk(
        chunk_id="c0", doc_id="d0", version=1, index=0, file_name="report.md", text=text,
        char_start=0, char_end=len(text), language="zh-TW", audience=audience, content_hash="h",
    )  # fmt: skip
    return Passage(chunk=chunk, score=1.0)


@pytest.mark.parametrize(
    ("audience", "keep_public_names", "kept"),
    [(Audience.PUBLIC, True, True), (Audience.STAFF, True, False), (Audience.PUBLIC, False, False)],
)
def test_answer_keeps_a_name_only_from_a_public_passage(
    settings: Settings, audience: Audience, keep_public_names: bool, kept: bool
) -> None:
    passage = _passage("本會執行長陳怡君表示，今年共服務了 300 位移工家庭。", audience)
    draft = "執行長陳怡君表示，今年共服務了 300 位移工家庭[1]。"
    guard = PersonalDataGuard(load_scrubber(settings), keep_public_names)
    result = guard.check(GuardContext(question="q", draft=draft, passages=[passage]))
    assert result.verdict.status == "pass"
    shown = draft if result.text is None else result.text
    assert ("陳怡君" in shown) is kept
