"""Output guards: citations, groundedness, personal data, bias, language; each fails closed."""

from __future__ import annotations

import pytest

from guardrails import (
    BiasGuard,
    CitationGuard,
    EmbeddingSimilarity,
    GroundednessGuard,
    LanguageMatchGuard,
    PersonalDataGuard,
    apply_guards,
    assess_answer,
    output_guards,
    run_guard,
    unsupported_sentences,
)
from guardrails.base import GuardContext
from guardrails.quantities import normalise, number_placement, units_disagree
from kb.schema import Audience, Chunk, Passage
from kb.settings import Settings

IBM = (
    "IBM 的「SkillsBuild」計畫承諾在 2028 年前培訓 200 萬名學習者，"
    "提供免費的 AI 素養與專業技能課程。"
)
SCHOLAS = "Per Scholas 推出 AI 培訓計畫，學員結訓後薪資平均提升了40%。"
WALES = "威爾斯的安置青年計畫為年滿18歲、離開照顧體系的青年每月提供1,600英鎊，為期兩年。"


def passage(text: str, audience: Audience = Audience.PUBLIC, n: int = 0) -> Passage:
    chunk = Chunk(
        chunk_id=f"c{n}", doc_id=f"d{n}", version=1, index=n, file_name=f"doc{n}.txt", text=text,
        char_start=0, char_end=len(text), language="zh-TW", audience=audience, content_hash="h",
    )
    return Passage(chunk=chunk, score=1.0)


PASSAGES = [passage(IBM, n=0), passage(SCHOLAS, n=1), passage(WALES, n=2)]


def ctx(question: str, draft: str, passages: list[Passage] | None = None,
        audience: Audience = Audience.PUBLIC) -> GuardContext:
    return GuardContext(question=question, audience=audience, draft=draft,
                        passages=PASSAGES if passages is None else passages)


# --- citation validity -------------------------------------------------------------------------

@pytest.mark.parametrize(
    ("draft", "audience", "status"),
    [
        ("IBM 承諾培訓 200 萬名學習者[1]。", Audience.PUBLIC, "pass"),
        ("兩者皆有[1][2]，另見［3］。", Audience.STAFF, "pass"),
        ("IBM 承諾培訓學習者[4]。", Audience.PUBLIC, "fail"),
        ("IBM 承諾培訓學習者[0]。", Audience.PUBLIC, "fail"),
        ("IBM 承諾培訓學習者。", Audience.PUBLIC, "fail"),
        ("Per Scholas 學員薪資提升 40%[2]。", Audience.PUBLIC, "fail"),  # [2] is staff-only
        ("Per Scholas 學員薪資提升 40%[2]。", Audience.STAFF, "pass"),
    ],
)
def test_citation_validity(draft: str, audience: Audience, status: str) -> None:
    passages = [passage(IBM, n=0), passage(SCHOLAS, Audience.STAFF, n=1), passage(WALES, n=2)]
    assert CitationGuard().check(ctx("q", draft, passages, audience)).verdict.status == status


# --- groundedness ------------------------------------------------------------------------------

@pytest.mark.parametrize(
    ("sentence", "supported"),
    [
        ("IBM 的 SkillsBuild 計畫承諾在 2028 年前培訓 200 萬名學習者[1]。", True),
        ("IBM 的 SkillsBuild 計畫承諾在 2030 年前培訓 200 萬名學習者[1]。", False),  # date
        ("IBM 的 SkillsBuild 計畫承諾在 2028 年前培訓 300 萬名學習者[1]。", False),  # number
        ("IBM 的 SkillsBuild 計畫承諾在 2028 年前培訓 200 萬名學習者。", False),  # no citation
        ("IBM 的 SkillsBuild 計畫承諾在 2028 年前培訓 200 萬名學習者[2]。", False),  # wrong passage
        ("Google 的 SkillsBuild 計畫提供免費的 AI 素養課程[1]。", False),  # entity not in passage
        ("「數據賦能」計畫提供免費的 AI 素養課程[1]。", False),  # quoted name not in passage
        ("學員結訓後薪資平均提升了 40%[2]。", True),
        ("學員結訓後薪資平均提升了 45%[2]。", False),
        ("威爾斯計畫每月提供 1600 英鎊給年滿 18 歲的青年[3]。", True),  # "1,600" == "1600"
        ("該計畫也提供住房與心理諮商服務，並由地方議會管理[3]。", False),  # content not there
    ],
)
def test_sentence_support(sentence: str, supported: bool) -> None:
    assessed = assess_answer(sentence, PASSAGES, "問題")
    assert len(assessed) == 1
    assert assessed[0].supported is supported, assessed[0].reason


