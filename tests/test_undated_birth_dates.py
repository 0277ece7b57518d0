"""Full dates in a person's own message count as birth dates when their year could be one;
documents keep their dates (their birth dates need a cue)."""

from __future__ import annotations

import datetime

import pytest

from ingest.pii import Scrubber
from ingest.pii.undated_birth_dates import undated_birth_dates

TODAY = datetime.date(2026, 12, 1)


@pytest.mark.parametrize(
    ("text", "date"),
    [
        ("民國79年1月2日，可以申請補助嗎？", "民國79年1月2日"),
        ("79年1月2日的人可以申請嗎", "79年1月2日"),
        ("我 1985年3月4日，符合資格嗎？", "1985年3月4日"),
        ("民國79/1/2 可以嗎", "民國79/1/2"),
        ("Can someone born 1990-01-02 apply?", "1990-01-02"),
        ("I am 02/01/1990, can I still apply?", "02/01/1990"),
        ("Am I eligible with 3 March 1961?", "3 March 1961"),
        ("Eligible with March 3, 1961?", "March 3, 1961"),
        ("A date 111 years back: 1915-05-06", None),
        ("一個十一歲孩子的日子 2015年5月6日", None),
        ("2024年1月1日起的新制是什麼？", None),
        ("民國113年1月1日起施行的規定", None),
        ("Which rules apply from 1 January 2025?", None),
        ("1990年1月 的報告", None),
        ("1990-13-45 is no date", None),
        ("電話 0912-345-678", None),
    ],
)
def test_a_full_date_with_a_birth_year_is_found(text: str, date: str | None) -> None:
    found = [text[s:e] for s, e in undated_birth_dates(text, today=TODAY)]
    assert found == ([date] if date else [])


@pytest.fixture(scope="module")
def scrubber() -> Scrubber:
    return Scrubber(b"undated-birth-dates-test-key")


def test_messages_lose_the_date_and_documents_keep_it(scrubber: Scrubber) -> None:
    # The price of the rule: an event's full date in a question goes too.
    text = "會議於1990年5月6日舉行，請問紀錄在哪裡？"
    assert "1990年5月6日" in scrubber.scrub(text).text
    scrubbed = scrubber.scrub_message(text)
    assert "1990年5月6日" not in scrubbed.text
    assert scrubbed.counts == {"DATE_OF_BIRTH": 1}
