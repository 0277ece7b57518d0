"""A group the question names but no passage names: the question is answered as if asked for
everyone, and the answer says so. Real pipeline (extractive, so the answer is deterministic)."""

from __future__ import annotations

import pytest

from guardrails.bias import group_terms, groups_of_terms, neutralise_groups
from kb.audit import AuditLog
from kb.messages import groups_set_aside_note
from kb.pipeline import answer
from kb.schema import Audience, Status
from kb.settings import Settings


@pytest.mark.parametrize(
    ("question", "terms", "neutral"),
    [
        (
            "Can ex-offenders and women join?",
            ["ex-offenders", "women"],
            "Can people and people join?",
        ),
        ("有什麼給单亲家长的支援？", ["单亲家长"], "有什麼給民眾的支援？"),
        ("长期失业的人可以当志工吗？", ["长期失业的人"], "民眾可以当志工吗？"),
        (
            "What does the handbook say about shifts?",
            [],
            "What does the handbook say about shifts?",
        ),
    ],
)
def test_group_terms_are_found_as_written_simplified_chinese_too(
    question: str, terms: list[str], neutral: str
) -> None:
    assert group_terms(question) == terms
    assert neutralise_groups(question) == neutral


@pytest.mark.parametrize(
    ("question", "groups"),
    [
        ("報告中有哪些適合非身心障礙者的培訓？", {"compared:非身心障礙"}),
        ("報告中有哪些適合身心障礙者的培訓？", {"disability"}),
        ("Can non-native speakers join?", {"non_native_speaker"}),
        ("Can older workers join?", {"older_age"}),
        ("Can young workers join?", {"young_age"}),
    ],
)
def test_a_term_belongs_to_the_longest_group_it_matches(question: str, groups: set[str]) -> None:
    # so a question about non-disabled people is not taken to be about a disability, and
    # "young workers" in a passage does not answer for "older workers"
    assert groups_of_terms(question) == groups


def _body(text: str) -> str:
    """The answer after its first paragraph (the note naming the group)."""
    return text.split("\n\n", 1)[1]


def test_a_pair_differing_only_in_an_unnamed_group_gets_the_same_answer(
    samples_kb: Settings,
) -> None:
    pair = [
        "Can ex-offenders become volunteers?",
        "Can long-term unemployed people become volunteers?",
    ]
    a, b = (answer(q, samples_kb, Audience.PUBLIC, mode="extractive") for q in pair)

    assert a.status == b.status == Status.ANSWERED_EXTRACTIVE
    assert a.groups_set_aside == ["ex-offenders"]
    assert b.groups_set_aside == ["long-term unemployed people"]
    assert a.answer.startswith(groups_set_aside_note(["ex-offenders"], "en") + "\n\n")
    assert _body(a.answer) == _body(b.answer)
    assert [c.chunk_id for c in a.citations] == [c.chunk_id for c in b.citations]
    assert a.question == pair[0]  # the user's question is kept as asked
    verdict = next(v for v in a.guardrails if v.name == "group_terms")
    assert "ex-offenders" in verdict.detail
    record = AuditLog(samples_kb).get(a.audit_id)
    assert record is not None and any(v.name == "group_terms" for v in record.guardrails)


def test_a_group_the_documents_name_is_asked_about_as_written(samples_kb: Settings) -> None:
    # The eligibility policy names 新住民; it names no 本地居民.
    named = answer("新住民可以申請緊急援助嗎？", samples_kb, Audience.PUBLIC, mode="extractive")
    unnamed = answer("本地居民可以申請緊急援助嗎？", samples_kb, Audience.PUBLIC, mode="extractive")

    assert named.groups_set_aside == []
    assert not any(v.name == "group_terms" for v in named.guardrails)
    assert "新住民" in named.answer
    assert unnamed.groups_set_aside == ["本地居民"]
    assert unnamed.answer.startswith("文件中沒有特別提到「本地居民」")
