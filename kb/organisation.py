"""The organisation's own texts per language: its human contact, the crisis lines named in the
crisis referral, and the example questions of the empty chat.

Read from NGOKB_ORGANISATION_FILE (TOML), section by section over the shipped default
kb/organisation.toml (Taiwan's public lines, generic example questions). Read once per process:
a broken file fails when the app starts, not in the middle of a crisis referral.
"""

from __future__ import annotations

import tomllib
from functools import lru_cache
from pathlib import Path
from typing import Annotated, TypeVar

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, ValidationError, field_validator

from kb.messages import LANGUAGES, catalogue_language, text
from kb.settings import Settings

DEFAULT_PATH = Path(__file__).with_name("organisation.toml")
MAX_EXAMPLES = 3


class OrganisationFileError(ValueError):
    """The organisation file cannot be read or does not have the expected form."""


V = TypeVar("V")


def _known_languages(values: dict[str, V]) -> dict[str, V]:
    # A misspelt language key ("zh_TW") would silently show the default instead.
    unknown = sorted(set(values) - set(LANGUAGES))
    if unknown:
        raise ValueError(f"unknown languages {unknown}; use {list(LANGUAGES)}")
    return values


PerLanguage = Annotated[dict[str, V], AfterValidator(_known_languages)]


class CrisisLine(BaseModel):
    """One public phone line: its number and, per language, what it is for."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    # Digits, spaces, dashes, a leading +: a phone number a user can dial, nothing else.
    number: str = Field(pattern=r"^\+?[0-9][0-9 -]{1,24}$")
    name: PerLanguage[str] = Field(min_length=1)

    def named(self, language: str) -> str:
        return self.name.get(language) or self.name.get("en") or next(iter(self.name.values()))


class Organisation(BaseModel):
    """What kb/organisation.toml holds (see that file for each section's meaning)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    human_contact: PerLanguage[str] = Field(default_factory=dict)
    crisis_lines: list[CrisisLine] = Field(default_factory=list)
    example_questions: PerLanguage[list[str]] = Field(default_factory=dict)

    @field_validator("example_questions")
    @classmethod
    def _at_most_three(cls, value: dict[str, list[str]]) -> dict[str, list[str]]:
        # More than three push the question box off a phone's first screen.
        for lang, questions in value.items():
            if len(questions) > MAX_EXAMPLES or not all(q.strip() for q in questions):
                raise ValueError(f"{lang}: give 1 to {MAX_EXAMPLES} non-empty questions")
        return value


def _read(path: Path) -> dict[str, object]:
    try:
        with path.open("rb") as f:
            return tomllib.load(f)
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise OrganisationFileError(f"cannot read organisation file {path}: {exc}") from exc


@lru_cache(maxsize=8)
def _load(path: Path | None) -> Organisation:
    data = _read(DEFAULT_PATH)
    if path is not None:
        data |= _read(path)  # a section the organisation's file names replaces the default's
    try:
        return Organisation.model_validate(data)
    except ValidationError as exc:
        raise OrganisationFileError(f"organisation file {path or DEFAULT_PATH}: {exc}") from exc


def organisation(settings: Settings) -> Organisation:
    """The organisation's texts for these settings (raises OrganisationFileError)."""
    path = settings.organisation_file
    return _load(path.expanduser().resolve() if path is not None else None)


def human_contact(settings: Settings, language: str) -> str:
    """Who to reach at the organisation, in `language` when the file has it."""
    contacts = organisation(settings).human_contact
    return contacts.get(catalogue_language(language)) or settings.human_contact


def crisis_lines(settings: Settings, language: str) -> str:
    """The crisis lines as one phrase in `language` ('110 (police), 119 (...)'); '' if none."""
    lang = catalogue_language(language)
    template = text("answer", "crisis_line", lang)
    return text("ui", "list_separator", lang).join(
        template.format(number=line.number, name=line.named(lang))
        for line in organisation(settings).crisis_lines
    )


def example_questions(settings: Settings, language: str) -> list[str]:
    """The example questions for a first-time user in `language` (none if it has none)."""
    return list(organisation(settings).example_questions.get(catalogue_language(language), []))
