"""Fixed texts the pipeline shows instead of a generated answer."""

from __future__ import annotations

from kb.messages import crisis_referral
from kb.organisation import crisis_lines, human_contact
from kb.settings import Settings


def crisis_message(language: str, settings: Settings) -> str:
    """The referral shown for crisis language: the organisation's human contact and crisis
    lines (its organisation file), in the question's language (catalogue kb/strings.toml;
    English for a language it lacks)."""
    return crisis_referral(
        language, human_contact(settings, language), crisis_lines(settings, language)
    )
