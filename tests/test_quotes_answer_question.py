"""Quotes offered as an answer must say what is particular to the question: quotes close to it
in wording but about another topic become a refusal that names passages to read. Real
catalogue, real embeddings, the real pipeline in extractive mode (deterministic)."""

from __future__ import annotations

import pytest

from kb.catalog import Catalog
from kb.compose import MIN_KEY_TERM_COVERAGE, key_term_coverage
from kb.keyword import search_tokens
from kb.messages import may_want_to_read
from kb.pipeline import answer
from kb.schema import Audience, Status
from kb.settings import Settings
from tests.conftest import make_settings

ROOMS = ["the kitchen rota", "the garden beds", "the lending library", "the bicycle corner",
         "the language cafe", "the clothing swap", "the homework room", "the tool shed",
         "the music evening", "the seed bank"]  # fmt: skip


def _handbook() -> str:
    """Every section speaks of volunteers and the centre; overtime and pay one section each."""
    parts = ["# The centre's handbook for volunteers\n"]
    for room in ROOMS:
        sentences = [
            f"Volunteers at the centre look after {room} on weekdays.",
            f"The centre lists the volunteers for {room} on the notice board.",
            f"Volunteers at the centre who help with {room} sign the shift sheet at the desk.",
            f"New volunteers at the centre shadow an experienced volunteer at {room} first.",
            f"The centre thanks the volunteers of {room} at the spring party each year.",
        ]
        parts.append(f"## {room.title()}\n\n" + " ".join(sentences * 3) + "\n")
    parts.append("## Staff\n\n" + "Overtime for staff is approved by the director in writing. " * 4)
    parts.append("## Money\n\n" + "The rent is paid to the city council every month. " * 4)
    return "\n".join(parts)


@pytest.fixture(scope="module")
def handbook_kb(tmp_path_factory: pytest.TempPathFactory) -> Settings:
    from ingest.pipeline import ingest_paths

    folder = tmp_path_factory.mktemp("handbook")
    (folder / "handbook.md").write_text(_handbook(), encoding="utf-8")
    settings = make_settings(folder / "data")
    summary = ingest_paths([folder / "handbook.md"], settings)
    assert not summary.failed, summary.failed
    return settings


def test_coverage_weighs_a_term_by_how_rare_it_is() -> None:
    counts = (100, {"volunteers": 90, "centre": 95, "overtime": 2, "paid": 3})
    question = "How much overtime are volunteers at the centre paid?"
    common_only = "Volunteers at the centre sign in at the desk [1]."
    rare_too = "Overtime is paid at the normal rate [2]."
    assert key_term_coverage(question, common_only, counts) < 0.1
    assert key_term_coverage(question, rare_too, counts) > 0.8
    # A term no chunk holds carries no weight: no quote could say it.
    assert key_term_coverage("overtime zzyzx", "overtime [1]", (100, {"overtime": 2})) == 1.0
    assert key_term_coverage("zzyzx", "anything", (100, {})) == 0.0


def test_a_citation_number_is_no_term_of_the_quotes() -> None:
    assert key_term_coverage("Form 2 rules", "The rules [2].", (10, {"2": 1, "form": 9})) < 0.5


def test_term_counts_are_the_keyword_index_counts(handbook_kb: Settings) -> None:
    catalog = Catalog(handbook_kb.manifest_path)
    try:
        chunks, counts = catalog.term_counts(search_tokens("overtime volunteers zzyzx"))
        assert chunks == catalog.counts()[1]
        assert 0 < counts["overtime"] < counts["volunteers"] <= chunks
        assert counts["zzyzx"] == 0
    finally:
        catalog.close()


def test_quotes_about_another_topic_become_a_refusal_with_passages_to_read(
    handbook_kb: Settings,
) -> None:
    result = answer(
        "How much overtime are volunteers at the centre paid?",
        handbook_kb,
        audience=Audience.STAFF,
        mode="extractive",
    )
    assert result.status is Status.UNANSWERABLE_NOT_SUPPORTED
    assert may_want_to_read("en") in result.answer
    assert [c.n for c in result.citations] == [1, 2]
    verdict = next(v for v in result.guardrails if v.name == "quotes_answer_question")
    assert verdict.status == "fail"
    assert float(verdict.detail.rsplit(" ", 1)[1]) < MIN_KEY_TERM_COVERAGE


def test_quotes_that_say_the_question_s_own_terms_are_the_answer(handbook_kb: Settings) -> None:
    result = answer(
        "Who approves overtime for staff?", handbook_kb, audience=Audience.STAFF, mode="extractive"
    )
    assert result.status is Status.ANSWERED_EXTRACTIVE
    assert "approved by the director" in result.answer
    verdict = next(v for v in result.guardrails if v.name == "quotes_answer_question")
    assert verdict.status == "pass"
