"""Reading level of answers: easy texts rank easier than hard ones in each language, each
language gets its own measures, citations and quote marks are left out, refusals are counted
apart, and runs saved before the measure still load and report it."""

from __future__ import annotations

import json
from pathlib import Path

import nltk
import pytest

from eval import readability
from eval.dataset import EvalQuestion
from eval.readability import Readability, measure
from eval.report import render_report
from eval.results import QuestionResult, RunConfig, RunResult
from eval.scoring import score_question, summarise
from eval.tables import summary
from kb.schema import Audience
from tests.test_eval_factories import answer, citation, passage

# (language, easy, hard): the same facts, once in plain words and once in official prose.
PAIRS = [
    (
        "en",
        "Bring your ID card. Bring a letter about your pay. Come on Monday.",
        "Applicants are required to substantiate their eligibility by presenting identification "
        "documentation together with comprehensive verification of household income, prior to "
        "the determination of entitlement.",
    ),
    (
        "zh-TW",
        "請帶身分證。請帶收入證明。星期一來。",
        "申請人應檢具國民身分證及戶籍謄本暨低收入戶證明書，並於規定期限內逕向本會繳驗，逾期者恕不受理。",
    ),
    (
        "vi",
        "Mang theo thẻ căn cước. Mang giấy báo lương. Đến vào thứ Hai.",
        "Người nộp đơn phải xuất trình giấy tờ tùy thân cùng với các giấy tờ chứng minh thu nhập "
        "của hộ gia đình trước khi cơ quan xem xét và quyết định quyền được hưởng trợ cấp.",
    ),
    (
        "id",
        "Bawa KTP. Bawa slip gaji. Datang hari Senin.",
        "Pemohon wajib menunjukkan dokumen identitas beserta bukti penghasilan rumah tangga yang "
        "lengkap sebelum penetapan hak atas bantuan dilakukan oleh pengurus.",
    ),
    (
        "tl",
        "Dalhin ang iyong ID. Dalhin ang patunay ng sahod. Pumunta sa Lunes.",
        "Ang mga aplikante ay kinakailangang magpakita ng dokumento ng pagkakakilanlan kasama ang "
        "kumpletong patunay ng kita ng sambahayan bago ang pagpapasya sa karapatan sa tulong.",
    ),
    (
        "th",
        "นำบัตรประชาชนมา นำสลิปเงินเดือนมา มาวันจันทร์",
        "ผู้ยื่นคำร้องจะต้องแสดงเอกสารยืนยันตัวตนพร้อมหลักฐานรายได้ของครัวเรือนอย่างครบถ้วนก่อนการพิจารณาสิทธิ",
    ),
]


@pytest.mark.parametrize(("language", "easy", "hard"), PAIRS, ids=[p[0] for p in PAIRS])
def test_easy_text_ranks_easier_than_hard_text(language: str, easy: str, hard: str) -> None:
    a, b = measure(easy, language), measure(hard, language)
    assert a is not None and b is not None
    if language == "en":
        assert a.flesch_reading_ease is not None and b.flesch_reading_ease is not None
        assert a.grade_level is not None and b.grade_level is not None
        assert a.flesch_reading_ease > b.flesch_reading_ease + 30
        assert a.grade_level < b.grade_level - 5
    if language in ("zh-TW", "th"):
        assert a.chars_per_sentence is not None and b.chars_per_sentence is not None
        assert a.chars_per_sentence * 3 < b.chars_per_sentence
    else:
        assert a.words_per_sentence is not None and b.words_per_sentence is not None
        assert a.words_per_sentence * 3 < b.words_per_sentence
    if language == "zh-TW":
        assert a.uncommon_char_share == 0.0
        assert b.uncommon_char_share is not None and b.uncommon_char_share > 0.0


