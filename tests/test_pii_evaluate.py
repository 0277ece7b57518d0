"""The labelled PII set and its evaluation: size and coverage rules, thresholds, scoring maths."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest

from eval.pii.build_dataset import build
from eval.pii.build_generated import OUT as GENERATED_DATASET
from eval.pii.build_generated import build as build_generated
from eval.pii_eval import (
    DEFAULT_DATASET,
    PiiReport,
    acceptance_failures,
    evaluate,
    format_report,
    load_dataset,
)
from ingest.pii.registry import ENTITY_TYPES

GENERATED_ONLY = {"US_SSN", "UK_NINO", "PASSPORT", "BANK_ACCOUNT"}


def test_dataset_file_is_what_the_builder_writes() -> None:
    rows = [json.loads(line) for line in DEFAULT_DATASET.read_text(encoding="utf-8").splitlines()]
    assert rows == build()


def test_dataset_covers_every_type_and_enough_negatives() -> None:
    sentences = load_dataset(DEFAULT_DATASET)
    counts = Counter(e.type for s in sentences for e in s.entities)
    # The formats added for issue 32 are labelled in the generated set (tests below).
    assert set(counts) == set(ENTITY_TYPES) - GENERATED_ONLY
    assert sum(counts.values()) >= 500
    assert min(counts.values()) >= 20
    assert sum(1 for s in sentences if not s.entities) >= 150
    assert {s.lang for s in sentences} == {"zh-TW", "en"}
    for s in sentences:  # spans are inside the text and do not overlap
        spans = sorted((e.start, e.end) for e in s.entities)
        assert all(0 <= a < b <= len(s.text) for a, b in spans)
        assert all(b1 <= a2 for (_, b1), (a2, _) in zip(spans, spans[1:], strict=False))


@pytest.fixture(scope="module")
def report() -> PiiReport:
    return evaluate(DEFAULT_DATASET)


def test_scrubber_meets_the_acceptance_thresholds(report: PiiReport) -> None:
    assert report.overall.recall >= 0.95
    assert report.overall.precision >= 0.90
    for score in report.per_type:
        assert score.recall >= 0.90, score.entity_type
    assert acceptance_failures(report) == []
    assert report.hard_negative_false_positives <= 2


def test_generated_file_is_what_its_builder_writes() -> None:
    rows = [json.loads(line) for line in GENERATED_DATASET.read_text(encoding="utf-8").splitlines()]
    assert rows == build_generated()


def test_generated_set_covers_the_new_kinds_in_both_parts() -> None:
    sentences = load_dataset(GENERATED_DATASET)
    for split in ("gen_tuning", "gen_blind"):
        part = [s for s in sentences if s.split == split]
        counts = Counter(e.type for s in part for e in s.entities)
        assert GENERATED_ONLY | {"PHONE", "ADDRESS"} <= set(counts), split
        assert sum(1 for s in part if not s.entities) >= 20, split


def test_blind_generated_part_meets_issue_32_thresholds() -> None:
    blind = evaluate(GENERATED_DATASET, splits=("gen_blind",))
    for score in blind.per_type:
        if score.gold:
            assert score.recall >= 0.97, score.entity_type
    assert blind.overall.precision >= 0.90
    assert blind.per_language  # reported per language and locale
    assert all(rows[-1].entity_type == "OVERALL" for rows in blind.per_language.values())


def test_report_table_lists_every_type(report: PiiReport) -> None:
    table = format_report(report)
    for entity_type in [*ENTITY_TYPES, "OVERALL", "chars/s"]:
        assert entity_type in table


def test_scoring_counts_overlaps_by_type(tmp_path: Path) -> None:
    rows = [
        # gold PHONE found; gold PERSON missed (no cue); nothing else predicted
        {"text": "電話0912-345-678，小明", "lang": "zh-TW",
         "entities": [{"start": 2, "end": 14, "type": "PHONE"},
                      {"start": 15, "end": 17, "type": "PERSON"}]},
        # a hard negative with a planted, unlabelled phone: one false positive
        {"text": "總機0912-345-678", "lang": "zh-TW", "entities": []},
    ]  # fmt: skip
    path = tmp_path / "tiny.jsonl"
    path.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in rows), encoding="utf-8")
    result = evaluate(path)
    by_type = {s.entity_type: s for s in result.per_type}
    assert (by_type["PHONE"].gold, by_type["PHONE"].predicted) == (1, 2)
    assert by_type["PHONE"].precision == 0.5 and by_type["PHONE"].recall == 1.0
    assert by_type["PERSON"].recall == 0.0
    assert result.overall.recall == 0.5
    assert result.hard_negative_false_positives == 1
    assert result.leaked_values == 1  # the missed name
    assert by_type["PHONE"].f2 == pytest.approx(5 * 0.5 * 1.0 / (4 * 0.5 + 1.0))
    assert acceptance_failures(result) == [
        "overall recall 0.500 < 0.95",
        "overall precision 0.500 < 0.90",
        "PERSON recall 0.000 < 0.90",
    ]