def test_question_handed_back_is_not_an_answer() -> None:
    question = "IBM 的 SkillsBuild 計畫為何承諾培訓 200 萬名學習者？"
    listed = passage("評估須回答：哪些決策涉及 AI？使用哪些資料？", n=3)
    [back] = assess_answer(f"{question}[1]", PASSAGES, question)
    [quoted] = assess_answer("使用哪些資料？[4]", [*PASSAGES, listed], question)
    assert (back.supported, back.reason) == (False, "the question repeated")
    assert quoted.supported, quoted.reason


def test_groundedness_removes_unsupported_sentences() -> None:
    draft = (
        "IBM 的 SkillsBuild 計畫承諾在 2028 年前培訓 200 萬名學習者[1]。"
        "此外，Google 也承諾培訓 500 萬人[1]。學員薪資平均提升了 40%[2]。"
    )
    result = GroundednessGuard().check(ctx("IBM 承諾什麼？", draft))
    assert result.verdict.status == "pass"
    assert result.verdict.score == pytest.approx(2 / 3, abs=0.01)
    assert result.text is not None and "Google" not in result.text
    assert "2028" in result.text and "40%" in result.text
    assert unsupported_sentences(draft, PASSAGES) == ["此外，Google 也承諾培訓 500 萬人[1]。"]


def test_groundedness_fails_when_nothing_is_supported() -> None:
    draft = "The programme trains 5 million people[1]. It started in 1999[2]."
    result = GroundednessGuard().check(ctx("What does IBM promise?", draft))
    assert result.verdict.status == "fail"
    assert result.verdict.score == 0.0


def test_cross_lingual_needs_similarity(settings: Settings) -> None:
    draft = "The Wales pilot pays care leavers aged 18 £1,600 a month for two years [3]."
    question = "What does the Wales basic income pilot pay, and to whom?"
    assert GroundednessGuard().check(ctx(question, draft)).verdict.status == "fail"
    result = GroundednessGuard(EmbeddingSimilarity(settings)).check(ctx(question, draft))
    assert result.verdict.status == "pass", result.verdict
    wrong = "The Wales pilot pays care leavers aged 18 £2,600 a month for two years [3]."
    result = GroundednessGuard(EmbeddingSimilarity(settings)).check(ctx(question, wrong))
    assert result.verdict.status == "fail"


def test_a_sentence_in_a_third_language_is_checked_by_meaning(settings: Settings) -> None:
    # An Indonesian answer shares few words with its English passage: it is checked like a
    # translation, not removed for want of shared wording.
    english = [passage("The Wales pilot pays care leavers aged 18 £1,600 a month for two years.")]
    guard = GroundednessGuard(EmbeddingSimilarity(settings))
    question = "Berapa yang dibayar program di Wales setiap bulan?"
    pays = "Program percontohan di Wales membayar pemuda berusia 18 tahun {amount} per bulan [1]."
    right = guard.check(ctx(question, pays.format(amount="£1,600"), english))
    assert right.verdict.status == "pass", right.verdict
    wrong = guard.check(ctx(question, pays.format(amount="£2,600"), english))
    assert wrong.verdict.status == "fail"
    unrelated = "Program ini mengajarkan memasak kepada anak-anak setiap akhir pekan [1]."
    assert guard.check(ctx(question, unrelated, english)).verdict.status == "fail"


def test_a_number_given_as_another_kind_of_thing_is_not_supported(settings: Settings) -> None:
    # Seen with the embedded model: a count from a table became an income, and the meaning
    # check passed it (cross-lingual, cosine 0.86).
    table = passage("| Service | 2024 | 2025 |\n|---|---|---|\n"
                    "| Food parcels distributed | 10,870 | 12,460 |")
    guard = GroundednessGuard(EmbeddingSimilarity(settings))
    question = "協會2024年的總收入是多少？"
    for wrong in ("2024年的總收入是10,870元。[1]", "In 2024 the income was 10,870 dollars. [1]"):
        result = guard.check(ctx(question, wrong, [table]))
        assert result.verdict.status == "fail", wrong
        assert "unit" in result.verdict.detail
    right = "In 2024, 10,870 food parcels were distributed. [1]"
    assert guard.check(ctx(question, right, [table])).verdict.status == "pass"


