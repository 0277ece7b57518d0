"""Input and output guards that fail closed, plus the helpers the pipeline and eval use.

The pipeline runs `input_guards(settings)` on the scrubbed question before retrieval and
`output_guards(settings, scrubber)` on the draft answer; `apply_guards` runs either list in order,
feeding each guard's rewritten text to the next and stopping at the first non-pass verdict.
"""

from __future__ import annotations

from guardrails.base import Guard, GuardContext, GuardResult, run_guard, verdict
from guardrails.bias import detect_bias
from guardrails.chain import GuardRun, apply_guards
from guardrails.chinese import to_traditional
from guardrails.grounding import Similarity, assess_answer, unsupported_sentences
from guardrails.injection import detect_injection, flag_instructions
from guardrails.injection_semantic import SemanticInjectionDetector
from guardrails.input.crisis import CrisisGuard, detect_crisis
from guardrails.input.invisible import InvisibleCharactersGuard
from guardrails.input.length import LengthGuard
from guardrails.input.prompt_injection import PromptInjectionGuard
from guardrails.messages import crisis_message
from guardrails.output.bare_answer import StatesItsGroundsGuard
from guardrails.output.bias import BiasGuard
from guardrails.output.citations import CitationGuard
from guardrails.output.groundedness import GroundednessGuard
from guardrails.output.language_match import LanguageMatchGuard
from guardrails.output.personal_data import PersonalDataGuard, Scrubber
from guardrails.output.relevance import AnswersQuestionGuard
from guardrails.passages import format_passages
from guardrails.sentences import citations, propagate_citations, split_sentences
from guardrails.similarity import EmbeddingSimilarity
from kb.settings import Settings


def input_guards(settings: Settings) -> list[Guard]:
    """Question guards in order: hidden characters, length, crisis language, prompt injection.

    Crisis comes before injection so a person in distress always gets the human contact.
    The injection guard's embedder is loaded here, once per process, so that loading never
    counts against a guard's time-out; call `warm_up(settings)` at start-up to pay it early.
    """
    semantic = SemanticInjectionDetector(settings)
    semantic.warm_up(background=False, raise_errors=False)  # a failure resurfaces in check()
    return [
        InvisibleCharactersGuard(),
        LengthGuard(settings.max_question_chars),
        CrisisGuard(),
        PromptInjectionGuard(semantic),
    ]


def warm_up(settings: Settings) -> None:
    """Load what the guards need (the injection exemplars' embeddings) before the first question."""
    SemanticInjectionDetector(settings).warm_up()


def output_guards(
    settings: Settings | None, scrubber: Scrubber | None, similarity: Similarity | None = None
) -> list[Guard]:
    """Draft-answer guards in order: citation validity, groundedness (removes unsupported
    sentences), whether what is left states what it rests on (not a bare yes) and answers the
    question, personal data (scrubs), bias, language match (converts to Traditional).

    `similarity(sentence, passage) -> cosine` lets groundedness accept paraphrases and
    cross-lingual answers; by default kb's embedder from `settings` (None: lexical only).
    A `None` scrubber makes the personal-data guard return `error` (fail closed).
    """
    if similarity is None and settings is not None:
        similarity = EmbeddingSimilarity(settings)
    model = settings.check_embedding_model if settings is not None else ""
    return [
        CitationGuard(),
        GroundednessGuard(similarity),
        StatesItsGroundsGuard(),
        AnswersQuestionGuard(similarity, model),
        PersonalDataGuard(scrubber, settings.pii_keep_public_roles if settings else True),
        BiasGuard(),
        LanguageMatchGuard(),
    ]


__all__ = [
    "AnswersQuestionGuard",
    "BiasGuard",
    "CitationGuard",
    "CrisisGuard",
    "EmbeddingSimilarity",
    "Guard",
    "GuardContext",
    "GuardResult",
    "GuardRun",
    "GroundednessGuard",
    "InvisibleCharactersGuard",
    "LanguageMatchGuard",
    "LengthGuard",
    "PersonalDataGuard",
    "PromptInjectionGuard",
    "Scrubber",
    "SemanticInjectionDetector",
    "StatesItsGroundsGuard",
    "Similarity",
    "apply_guards",
    "assess_answer",
    "citations",
    "crisis_message",
    "detect_bias",
    "detect_crisis",
    "detect_injection",
    "flag_instructions",
    "format_passages",
    "input_guards",
    "output_guards",
    "run_guard",
    "propagate_citations",
    "split_sentences",
    "to_traditional",
    "unsupported_sentences",
    "verdict",
    "warm_up",
]
