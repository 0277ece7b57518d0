"""The evaluation question format (one JSON object a line), read into typed questions."""

from __future__ import annotations

import json
from pathlib import Path

from pydantic import BaseModel, Field

from kb.schema import Audience


class EvalQuestion(BaseModel):
    """One question: `expected` is a list of key facts, each a list of acceptable spellings."""

    id: str
    question: str
    lang: str
    source: str | None = None
    evidence: str | None = None
    expected: list[list[str]] = Field(default_factory=list)
    answerable: bool = True
    audience: Audience | None = None


def load_questions(path: Path) -> list[EvalQuestion]:
    """Read a question set; a malformed line raises ValueError naming its line number."""
    questions: list[EvalQuestion] = []
    for number, line in enumerate(Path(path).read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        try:
            questions.append(EvalQuestion.model_validate(json.loads(line)))
        except ValueError as exc:
            reason = type(exc).__name__
            raise ValueError(f"{path}:{number}: not a valid question ({reason})") from exc
    ids = [q.id for q in questions]
    if len(ids) != len(set(ids)):
        raise ValueError(f"{path}: question ids are not unique")
    return questions