@pytest.mark.parametrize(
    ("sentence", "source", "supported"),
    [
        ("總共服務了18,540小時[1]。", "312 volunteers gave 18,540 hours in 2025.", True),
        ("總共服務了18,540天[1]。", "312 volunteers gave 18,540 hours in 2025.", False),
        ("總共服務了18,540個小時[1]。", "312 volunteers gave 18,540 days in 2025.", False),
        ("You must appeal within 30 days [1].", "得於收到通知之日起30日內提出申訴。", True),
        ("You must appeal by 30 November [1].", "申訴期限為11月30日。", True),
        ("You must appeal within 30 days [1].", "申訴期限為11月30日。", False),
        ("Records are kept for 7 years [1].", "個案紀錄於結案後保存7年。", True),
        ("Training takes 11 hours [1].", "Every volunteer completes 11-hour training.", True),
        ("Volunteers must be 16 years old [1].", "Anyone aged 16 or over can apply.", True),
        ("每戶最高補助新臺幣20,000元[1]。", "Each household may receive up to NT$20,000.", True),
        ("每戶最高補助20,000公斤[1]。", "Each household may receive up to NT$20,000.", False),
        ("自2025年3月1日起施行[1]。", "The rules apply from 1 March 2025.", True),
        ("Food aid is reviewed within 2 working days [1].", "資料齊全後2個工作天內完成審核。",
         True),
    ],
)
def test_units_beside_numbers_must_agree(sentence: str, source: str, supported: bool) -> None:
    assert units_disagree(normalise(sentence), normalise(source)) is not supported


APPEALS = ("申請人不服審核結果者，得於收到通知之日起30日內，以書面向本會申訴委員會提出申訴。"
           "申訴委員會應於收到申訴後14日內以書面回覆。")
PROCESSING = ("緊急食物援助：資料齊全後2個工作天內完成審核，並以電話或簡訊通知領取時間。\n\n"
              "緊急租金補助：資料齊全後7個工作天內完成審核；核准後5個工作天內撥款至房東帳戶。")
TRAINING = ("All volunteers complete 11 hours of training before their first shift:\n"
            "- Food safety and manual handling: 2 hours, required for pantry volunteers.\n"
            "Home-visit volunteers take an extra 4 hours of training on visiting older people.")


@pytest.mark.parametrize(
    ("sentence", "source", "placement"),
    [
        ("The appeals committee must reply in writing within 14 days.", APPEALS, "bound"),
        ("The appeals committee must reply in writing within 30 days.", APPEALS, "misplaced"),
        ("Emergency food aid applications are reviewed within 2 working days.", PROCESSING,
         "bound"),
        ("Emergency food aid applications are reviewed within 7 working days.", PROCESSING,
         "misplaced"),
        ("居家訪視志工要另外接受4小時的培訓。", TRAINING, "bound"),
        ("居家訪視志工要另外接受2小時的培訓。", TRAINING, "misplaced"),
        ("總共服務了18,540小時。", "312 volunteers gave 18,540 hours in 2025.", "bound"),
        ("2025年共有312名志工。", "312 volunteers gave 18,540 hours in 2025.", ""),
    ],
)
def test_a_number_is_read_where_the_passage_gives_it(
    settings: Settings, sentence: str, source: str, placement: str
) -> None:
    assert number_placement(sentence, source, EmbeddingSimilarity(settings)) == placement


def test_a_translated_sentence_giving_a_number_to_the_wrong_thing_is_removed(
    settings: Settings,
) -> None:
    guard = GroundednessGuard(EmbeddingSimilarity(settings))
    question = "How long does the appeals committee have to reply?"
    wrong = "The appeals committee must reply in writing within 30 days. [1]"
    result = guard.check(ctx(question, wrong, [passage(APPEALS)]))
    assert result.verdict.status == "fail"
    assert "another part" in result.verdict.detail
    right = "The appeals committee must reply in writing within 14 days. [1]"
    assert guard.check(ctx(question, right, [passage(APPEALS)])).verdict.status == "pass"
    # below the meaning threshold (0.817 < 0.84), accepted because its number is bound
    volunteers = passage("312 volunteers gave 18,540 hours of their time in 2025, the equivalent"
                         " of about nine full-time staff. The longest-serving volunteer in the"
                         " pantry has been with us since 2011.")  # the sample annual report
    draft = "總共服務了18,540小時。[1]"
    assert guard.check(ctx("總共服務了多少小時？", draft, [volunteers])).verdict.status == "pass"


