"""Feedback store: ratings, reports with scrubbed reasons, review resolution, retention."""

from __future__ import annotations

from pathlib import Path

import pytest

from kb.settings import Settings, load_settings
from ui.feedback import WITHHELD, FeedbackStore, default_scrubber

# Fictitious but valid in format (the Taiwan ID passes its checksum).
PLANTED_ID = "A123456789"
PLANTED_PHONE = "0912-345-678"


@pytest.fixture()
def settings(tmp_path: Path) -> Settings:
    return load_settings(data_dir=tmp_path / "data")


def test_report_reason_is_scrubbed_with_the_real_scrubber(settings: Settings) -> None:
    scrub = default_scrubber(settings)
    assert scrub is not None
    store = FeedbackStore(settings, scrub=scrub)
    rid = store.report("audit1", "s1", f"我的身分證 {PLANTED_ID}，電話 {PLANTED_PHONE}，答案錯了")
    stored = store.get(rid).reason
    assert PLANTED_ID not in stored and PLANTED_PHONE not in stored
    assert "答案錯了" in stored
    raw = store.path.read_bytes()
    assert PLANTED_ID.encode() not in raw and PLANTED_PHONE.encode() not in raw


def test_without_a_scrubber_the_text_is_withheld(settings: Settings) -> None:
    store = FeedbackStore(settings, scrub=None)
    rid = store.report("audit1", "s1", f"call me on {PLANTED_PHONE}")
    assert store.get(rid).reason == WITHHELD


def test_ratings_are_one_per_session_and_answer(settings: Settings) -> None:
    store = FeedbackStore(settings, scrub=None)
    store.rate("a1", "s1", "up")
    store.rate("a1", "s1", "down")  # changed mind: replaces
    store.rate("a1", "s2", "down")
    store.rate("a2", "s1", "up")
    assert store.ratings() == {"a1": {"up": 0, "down": 2}, "a2": {"up": 1, "down": 0}}


def test_resolve_and_retention(settings: Settings) -> None:
    store = FeedbackStore(settings, scrub=lambda s: s.upper())
    rid = store.report("a1", "s1", "wrong year")
    assert [r.report_id for r in store.reports("open")] == [rid]
    rep = store.resolve(rid, "fixed the source doc", "officer", ["2028", " ", "200萬"], False)
    assert rep.status == "resolved" and rep.resolution == "FIXED THE SOURCE DOC"
    assert rep.expected == ["2028", "200萬"] and rep.answerable is False
    assert store.reports("open") == []
    with pytest.raises(KeyError):
        store.resolve(999, "x", "officer")
    assert store.delete_before("0000") == {"ratings_deleted": 0, "reports_deleted": 0}
    assert store.delete_before("9999") == {"ratings_deleted": 0, "reports_deleted": 1}
