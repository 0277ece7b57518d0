"""Faithfulness scored by the local model acting as a judge (optional, off by default).

The answer is split into sentences; the model sees the passages and the numbered sentences and
writes one `n: YES` or `n: NO` line per sentence. The score is the share of YES. A 1.5B model is
a weak judge: the figure is an estimate to read beside the rule-based metrics, never a CI gate.
"""

from __future__ import annotations

import re

from llama_index.core.llms import ChatMessage

from eval.results import JudgeScore
from guardrails import format_passages
from guardrails.sentences import split_sentences, strip_citations
from kb.llm import LLMUnavailable, candidate_llms, stream_chat
from kb.schema import Answer, Passage
from kb.settings import Settings

_VERDICT = re.compile(r"^\s*(\d+)\s*[:.)：]?\s*(YES|NO)\b", re.I | re.M)
_SYSTEM = (
    "You check whether statements are supported by source passages. For each numbered "
    "statement, write one line `n: YES` if the passages state it, or `n: NO` if they do not "
    "or say something different. Write nothing else."
)


def judge_messages(sentences: list[str], passages: list[Passage]) -> list[ChatMessage]:
    numbered = "\n".join(f"{n}. {s}" for n, s in enumerate(sentences, start=1))
    user = f"Passages:\n{format_passages(passages)}\n\nStatements:\n{numbered}"
    return [ChatMessage(role="system", content=_SYSTEM), ChatMessage(role="user", content=user)]


def parse_verdicts(reply: str, count: int) -> dict[int, bool]:
    """Sentence number -> supported, for the numbers 1..count the reply gives a verdict for."""
    verdicts: dict[int, bool] = {}
    for number, word in _VERDICT.findall(reply):
        n = int(number)
        if 1 <= n <= count and n not in verdicts:
            verdicts[n] = word.upper() == "YES"
    return verdicts


def judge_faithfulness(answer: Answer, passages: list[Passage], settings: Settings) -> JudgeScore:
    """Ask the first available local model whether each answer sentence is supported."""
    sentences = [
        s for s in (strip_citations(x).strip() for x in split_sentences(answer.answer)) if s
    ]
    if not sentences:
        return JudgeScore(claims=0, supported=0, score=None, detail="no sentence to judge")
    choice = next((c for c in candidate_llms(settings) if c.llm is not None), None)
    if choice is None or choice.llm is None:
        return JudgeScore(claims=len(sentences), supported=0, score=None, detail="no local model")
    try:
        reply = "".join(stream_chat(choice.llm, judge_messages(sentences, passages)))
    except LLMUnavailable as exc:
        return JudgeScore(claims=len(sentences), supported=0, score=None, detail=str(exc)[:200])
    verdicts = parse_verdicts(reply, len(sentences))
    supported = sum(verdicts.values())
    # A sentence the judge gave no verdict for counts as unsupported: the judge must show it.
    return JudgeScore(
        claims=len(sentences),
        supported=supported,
        score=round(supported / len(sentences), 3),
        detail=f"{choice.model}; verdicts for {len(verdicts)} of {len(sentences)} sentences",
    )