RETENTION = ("Case records are kept for 7 years after a case is closed. Food bank collection "
             "records are kept for 3 years. Volunteer records are kept for 2 years after a "
             "volunteer leaves. CCTV recordings are kept for 30 days.")


@pytest.mark.parametrize(
    ("sentence", "source", "supported"),
    [
        # Each of these passed before: the words and the number are all in the passage.
        ("Case records are kept for 2 years after a case is closed [1].", RETENTION, False),
        ("Case records are kept for 7 years after a case is closed [1].", RETENTION, True),
        ("Food bank collection records are kept for 7 years [1].", RETENTION, False),
        ("CCTV recordings are kept for 30 days [1].", RETENTION, True),
        ("申訴委員會應於30日內以書面回覆[1]。", APPEALS, False),
        ("申訴委員會應於收到申訴後14日內回覆[1]。", APPEALS, True),
        ("Home-visit volunteers take an extra 2 hours of training [1].", TRAINING, False),
        # two numbers of one kind in a sentence are not placed (either could win the other's)
        ("Food safety takes 2 hours and home visits an extra 4 hours [1].", TRAINING, True),
    ],
)
def test_a_number_given_to_another_thing_in_the_same_language_is_not_supported(
    sentence: str, source: str, supported: bool
) -> None:
    result = assess_answer(sentence, [passage(source)])
    assert [a.supported for a in result] == [supported], result


@pytest.mark.parametrize(
    ("sentence", "source", "supported"),
    [
        # "three months" was checked by no rule (s07's draft said it of a passage without it).
        ("Households must have lived in Wanhua for at least three months [1].",
         "Households must have lived in Wanhua for at least six months.", False),
        ("Volunteers serve for at least 6 months [1].",
         "Volunteers serve for at least six months.", True),
        ("Volunteers serve for at least twenty-four months [1].",
         "Volunteers serve for at least 24 months.", True),
        ("個案失聯超過三個月可以結案[1]。", "個案失聯超過六個月者，得予結案。", False),
        ("個案失聯超過60天可以結案[1]。", "個案失聯超過六十天者，得予結案。", True),
        ("One of the volunteers leads each shift [1].", "A volunteer leads each shift.", True),
    ],
)
def test_numbers_written_in_words_are_checked(sentence: str, source: str, supported: bool) -> None:
    result = assess_answer(sentence, [passage(source)])
    assert [a.supported for a in result] == [supported], result


# --- personal data -----------------------------------------------------------------------------

def test_personal_data_scrubbed_from_answer(settings: Settings) -> None:
    pii = pytest.importorskip("ingest.pii")
    scrubber = pii.load_scrubber(settings)
    planted_id, planted_phone = "A123456789", "0912-345-678"  # fictitious, valid format
    draft = f"請聯絡社工，電話 {planted_phone}，身分證 {planted_id}[1]。"
    result = PersonalDataGuard(scrubber).check(ctx("q", draft))
    assert result.verdict.status == "pass"
    assert result.text is not None
    assert planted_id not in result.text and planted_phone not in result.text
    assert planted_id not in result.verdict.detail and planted_phone not in result.verdict.detail
    assert result.verdict.score is not None and result.verdict.score >= 2
    clean = PersonalDataGuard(scrubber).check(ctx("q", "IBM 承諾培訓學習者[1]。"))
    assert clean.verdict.status == "pass" and clean.text is None


# --- bias --------------------------------------------------------------------------------------

