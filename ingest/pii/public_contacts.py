"""Organisational contact points that are not personal data: role mailboxes at an
organisation's domain (privacy@, events@github.com) and emergency or public service numbers
(911, 1955). The lists live in public_contacts.toml; the scrubber drops detections they match.

A post-filter rather than Presidio's `allow_list` (exact strings): the rule is structural, a
role word at any domain that is not a free-mail provider's."""

from __future__ import annotations

import functools
import tomllib
import unicodedata
from pathlib import Path

import regex
from pydantic import BaseModel, Field

from ingest.pii.recognizers._common import OFFLINE_TLD

DATA_FILE = Path(__file__).with_name("public_contacts.toml")
_WORD_SEPARATORS = regex.compile(r"[._\-]+")


class PublicNumber(BaseModel):
    number: str = Field(pattern=r"^[0-9]{3,6}$")
    what: str = Field(min_length=3)  # the service, so every entry can be checked


class RoleMailboxes(BaseModel):
    words: frozenset[str]
    free_mail_labels: frozenset[str]


class PublicContacts(BaseModel):
    role_mailboxes: RoleMailboxes
    public_numbers: list[PublicNumber]

    def is_role_mailbox(self, address: str) -> bool:
        """Every word of the local part is a role word and the domain is no free-mail one."""
        local, _, domain = address.strip().lower().rpartition("@")
        local = local.split("+", 1)[0]
        words = [w for w in _WORD_SEPARATORS.split(local) if w]
        if not local or not words or not all(w in self.role_mailboxes.words for w in words):
            return False
        label = OFFLINE_TLD(domain).domain
        return bool(label) and label not in self.role_mailboxes.free_mail_labels

    def is_public_number(self, value: str) -> bool:
        """The value, without separators, is one of the public service numbers."""
        digits = "".join(c for c in value if c.isdigit())
        if len(digits) != sum(not c.isspace() and c not in "-()." for c in value):
            return False  # a "+" or letters: not a bare service number
        return digits in self.number_set

    @functools.cached_property
    def number_set(self) -> frozenset[str]:
        return frozenset(n.number for n in self.public_numbers)


@functools.lru_cache(maxsize=1)
def load_public_contacts(path: Path = DATA_FILE) -> PublicContacts:
    """The lists of `public_contacts.toml`, read once per process."""
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    data["role_mailboxes"] = {k: frozenset(v) for k, v in data["role_mailboxes"].items()}
    return PublicContacts.model_validate(data)


def is_public_contact(entity_type: str, value: str) -> bool:
    """Whether a detected value is an organisational contact point, not personal data."""
    contacts = load_public_contacts()
    value = unicodedata.normalize("NFKC", value)  # full-width "＠" and digits as ASCII
    if entity_type == "EMAIL":
        return contacts.is_role_mailbox(value)
    if entity_type == "PHONE":
        return contacts.is_public_number(value)
    return False
