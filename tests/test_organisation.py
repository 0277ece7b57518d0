"""The organisation file (kb/organisation.toml, NGOKB_ORGANISATION_FILE): the human contact per
language, the crisis lines of the crisis referral, the example questions of the empty chat."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from guardrails import crisis_message
from kb.messages import LANGUAGES
from kb.organisation import (
    OrganisationFileError,
    crisis_lines,
    example_questions,
    human_contact,
    organisation,
)
from kb.pipeline import answer
from kb.schema import Audience, Status
from kb.settings import Settings
from ui.i18n import from_text

# Taiwan's public lines, the shipped default: police, fire/ambulance, the protection hotline
# (domestic violence, sexual assault, child abuse), the mental-health line, the labour line.
TAIWAN_LINES = ["110", "119", "113", "1925", "1955"]
ORG_FILE = """
[human_contact]
"zh-TW" = "本會社工 02-2345-6789"
vi = "nhân viên xã hội của hội, số 02-2345-6789 (tiếng Việt)"

[[crisis_lines]]
number = "999"
name = { en = "emergency services", "zh-TW" = "緊急服務" }

[example_questions]
en = ["When is the food bank open?", "Who can get a rent grant?"]
"""


def with_file(settings: Settings, tmp_path: Path, content: str) -> Settings:
    path = tmp_path / "organisation.toml"
    path.write_text(content, encoding="utf-8")
    return settings.model_copy(update={"organisation_file": path})


def numbers(text: str) -> list[str]:
    """The phone numbers in a text (3 digits or more: "24 hours" is none)."""
    return re.findall(r"\d{3,}", text)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_default_crisis_referral_names_taiwans_lines_in_each_language(
    settings: Settings, lang: str
) -> None:
    message = crisis_message(lang, settings)
    # The lines in their order, and no other number: a made-up hotline can cost a life.
    assert numbers(message) == TAIWAN_LINES, message
    assert settings.human_contact in message
    for line in organisation(settings).crisis_lines:
        assert set(line.name) == set(LANGUAGES)  # each line's purpose in every language
        assert line.name[lang] in message


def test_the_organisations_own_contact_and_lines_replace_the_defaults(
    settings: Settings, tmp_path: Path
) -> None:
    configured = with_file(settings, tmp_path, ORG_FILE)
    zh, vi, en = (crisis_message(lang, configured) for lang in ("zh-TW", "vi", "en"))
    assert "本會社工 02-2345-6789" in zh and "999（緊急服務）" in zh
    assert "nhân viên xã hội của hội" in vi
    # A language the file gives no contact for uses NGOKB_HUMAN_CONTACT; a line without a name
    # in it, the English one.
    assert settings.human_contact in en and "999 (emergency services)" in en
    assert "999 (emergency services)" in vi
    for message in (zh, vi, en):
        assert not set(numbers(message)) & {"110", "119", "113", "1925", "1955"}, message
    # Sections the file leaves out keep the default's; those it names replace them whole.
    assert example_questions(configured, "en") == [
        "When is the food bank open?",
        "Who can get a rent grant?",
    ]
    assert example_questions(configured, "th") == []
    assert human_contact(configured, "zh-TW") == "本會社工 02-2345-6789"


def test_no_crisis_lines_leaves_the_local_emergency_number(
    settings: Settings, tmp_path: Path
) -> None:
    configured = with_file(settings, tmp_path, "crisis_lines = []\n")
    assert crisis_lines(configured, "en") == ""
    message = crisis_message("en", configured)
    assert numbers(message) == [] and message.endswith("call your local emergency number.")
    assert "緊急電話。" in crisis_message("zh-TW", configured)


@pytest.mark.parametrize(
    "content",
    [
        '[[crisis_lines]]\nnumber = "call 110"\nname = { en = "police" }\n',  # not a number
        '[[crisis_lines]]\nnumber = "110"\nname = {}\n',  # says nothing of what it is for
        '[human_contact]\n"zh_TW" = "x"\n',  # a misspelt language would never be shown
        '[example_questions]\nen = ["a?", "b?", "c?", "d?"]\n',  # four push the box down
        "[example_questions\n",  # not TOML
        "hotlines = []\n",  # not a section of the file
    ],
)
def test_a_broken_organisation_file_is_refused(
    settings: Settings, tmp_path: Path, content: str
) -> None:
    configured = with_file(settings, tmp_path, content)
    with pytest.raises(OrganisationFileError):
        organisation(configured)


def test_a_missing_organisation_file_is_refused(settings: Settings, tmp_path: Path) -> None:
    configured = settings.model_copy(update={"organisation_file": tmp_path / "none.toml"})
    with pytest.raises(OrganisationFileError, match="none.toml"):
        crisis_message("en", configured)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_default_example_questions_are_in_their_language(settings: Settings, lang: str) -> None:
    questions = example_questions(settings, lang)
    assert 2 <= len(questions) <= 3
    # Asking one keeps the interface in its language (the interface follows the question's).
    assert [from_text(q) or lang for q in questions] == [lang] * len(questions), questions


def test_the_pipeline_refers_a_crisis_to_the_organisations_contact(
    settings: Settings, tmp_path: Path
) -> None:
    configured = with_file(settings, tmp_path, ORG_FILE)
    configured.ensure_data_dir()
    result = answer("我不想活了", configured, audience=Audience.PUBLIC, mode="extractive")
    assert result.status is Status.CRISIS_REFERRAL
    assert "本會社工 02-2345-6789" in result.answer and "999" in result.answer