def test_uncommon_characters_are_those_outside_the_ministry_list() -> None:
    assert len(readability.common_chars()) == 4808
    # 身分證 are in the list; 饕餮 are not. Simplified 证 is compared as Traditional 證.
    assert measure("身分證。", "zh-TW") == measure("身分证。", "zh-CN").model_copy(
        update={"language": "zh-TW"}
    )
    level = measure("身分證饕餮。", "zh-TW")
    assert level is not None and level.uncommon_char_share == pytest.approx(2 / 5, abs=1e-3)


def test_each_language_gets_its_own_measures() -> None:
    english, chinese, thai, vietnamese = (
        measure(text, lang)
        for text, lang in [
            ("Come on Monday. Bring your card.", "en"),
            ("星期一來。請帶證件。", "zh-TW"),
            ("มาวันจันทร์ นำบัตรมา", "th"),
            ("Đến vào thứ Hai. Mang thẻ.", "vi"),
        ]
    )
    assert english == Readability(
        language="en",
        sentences=2,
        words_per_sentence=3.0,
        flesch_reading_ease=english.flesch_reading_ease if english else None,
        grade_level=english.grade_level if english else None,
    )
    assert english and english.flesch_reading_ease is not None and english.grade_level is not None
    assert chinese == Readability(
        language="zh-TW", sentences=2, chars_per_sentence=4.0, uncommon_char_share=0.0
    )
    # Thai: a space ends a sentence; characters (with vowel and tone marks) per sentence.
    assert thai is not None and thai.sentences == 2 and thai.words_per_sentence is None
    assert thai.chars_per_sentence == pytest.approx((len("มาวันจันทร์") + len("นำบัตรมา")) / 2)
    assert vietnamese == Readability(language="vi", sentences=2, words_per_sentence=3.0)


@pytest.mark.parametrize("language", ["en", "zh-TW", "vi", "th"])
def test_citations_and_quote_marks_are_left_out(language: str) -> None:
    text = {
        "en": ("Bring your card [1]. It says “valid” [1, 2].", "Bring your card. It says valid."),
        "zh-TW": ("請帶證件 [1]。上面寫「有效」［2］。", "請帶證件。上面寫有效。"),
        "vi": ('Mang thẻ [1]. Thẻ "hợp lệ" [2].', "Mang thẻ. Thẻ hợp lệ."),
        "th": ("นำบัตรมา [1] บัตร “ใช้ได้” [2]", "นำบัตรมา บัตร ใช้ได้"),
    }[language]
    assert measure(text[0], language) == measure(text[1], language)
    assert measure("[1] [2]", language) is None


def test_english_syllables_come_from_pyphen_offline() -> None:
    measure("Come on Monday.", "en")
    # textstat would otherwise download CMUdict; the empty one shipped in eval/ is found first.
    found = Path(str(nltk.data.find("corpora/cmudict")))
    assert found.is_relative_to(Path(readability.__file__).parent / "nltk_data")


def _results() -> list[QuestionResult]:
    q = [
        EvalQuestion(id="en1", question="When?", lang="en", evidence="Monday"),
        EvalQuestion(id="en2", question="Who?", lang="en", evidence="staff"),
        EvalQuestion(id="zh1", question="何時？", lang="zh-TW", evidence="星期一"),
        EvalQuestion(id="no1", question="How long?", lang="en", answerable=False),
    ]
    passages = [passage("c1", "Come on Monday. 星期一來。The staff help.")]
    answers = [
        answer("Come on Monday [1].", [citation(1, "c1", "Monday")]),
        answer(
            "The organisation's personnel facilitate applications [1].",
            [citation(1, "c1", "staff")],
        ),
        answer("星期一來 [1]。", [citation(1, "c1", "星期一")]),
        answer("The documents do not say.", refused=True),
    ]
    return [
        score_question(question, Audience.PUBLIC, passages, a, 1)
        for question, a in zip(q, answers, strict=True)
    ]


