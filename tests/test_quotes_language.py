"""Quotes offered in place of a draft the checks refused meet the draft's language rule: in the
question's script, or a refusal naming passages to read. Without a model, quotes in the other
language stay the answer (there is nothing else). Real index, real embeddings, real catalogue;
the refused draft is the only thing not made here (a model's failure cannot be caused on
demand), so the step that follows it is called directly."""

from __future__ import annotations

from pathlib import Path

import pytest

from kb.library import knowledge_base
from kb.messages import may_want_to_read
from kb.schema import Audience, Status
from kb.settings import Settings
from kb.steps.context import AnswerContext
from kb.steps.evidence import compose_extractive
from tests.conftest import make_settings

REPORT = (
    "# 社區食物銀行年度報告\n\n"
    "本會的社區食物銀行每週六上午九點開放，由志工協助登記與發放。\n\n"
    "食物銀行去年共服務三百二十個家庭，其中多數為單親家庭。\n"
)
QUESTION = "When does the community food bank open?"
TRANSLATION = "社區食物銀行什麼時候開放？"  # the model's search translation, as it writes one


@pytest.fixture(scope="module")
def chinese_kb(tmp_path_factory: pytest.TempPathFactory) -> Settings:
    from ingest.pipeline import ingest_paths

    folder: Path = tmp_path_factory.mktemp("food-bank")
    (folder / "report.zh-TW.md").write_text(REPORT, encoding="utf-8")
    settings = make_settings(folder / "data")
    summary = ingest_paths([folder / "report.zh-TW.md"], settings)
    assert not summary.failed, summary.failed
    return settings


def _context(settings: Settings) -> AnswerContext:
    ctx = AnswerContext(
        question=QUESTION,
        settings=settings,
        audience=Audience.STAFF,
        session_id="test",
        history=[],
        mode="auto",
        language="en",
        search_query=QUESTION,
        translations={"zh-TW": TRANSLATION},
        prompt_question=QUESTION,
    )
    ctx.passages = knowledge_base(settings).retrieve(TRANSLATION, Audience.STAFF)
    return ctx


def test_quotes_in_another_script_do_not_replace_a_refused_draft(chinese_kb: Settings) -> None:
    ctx = _context(chinese_kb)
    compose_extractive(ctx, "output guard citation_validity: fail", instead_of_a_draft=True)
    assert ctx.status is Status.UNANSWERABLE_NOT_SUPPORTED
    assert may_want_to_read("en") in ctx.text
    assert "食物銀行" not in ctx.text
    verdict = next(v for v in ctx.verdicts if v.name == "quotes_language")
    assert verdict.status == "fail"
    # The same quotes pass every other check: only their language refused them.
    assert next(v for v in ctx.verdicts if v.name == "quotes_answer_question").status == "pass"


def test_without_a_model_quotes_in_another_script_are_the_answer(chinese_kb: Settings) -> None:
    ctx = _context(chinese_kb)
    compose_extractive(ctx, "no model")
    assert ctx.status is Status.ANSWERED_EXTRACTIVE
    assert "九點" in ctx.text
    assert not any(v.name == "quotes_language" for v in ctx.verdicts)
