"""The answer style: plain words for the public, the detailed style for staff, and a setting.

The staff prompt is measured on the development set, so it must stay byte for byte what it was:
`fixtures/prompts/staff-answer-messages.json` is `answer_messages` as main produced it (commit
a0863c8) before the plain style existed, for every language the prompt names.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from kb.prompts import (
    CITATION_EXAMPLE,
    LANGUAGE_NAMES,
    NO_ANSWER,
    PROMPT_VERSION,
    answer_messages,
    language_name,
    prompt_version,
)
from kb.schema import Audience
from kb.settings import Settings, load_settings
from kb.steps.context import AnswerContext

GOLDEN = Path(__file__).parent / "fixtures" / "prompts" / "staff-answer-messages.json"
QUESTION = "申請緊急食物補助需要哪些文件？ What documents?"
PASSAGES = (
    "[1] doc.md, p. 1\nBring your ID card and proof of income.\n\n[2] 文件.md\n請攜帶身分證。"
)
ORGANISATION = "Harbour Light Community Association"
PLAIN_MARKERS = ("short sentences", "one idea in each sentence", "exactly as written")


def _messages(language: str, **style: Any) -> list[dict[str, str]]:
    return [
        {"role": str(m.role.value), "content": str(m.content)}
        for m in answer_messages(QUESTION, PASSAGES, language, ORGANISATION, **style)
    ]


def _context(settings: Settings, audience: Audience) -> AnswerContext:
    return AnswerContext(
        question="q", settings=settings, audience=audience, session_id="s", history=[], mode="auto"
    )


def _system(language: str, audience: Audience, settings: Settings) -> str:
    style = _context(settings, audience).answer_style
    return _messages(language, style=style)[0]["content"]


@pytest.mark.parametrize("language", json.loads(GOLDEN.read_text(encoding="utf-8")))
def test_staff_prompt_is_byte_identical_to_main(language: str, tmp_path: Path) -> None:
    golden = json.loads(GOLDEN.read_text(encoding="utf-8"))[language]
    staff = _context(Settings(data_dir=tmp_path), Audience.STAFF).answer_style
    assert _messages(language, style=staff) == golden
    assert _messages(language) == golden  # the default style is the staff one
    assert prompt_version(staff) == PROMPT_VERSION == "answer-v4+search-translation-v1"


def test_golden_copy_covers_every_answer_language() -> None:
    assert set(LANGUAGE_NAMES) <= set(json.loads(GOLDEN.read_text(encoding="utf-8")))


@pytest.mark.parametrize("language", sorted(LANGUAGE_NAMES))
def test_public_gets_the_plain_rules_in_every_language(language: str, tmp_path: Path) -> None:
    settings = Settings(data_dir=tmp_path)
    public = _system(language, Audience.PUBLIC, settings)
    staff = _system(language, Audience.STAFF, settings)
    for marker in PLAIN_MARKERS:
        assert marker in public
        assert marker not in staff
    assert f"little schooling in {language_name(language)}" in public
    # The plain rules are added: citations, NO_ANSWER and exact numbers are still asked for.
    assert public.startswith(staff)
    assert CITATION_EXAMPLE in public and NO_ANSWER in public
    assert "Every sentence still ends with the number of its passage." in public


def test_the_setting_overrides_the_audience(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("NGOKB_ANSWER_STYLE", "plain")
    plain = load_settings(data_dir=tmp_path)
    assert plain.answer_style == "plain"
    assert _context(plain, Audience.STAFF).answer_style == "plain"
    assert PLAIN_MARKERS[0] in _system("en", Audience.STAFF, plain)

    monkeypatch.setenv("NGOKB_ANSWER_STYLE", "detailed")
    detailed = load_settings(data_dir=tmp_path)
    assert _context(detailed, Audience.PUBLIC).answer_style == "detailed"
    assert PLAIN_MARKERS[0] not in _system("en", Audience.PUBLIC, detailed)

    monkeypatch.delenv("NGOKB_ANSWER_STYLE")
    auto = load_settings(data_dir=tmp_path)
    assert auto.answer_style == "auto"
    assert _context(auto, Audience.PUBLIC).answer_style == "plain"
    assert _context(auto, Audience.STAFF).answer_style == "detailed"


def test_an_unknown_style_is_refused(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("NGOKB_ANSWER_STYLE", "simple")
    with pytest.raises(ValueError, match="answer_style"):
        load_settings(data_dir=tmp_path)


def test_plain_answers_carry_their_own_prompt_version() -> None:
    # The audit record says which prompt wrote an answer.
    assert prompt_version("plain") != prompt_version("detailed")
    assert prompt_version("plain").startswith(PROMPT_VERSION)


def test_the_audit_record_says_which_style_an_answer_was_asked_in(tmp_path: Path) -> None:
    # The real pipeline, in extractive mode (no model is run): the audience reaches the
    # answer's context, and its audit record names the prompt of that audience's style.
    from ingest.pipeline import ingest_paths
    from kb.audit import AuditLog
    from kb.pipeline import answer
    from tests.conftest import make_settings

    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "food-bank.en.md").write_text(
        "# Food bank\n\nThe food bank opens every Saturday morning at the community hall.",
        encoding="utf-8",
    )
    settings = make_settings(tmp_path / "data")
    assert not ingest_paths([corpus], settings, audience=Audience.PUBLIC).failed
    question = "When does the food bank open?"
    public = answer(question, settings, audience=Audience.PUBLIC, mode="extractive")
    staff = answer(question, settings, audience=Audience.STAFF, mode="extractive")
    versions = {r.audit_id: r.prompt_version for r in AuditLog(settings).records()}
    assert versions[public.audit_id] == prompt_version("plain") != PROMPT_VERSION
    assert versions[staff.audit_id] == PROMPT_VERSION