def test_refusals_are_counted_apart_and_languages_summarised() -> None:
    results = _results()
    assert results[3].readability is None and results[0].readability is not None
    rows = {(r.language, r.audience): r for r in readability.summarise(results)}
    assert set(rows) == {("en", "public"), ("zh-TW", "public")}
    en, zh = rows["en", "public"], rows["zh-TW", "public"]
    assert (en.answers, en.refused, zh.answers, zh.refused) == (2, 1, 1, 0)
    one, two = results[0].readability, results[1].readability
    assert one and two and one.words_per_sentence and two.words_per_sentence
    assert en.words_per_sentence == pytest.approx(
        (one.words_per_sentence + two.words_per_sentence) / 2
    )
    assert en.chars_per_sentence is None and zh.words_per_sentence is None
    assert zh.chars_per_sentence == 4.0


def _run(results: list[QuestionResult]) -> RunResult:
    config = RunConfig(
        questions_path="q.jsonl",
        questions_sha256="0" * 64,
        mode="auto",
        audience=Audience.PUBLIC,
        started_at="2026-01-01T00:00:00+00:00",
    )
    return RunResult(config=config, overall=summarise(results, 1), questions=results)


def test_a_run_saved_before_the_measure_loads_and_reports_it(tmp_path: Path) -> None:
    new = _run(_results())
    saved = json.loads(new.model_dump_json())
    for q in saved["questions"]:
        del q["readability"]
    del saved["config"]["answer_style"]
    old = RunResult.model_validate_json(json.dumps(saved))
    assert all(q.readability is None for q in old.questions)
    # Measured from the saved answer text: the same figures as a new run's.
    assert readability.summarise(old.questions) == readability.summarise(new.questions)
    text = summary(old)
    assert "reading level of the answers shown" in text and "flesch_reading_ease" in text
    html = render_report(old)
    assert "Reading level by answer language" in html
    assert "<th>zh-TW</th><td>public</td>" in html


def _hard_english() -> QuestionResult:
    """en1 answered in official prose instead of plain words."""
    return score_question(
        EvalQuestion(id="en1", question="When?", lang="en", evidence="Monday"),
        Audience.PUBLIC,
        [passage("c1", "Come on Monday.")],
        answer(
            "Attendance is required on the Monday immediately following notification [1].",
            [citation(1, "c1", "Monday")],
        ),
        1,
    )


def test_reading_level_can_differ_between_runs() -> None:
    # The table shows the measured figures, not fixed text: a harder answer changes them.
    results = _results()
    before = summary(_run(results))
    results[0] = _hard_english()
    assert summary(_run(results)) != before


def test_eval_parts_prints_the_reading_level_of_each_part(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from eval.commands import parts_command
    from eval.split import Split

    run_path = _run(_results()).save(tmp_path / "run.json")
    split = Split(questions="q.jsonl", rule="test", tuning=["en1", "no1"], blind=["en2", "zh1"])
    split_path = tmp_path / "split.json"
    split_path.write_text(split.model_dump_json(), encoding="utf-8")
    assert parts_command(run_path, split_path) == 0
    tuning, blind = capsys.readouterr().out.split("== blind part")
    rows = [line.split()[:4] for line in tuning.splitlines() if line.startswith(("en ", "zh"))]
    assert rows == [["en", "public", "1", "1"]]
    rows = [line.split()[:4] for line in blind.splitlines() if line.startswith(("en ", "zh"))]
    assert rows == [["en", "public", "1", "0"], ["zh-TW", "public", "1", "0"]]


def test_compare_shows_each_runs_reading_level_and_answer_style() -> None:
    from eval.tables import compare

    plain, detailed = _run(_results()), _run(_results())
    plain.config.answer_style, detailed.config.answer_style = "plain", "detailed"
    detailed.questions[0] = _hard_english()
    text = compare(plain, detailed)
    assert next(line.split() for line in text.splitlines() if line.startswith("answer_style")) == [
        "answer_style",
        "plain",
        "detailed",
        "differs",
    ]
    part_a, part_b = text.split("reading level of the answers shown, A:")[1].split(", B:")
    assert _row(part_a, "en") != _row(part_b, "en")
    assert _row(part_a, "zh-TW") == _row(part_b, "zh-TW")


def _row(table: str, language: str) -> str:
    return next(line for line in table.splitlines() if line.startswith(f"{language} "))
