"""A small real run: a tiny corpus ingested with the real stack, answered in extractive mode."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from eval.commands import report_command
from eval.results import QuestionResult, load_run
from eval.runner import run
from ingest.pipeline import ingest_paths
from kb.library import knowledge_base
from kb.settings import Settings
from tests.conftest import make_settings
from tests.test_eval_factories import resource_references

CORPUS = {
    "volunteer-guide.zh-TW.txt": (
        "晨光社區協會志工手冊\n\n"
        "一、培訓規定：每位志工每年須完成十六小時的培訓課程，課程包含急救與個資保護。\n\n"
        "二、服務時段：服務中心開放時間為週一至週五上午九點至下午五點。\n\n"
        "三、交通補助：志工出勤可申請每次新臺幣一百五十元的交通補助。"
    ),
    "family-grant.en.md": (
        "# Family support grant\n\n"
        "The family support grant pays up to 3,500 dollars per household each year.\n\n"
        "Applications are reviewed within ten working days of a complete form.\n\n"
        "## Food bank\n\nThe food bank opens every Saturday morning at the community hall."
    ),
}
QUESTIONS = [
    {"id": "t1", "question": "志工每年須完成多少小時的培訓？", "lang": "zh-TW",
     "evidence": "每年須完成十六小時的培訓", "expected": [["十六小時", "16小時"]],
     "answerable": True},
    {"id": "t2", "question": "How much does the family support grant pay per household?",
     "lang": "en", "evidence": "up to 3,500 dollars per household", "expected": [["3,500"]],
     "answerable": True},
    {"id": "t3", "question": "What is the parking policy for visitors?", "lang": "en",
     "evidence": None, "expected": [], "answerable": False},
]  # fmt: skip


@pytest.fixture(scope="module")
def tiny_kb(tmp_path_factory: pytest.TempPathFactory) -> tuple[Settings, Path]:
    root = tmp_path_factory.mktemp("eval-run")
    corpus = root / "corpus"
    corpus.mkdir()
    for name, text in CORPUS.items():
        (corpus / name).write_text(text, encoding="utf-8")
    settings = make_settings(root / "data")
    summary = ingest_paths([corpus], settings)
    assert not summary.failed, summary.failed
    questions = root / "questions.jsonl"
    questions.write_text(
        "\n".join(json.dumps(q, ensure_ascii=False) for q in QUESTIONS), encoding="utf-8"
    )
    return settings, questions


def test_extractive_run_measures_real_retrieval_and_answers(
    tiny_kb: tuple[Settings, Path], tmp_path: Path
) -> None:
    settings, questions = tiny_kb
    seen: list[str] = []
    checkpoint = tmp_path / "partial.json"
    sizes: list[int] = []

    def progress(r: QuestionResult) -> None:
        seen.append(r.id)
        if checkpoint.exists():  # saved after the previous question
            sizes.append(len(load_run(checkpoint).questions))

    result = run(questions, settings, mode="extractive", on_result=progress, checkpoint=checkpoint)
    assert seen == ["t1", "t2", "t3"] and sizes == [1, 2]
    assert load_run(checkpoint).questions == result.questions
    overall = result.overall
    assert (overall.questions, overall.answerable, overall.unanswerable) == (3, 2, 1)
    assert overall.errors == 0
    assert overall.hit_at_k == 1.0 and overall.mrr is not None and overall.mrr > 0.5
    assert set(result.by_language) == {"en", "zh-TW"}
    assert result.config.backends_used == ["extractive"]
    by_id = {q.id: q for q in result.questions}
    catalog = knowledge_base(settings).catalog
    for qid in ("t1", "t2"):
        q = by_id[qid]
        assert q.retrieved and q.retrieved[q.evidence_rank - 1].has_evidence  # type: ignore[operator]
        # What the harness reports must agree with the answer and the store. Whether the pipeline
        # answers well is not under test here (under load a guard may time out and refuse).
        if q.refused:
            assert any(f.startswith("refused an answerable") for f in q.failures)
        else:
            cited = catalog.chunks_by_id([c.chunk_id for c in q.citations]).values()
            assert q.evidence_cited == any(q.evidence in c.text for c in cited)  # type: ignore[operator]
        assert q.key_facts_ok == any(spelling in q.answer for spelling in q.expected[0])
    for q in result.questions:
        assert q.latency_ms["retrieval"] > 0 and q.latency_ms["total"] > 0
    assert overall.retrieval_p50_ms is not None and overall.total_p95_ms is not None

    saved = result.save(tmp_path / "run.json")
    assert load_run(saved) == result
    assert report_command(saved, tmp_path / "report.html") == 0
    html = (tmp_path / "report.html").read_text(encoding="utf-8")
    assert resource_references(html) == []
    for q in result.questions:  # failing questions in full, passing ones in the table
        assert (f"<td>{q.id}</td>" if q.passed else f'id="{q.id}"') in html