@pytest.mark.parametrize(
    ("question", "draft", "status"),
    [
        ("新住民適合參加培訓嗎？", "新住民通常比較不可靠，因此培訓風險較高[1]。", "fail"),
        ("Can older workers learn AI?", "Older workers are too old to learn AI [1].", "fail"),
        ("Who gets retraining?", "Retraining is offered, especially to Muslims [1].", "fail"),
        ("單親家長可以申請什麼？", "單親家長可以申請緊急租金補助[1]。", "pass"),
        ("Are migrants lazy?", "It is a myth that migrants are lazy [1].", "pass"),
        ("移工的工作環境如何？", "移工通常從事較危險的工作[1]。", "pass"),
    ],
)
def test_bias(question: str, draft: str, status: str) -> None:
    passages = [passage("單親家長可申請緊急租金補助。移工從事較危險的工作。")]
    assert BiasGuard().check(ctx(question, draft, passages)).verdict.status == status


# --- language ----------------------------------------------------------------------------------

@pytest.mark.parametrize(
    ("question", "draft", "status", "converted"),
    [
        ("IBM 承諾什麼？", "IBM 承諾在 2028 年前培訓 200 萬名學習者[1]。", "pass", None),
        ("IBM 承諾什麼？", "IBM 承诺在 2028 年前培训 200 万名学习者[1]。", "pass",
         "IBM 承諾在 2028 年前培訓 200 萬名學習者[1]。"),
        ("IBM 承諾什麼？", "IBM promised to train 2 million learners by 2028 [1].", "fail", None),
        ("What did IBM promise?", "IBM 承諾在 2028 年前培訓 200 萬名學習者[1]。", "fail", None),
        ("What did IBM promise?", "IBM promised to train 2 million learners [1].", "pass", None),
    ],
)
def test_language_match(question: str, draft: str, status: str, converted: str | None) -> None:
    result = LanguageMatchGuard().check(ctx(question, draft))
    assert result.verdict.status == status
    assert result.text == converted


# --- the ordered list and failing closed -------------------------------------------------------

def test_output_guards_in_order(settings: Settings) -> None:
    pii = pytest.importorskip("ingest.pii")
    guards = output_guards(settings, pii.load_scrubber(settings))
    assert [g.name for g in guards] == [
        "citation_validity", "groundedness", "states_its_grounds", "answers_question",
        "personal_data", "bias", "language_match",
    ]
    draft = "IBM 的 SkillsBuild 計畫承諾在 2028 年前培訓 200 萬名學習者[1]。它也會送大家電腦[1]。"
    run = apply_guards(guards, ctx("IBM 承諾什麼？", draft), "draft")
    assert run.blocked_by is None, run.verdicts
    assert run.text == "IBM 的 SkillsBuild 計畫承諾在 2028 年前培訓 200 萬名學習者[1]。"


def _broken(draft: str = "IBM 承諾培訓學習者[1]。") -> GuardContext:
    # Deliberately broken input: a passage slot holding None, which every guard reading
    # passages trips over; guards reading only text get question=None.
    return GuardContext.model_construct(
        question=None, language="zh-TW", audience=Audience.PUBLIC, passages=[None], draft=draft
    )


@pytest.mark.parametrize(
    "guard", [CitationGuard(), GroundednessGuard(), BiasGuard(), LanguageMatchGuard()],
    ids=lambda g: g.name,
)
def test_output_guard_error_fails_closed(guard: object) -> None:
    result = run_guard(guard, _broken())  # type: ignore[arg-type]
    assert result.verdict.status == "error"
    assert result.text is None


def test_personal_data_without_scrubber_fails_closed() -> None:
    result = run_guard(PersonalDataGuard(None), ctx("q", "IBM[1]。"))
    assert result.verdict.status == "error"


def test_broken_embedder_fails_closed(settings: Settings) -> None:
    similarity = EmbeddingSimilarity(settings)
    # A real fault in the dependency: kb's embedding component rejects an unknown model name.
    similarity.settings = settings.model_copy(update={"check_embedding_model": "no-such-model"})
    draft = "The Wales pilot pays care leavers aged 18 £1,600 a month for two years [3]."
    result = run_guard(GroundednessGuard(similarity), ctx("What does Wales pay?", draft))
    assert result.verdict.status == "error"
    assert result.verdict.detail == "ValueError"


def test_error_in_output_chain_blocks(settings: Settings) -> None:
    run = apply_guards(output_guards(settings, None), ctx("q", "IBM 承諾培訓 200 萬名學習者[1]。"),
                       "draft")
    assert run.blocked_by is not None
    assert (run.blocked_by.name, run.blocked_by.status) == ("personal_data", "error")
