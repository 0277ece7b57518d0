"""The passages the model reads: cut to the sentences the question is about (real embedder)."""

from __future__ import annotations

from kb.excerpts import GAP, excerpt, prompt_passages
from kb.schema import Passage
from kb.settings import Settings
from tests.test_eval_factories import passage as chunk_passage

FILLER = [
    "The association was founded by volunteers from the harbour district.",
    "Its newsletter appears every spring and every autumn.",
    "The board meets in the library on the first Monday of the month.",
    "Members elect the board for two years at the annual meeting.",
    "Volunteers receive a short training before their first shift.",
    "The office keeps a lending shelf of children's books.",
]
ANSWER = "Rent support is paid for at most six months to a household."
QUESTION = "For how many months is rent support paid?"


def passage(sentences: list[str]) -> Passage:
    return chunk_passage("c1", " ".join(sentences))


def test_an_excerpt_keeps_the_sentence_asked_about_with_its_neighbours(settings: Settings) -> None:
    sentences = [*FILLER[:4], ANSWER, *FILLER[4:]]
    cut = excerpt(passage(sentences), [QUESTION], settings, keep=1, neighbours=1).chunk.text
    assert cut == f"{GAP} {FILLER[3]} {ANSWER} {FILLER[4]} {GAP}"


def test_the_question_in_another_language_finds_the_sentence_alone(settings: Settings) -> None:
    sentences = [*FILLER[:4], ANSWER, *FILLER[4:]]
    cut = excerpt(passage(sentences), ["租金補助最多發幾個月？"], settings, keep=1, neighbours=0)
    cut = cut.chunk.text
    assert cut == f"{GAP} {ANSWER} {GAP}"


def test_short_passages_and_the_default_stay_whole(settings: Settings) -> None:
    short = passage([FILLER[0], ANSWER, FILLER[1]])
    assert excerpt(short, [QUESTION], settings, keep=1, neighbours=1) == short
    whole = passage([*FILLER, ANSWER])
    assert settings.llm_passage_sentences == 0
    assert prompt_passages([whole], [QUESTION], settings) == [whole]
    cut_settings = settings.model_copy(update={"llm_passage_sentences": 1})
    (cut,) = prompt_passages([whole], [QUESTION], cut_settings)
    assert cut.chunk.text == f"{GAP} {FILLER[-1]} {ANSWER}"
    assert cut.chunk.chunk_id == whole.chunk.chunk_id  # still cited as the same passage
