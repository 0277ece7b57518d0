"""Case notes with foreign formats leave no raw value on disk, and questions with IDs written
through spaces and dashes, 886 phones and 民國 birth dates are stored scrubbed.

Real parts only: the real ingest pipeline, the real question pipeline (extractive backend, so
no model is needed), real Chroma and SQLite under a temporary data directory. All values are
fictitious but valid in format."""

from __future__ import annotations

from pathlib import Path

import pytest

from kb.audit import AuditLog
from kb.pipeline import answer
from kb.settings import Settings
from tests.conftest import make_settings
from tests.test_privacy import _files_containing, _variants

PLANTED_ZH = {
    "address": "新北市板橋區文化路三段 241 巷 7 號",
    "address_postcode": "100臺北市中正區重慶南路一段122號",
    "passport": "C12345678",
    "bank_account": "1234 5678 9012 3456",
    "account_after_cue": "012-345-678901",
    "hk_phone": "+852 2345 6789",
}
PLANTED_EN = {
    "address": "083 Crosby Plaza Apt. 533\nFarleytown, MT 73436",
    "passport": "987654321",
    "bank_account": "4321-8765-2109-6543",
    "us_phone": "461-893-9474",
    "uk_phone": "+44 115 4960816",
    "ssn": "078-05-1120",
    "nino": "JG 10 37 59 A",
}

CASE_NOTE_ZH = f"""# 個案紀錄（虛構）

案主為外籍配偶，住址：{PLANTED_ZH["address"]}。娘家寄件地址 {PLANTED_ZH["address_postcode"]}。
護照號碼：{PLANTED_ZH["passport"]}，已影印存檔。
緊急生活補助匯入 {PLANTED_ZH["bank_account"]}；房租自帳號 {PLANTED_ZH["account_after_cue"]} 扣款。
香港親屬電話 {PLANTED_ZH["hk_phone"]}。社工建議申請緊急生活補助與法律扶助。
"""

CASE_NOTE_EN = f"""# Case note (fictitious)

The client moved to {PLANTED_EN["address"]} last month.
Passport no. {PLANTED_EN["passport"]}. Wages are paid into {PLANTED_EN["bank_account"]}.
Phone {PLANTED_EN["us_phone"]}, her sister in Nottingham on {PLANTED_EN["uk_phone"]}.
SSN {PLANTED_EN["ssn"]}, NI number {PLANTED_EN["nino"]}.
The social worker recommends applying for emergency living assistance.
"""


@pytest.fixture(scope="module")
def case_notes_kb(tmp_path_factory: pytest.TempPathFactory) -> Settings:
    from ingest.pipeline import ingest_paths

    root = tmp_path_factory.mktemp("case-notes")
    docs = root / "docs"
    docs.mkdir()
    (docs / "case-note.zh-TW.md").write_text(CASE_NOTE_ZH, encoding="utf-8")
    (docs / "case-note.en.md").write_text(CASE_NOTE_EN, encoding="utf-8")
    settings = make_settings(root / "data", llm_backend="extractive")
    summary = ingest_paths([docs], settings)
    assert not summary.failed, summary.failed
    # The sources are the raw files: only the data directory is checked.
    for path in docs.iterdir():
        path.unlink()
    return settings


def test_planted_values_are_nowhere_under_the_data_directory(case_notes_kb: Settings) -> None:
    result = answer(
        "案主可以申請哪些補助？What assistance does the social worker recommend?",
        case_notes_kb,
        mode="extractive",
    )
    assert result.audit_id
    planted = {f"zh {k}": v for k, v in PLANTED_ZH.items()}
    planted |= {f"en {k}": v for k, v in PLANTED_EN.items()}
    needles = {n: kind for kind, v in planted.items() for n in _variants(v)}
    # Every file as bytes: manifest.sqlite3, Chroma's sqlite and segments, the audit log.
    leaks = _files_containing(case_notes_kb.data_dir, set(needles))
    # Kinds and file names only: printing the values would itself be a leak in test output.
    assert {needles[n]: files for n, files in leaks.items()} == {}


QUESTION_VALUES = [
    ("我的身分證是 B 1 2 0 8 6 3 1 5 8，可以申請補助嗎？", "B 1 2 0 8 6 3 1 5 8"),
    ("ID B-120-863-158, can I apply for assistance?", "B-120-863-158"),
    ("香港身份證 A 1 2 3 4 5 6 (3) 可以申請嗎？", "A 1 2 3 4 5 6 (3)"),
    ("請打我的電話886912345678說明補助", "886912345678"),
    ("我是民國79年1月2日生的，可以申請補助嗎？", "民國79年1月2日"),
    ("生日民國79年1月2日，我可以申請補助嗎？", "民國79年1月2日"),
    ("民國79年1月2日，我可以申請補助嗎？", "民國79年1月2日"),
    ("I am 02/01/1990, can I still apply for assistance?", "02/01/1990"),
    ("Passport no. 987654321 — which documents do I need?", "987654321"),
    ("帳號 012-345-678901 可以收補助嗎？", "012-345-678901"),
    ("Call me on 020 7946 0958 about the assistance", "020 7946 0958"),
]


@pytest.mark.parametrize(("question", "value"), QUESTION_VALUES)
def test_question_values_are_stored_scrubbed(
    case_notes_kb: Settings, question: str, value: str
) -> None:
    result = answer(question, case_notes_kb, mode="extractive")
    record = AuditLog(case_notes_kb).get(result.audit_id)
    assert record is not None
    digits = "".join(c for c in value if c.isalnum())
    stored = (record.question or "") + (record.answer or "") + result.model_dump_json()
    # This question's line of the log file as written (earlier questions have their own test).
    lines = AuditLog(case_notes_kb).path.read_text(encoding="utf-8").splitlines()
    audit_text = "\n".join(line for line in lines if result.audit_id in line)
    assert audit_text, "the question's audit line was not found"
    for place, text in {"answer or record": stored, "audit log": audit_text}.items():
        compact = "".join(c for c in text if c.isalnum())
        assert value not in text and digits not in compact, f"raw value in the {place}"
    assert result.pii_removed, "nothing was counted as removed"


def test_the_question_keeps_its_words(case_notes_kb: Settings, tmp_path: Path) -> None:
    result = answer("2019 2020 2021 2022 年的補助有哪些？", case_notes_kb, mode="extractive")
    assert "2019 2020 2021 2022" in result.question
