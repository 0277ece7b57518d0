"""Organisational contact points survive scrubbing (role mailboxes at organisation domains,
public service numbers); personal mailboxes and phones do not. Values are fictitious."""

from __future__ import annotations

from pathlib import Path

import pytest

from ingest.pii import Scrubber, load_scrubber
from ingest.pii.public_contacts import is_public_contact, load_public_contacts
from tests.conftest import make_settings

KEY = bytes(range(32))
POLICY = (
    "Privacy policy of the Harbourlight Association. Questions about this policy go to "
    "privacy@harbourlight.org; for the conference write to events@github.com or "
    "Press.Office@ngo.org.tw. In an emergency dial 911 (or 112 from a mobile). "
    "外籍移工可撥打1955專線申訴，自殺防治請撥1925，家暴請撥113。"
)
KEPT = [
    "privacy@harbourlight.org", "events@github.com", "Press.Office@ngo.org.tw", "911", "112",
    "1955", "1925", "113",
]  # fmt: skip
CASE_NOTE = (
    "Case note: the client Jane Doe (jane.doe@ngo.org) asked her caseworker "
    "a.chen@harbourlight.org to call back on 0912-345-678; her daughter writes from "
    "info@gmail.com. 案主手機 0987-654-321。"
)
SCRUBBED = [
    "jane.doe@ngo.org", "a.chen@harbourlight.org", "0912-345-678", "info@gmail.com",
    "0987-654-321",
]  # fmt: skip


@pytest.fixture(scope="module")
def scrubber() -> Scrubber:
    return Scrubber(KEY)


def test_public_policy_keeps_role_mailboxes_and_service_numbers(scrubber: Scrubber) -> None:
    result = scrubber.scrub(POLICY)
    for value in KEPT:
        assert value in result.text
    assert "EMAIL" not in result.counts and "PHONE" not in result.counts


def test_case_note_still_loses_personal_mailboxes_and_phones(scrubber: Scrubber) -> None:
    result = scrubber.scrub(CASE_NOTE)
    for value in SCRUBBED:
        assert value not in result.text
    assert result.counts["EMAIL"] == 3 and result.counts["PHONE"] == 2


def test_the_rule_can_be_switched_off() -> None:
    strict = Scrubber(KEY, keep_public_contacts=False)
    result = strict.scrub(POLICY)
    assert "events@github.com" not in result.text and "privacy@harbourlight.org" not in result.text
    assert result.counts["EMAIL"] == 3


def test_the_setting_reaches_the_data_directorys_scrubber(tmp_path: Path) -> None:
    kept = load_scrubber(make_settings(tmp_path / "a"))
    strict = load_scrubber(make_settings(tmp_path / "b", pii_keep_public_contacts=False))
    assert "events@github.com" in kept.scrub(POLICY).text
    assert "events@github.com" not in strict.scrub(POLICY).text


@pytest.mark.parametrize(
    ("address", "role"),
    [
        ("events@github.com", True),
        ("PRIVACY@harbourlight.org", True),
        ("data-protection@mol.gov.tw", True),
        ("support+tw@ngo.org.tw", True),
        ("ｉｎｆｏ＠ngo.org.tw", True),  # full-width, as the scrubber sees it before folding
        ("info@gmail.com", False),  # a free-mail box is someone's own
        ("privacy@yahoo.com.tw", False),
        ("help@msa.hinet.net", False),  # an ISP's mailbox is personal too
        ("jane.doe@ngo.org", False),
        ("a.chen@harbourlight.org", False),
        ("info.jane@ngo.org", False),  # one word is not a role
        ("infojane@ngo.org", False),
    ],
)
def test_role_mailbox_rule(address: str, role: bool) -> None:
    assert is_public_contact("EMAIL", address) is role


@pytest.mark.parametrize(
    ("value", "public"),
    [("911", True), ("1955", True), ("1 9 8 0", True), ("+1 911", False), ("0912345678", False)],
)
def test_public_number_rule(value: str, public: bool) -> None:
    assert is_public_contact("PHONE", value) is public


def test_rules_apply_to_their_own_kind_only() -> None:
    assert not is_public_contact("PERSON", "info@ngo.org.tw")
    assert not is_public_contact("DATE_OF_BIRTH", "1955")


def test_every_public_number_says_what_it_is() -> None:
    numbers = {n.number: n.what for n in load_public_contacts().public_numbers}
    assert {"911", "112", "999", "110", "119", "113", "165", "1925", "1955", "1957"} <= set(numbers)
    assert len(numbers) == len(load_public_contacts().public_numbers)  # no duplicates
    assert all(len(what) > 10 for what in numbers.values())
