"""CI's quality gate: the sample question set answered over the sample corpus (extractive mode),
checked against eval/thresholds.toml. The report lands in test-artifacts/eval for people to read."""

from __future__ import annotations

from pathlib import Path

import pytest

from eval.ci import gate
from eval.results import load_run
from kb.settings import Settings
from tests.test_ui_support import copy_kb

ARTIFACTS = Path(__file__).resolve().parents[1] / "test-artifacts" / "eval"


@pytest.mark.slow
def test_sample_question_set_meets_the_thresholds(samples_kb: Settings, tmp_path: Path) -> None:
    settings = copy_kb(samples_kb, tmp_path / "data")

    failures = gate(settings, ARTIFACTS)

    assert failures == [], failures
    run = load_run(ARTIFACTS / "run.json")
    assert len(run.questions) >= 30
    assert {q.lang for q in run.questions} >= {"zh-TW", "en"}
    assert (ARTIFACTS / "report.html").stat().st_size > 0
