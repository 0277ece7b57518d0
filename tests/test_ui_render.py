"""Rendering of chat messages and source cards: escaping, structure, language, PII note."""

from __future__ import annotations

import pytest

from kb.messages import quotes_label, quotes_without_answer
from kb.schema import Answer, Citation, Quotes, Status
from ui import i18n, render

XSS = '<script>window.__pwned=1</script><img src=x onerror="window.__pwned=2">'


def _answer(**kw: object) -> Answer:
    base: dict[str, object] = dict(
        question="What is the fee?",
        answer="It is free [1].",
        language="en",
        refused=False,
        backend="extractive",
        model="none",
        audit_id="abc123",
        citations=[
            Citation(
                n=1,
                document="fees.md",
                location="p. 2, Fees",
                quote="Free of charge.",
                doc_id="d1",
                chunk_id="c1",
            )
        ],
    )
    base.update(kw)
    return Answer.model_validate(base)


@pytest.mark.parametrize("text", [XSS, "a\n\nb", "**bold** [x](http://example.invalid) $x$"])
def test_untrusted_text_is_escaped_and_one_html_block(text: str) -> None:
    html = render.answer_message(
        _answer(
            answer=text,
            citations=[
                Citation(n=1, document=text, location=text, quote=text, doc_id="d", chunk_id="c")
            ],
        ),
        "en",
    )
    assert "<script" not in html and "<img" not in html
    assert "&lt;script&gt;" in html or "<" not in text
    # A blank line would end the HTML block and let Markdown run on the rest.
    assert "\n" not in html
    user = render.user_message(text).replace("<br>", "")
    assert user.count("<") == 2  # only our own div tags


def test_source_card_shows_document_location_and_quote() -> None:
    html = render.source_card(
        Citation(
            n=3,
            document="手冊.docx",
            location="p. 4, 申請",
            quote="請攜帶證件。",
            doc_id="d",
            chunk_id="c",
        ),
        "zh-TW",
    )
    assert html.startswith('<details class="ngokb-source" id="source-3">')
    assert "<summary>" in html and "[3]" in html
    assert "手冊.docx" in html and "p. 4, 申請" in html and "請攜帶證件。" in html
    assert 'lang="zh-Hant"' in html


def test_a_quote_is_marked_with_its_own_language() -> None:
    quote = "We reimburse reasonable travel costs up to NT$150 per shift."
    english = _answer().citations[0].model_copy(update={"quote": quote})
    assert '<blockquote lang="en">' in render.source_card(english, "zh-TW")
    chinese = english.model_copy(update={"quote": "物資包於每週二、四下午發放。"})
    assert '<blockquote lang="zh-Hant">' in render.source_card(chinese, "en")
    answer = render.answer_message(_answer(language="en", citations=[chinese]), "zh-TW")
    assert '<div class="ngokb-answer" lang="en">' in answer


def test_refused_answer_shows_status_label_in_interface_language() -> None:
    ans = _answer(
        refused=True,
        status=Status.UNANSWERABLE_NO_PASSAGES,
        citations=[],
        status_label=Status.UNANSWERABLE_NO_PASSAGES.label,
    )
    assert "找不到相關的文件段落" in render.answer_message(ans, "zh-TW")
    assert "no relevant passage" in render.answer_message(ans, "en")
    assert 'class="ngokb-sources"' not in render.answer_message(ans, "en")


def test_backend_note_is_for_staff_and_extractive_answers_say_so() -> None:
    ans = _answer(status=Status.ANSWERED_EXTRACTIVE, backend_note="LLM unavailable: timeout")
    public, staff = render.answer_message(ans, "en"), render.answer_message(ans, "en", staff=True)
    assert "LLM unavailable" not in public and "LLM unavailable" in staff
    assert "no generated text" in public


def test_a_streamed_draft_is_labelled_unchecked() -> None:
    draft = render.pending_message("The fee is 500 dollars [1]", "en")
    assert "still being checked" in draft and 'class="ngokb-draft-note"' in draft
    assert "500 dollars" in draft and 'aria-busy="true"' in draft
    assert "正在與文件核對" in render.pending_message("費用是500元", "zh-TW")
    waiting = render.pending_message("", "en")
    assert "ngokb-draft" not in waiting and "Searching the documents" in waiting
    assert "3 people" in render.pending_message("", "en", note="3 people ahead")


def _quotes(text: str = "「The fee is waived for members.」[1]", note: str = "") -> Quotes:
    citation = Citation(
        n=1, document="fees.md", location="p. 2", quote="Fees", doc_id="d1", chunk_id="c1"
    )
    return Quotes(label=quotes_label("en"), text=text, citations=[citation], note=note)


def test_quotes_show_first_labelled_with_their_sources_then_the_draft() -> None:
    quotes = _quotes()
    waiting = render.pending_message("", "en", quotes=quotes)
    assert waiting.index("ngokb-quotes") < waiting.index('class="ngokb-answer"')
    assert "From the documents" in waiting and "Writing the answer" in waiting
    assert 'id="quote-source-1"' in waiting and "fees.md" in waiting
    draft = render.pending_message("Members pay nothing [1]", "en", quotes=quotes)
    assert draft.index("waived for members") < draft.index("Members pay nothing")
    assert "ngokb-draft-note" in draft and "\n" not in draft
    assert "文件中的相關內容" in quotes_label("zh-TW")
    hostile = render.quotes_block(_quotes(text=f"「{XSS}」[1]"), "en")
    assert "<script" not in hostile and "<img" not in hostile


def test_final_answer_keeps_the_quotes_above_it() -> None:
    quotes = _quotes()
    written = render.answer_message(
        _answer(status=Status.ANSWERED, backend="embedded", quotes=quotes), "en"
    )
    assert written.index("waived for members") < written.index("Answer:")
    assert written.index("Answer:") < written.index("It is free")
    assert 'id="quote-source-1"' in written and 'id="source-1"' in written
    # No written answer followed: the quotes say they are not one.
    refused = render.answer_message(
        _answer(
            status=Status.UNANSWERABLE_NOT_SUPPORTED,
            refused=True,
            answer="The documents do not say this.",
            citations=[],
            quotes=_quotes(note=quotes_without_answer("en")),
        ),
        "en",
    )
    assert "ngokb-quotes-note" in refused and "No written answer was given" in refused
    # The fallback to the same quotes shows them once, as the answer.
    fallback = _answer(
        status=Status.ANSWERED_EXTRACTIVE,
        answer=f"Relevant passages from the documents: {quotes.text}",
        quotes=quotes,
    )
    shown_once = render.answer_message(fallback, "en")
    assert "ngokb-quotes" not in shown_once and "ngokb-answer-label" not in shown_once


def test_a_shortened_answer_says_it_may_be_incomplete() -> None:
    shortened = _answer(status=Status.ANSWERED, backend="embedded", sentences_removed=True)
    en, zh = render.answer_message(shortened, "en"), render.answer_message(shortened, "zh-TW")
    assert "may be incomplete" in en and 'class="ngokb-removed-note"' in en
    assert "可能不完整" in zh
    whole = render.answer_message(_answer(status=Status.ANSWERED, backend="embedded"), "en")
    assert "may be incomplete" not in whole and "ngokb-removed-note" not in whole


def test_pii_note_only_when_something_was_removed() -> None:
    assert render.pii_note({}, "en") == ""
    assert render.pii_note({"PHONE": 0}, "en") == ""
    note = render.pii_note({"TW_NATIONAL_ID": 1, "PHONE": 2}, "zh-TW")
    assert "身分證字號 (1)" in note and "電話號碼 (2)" in note and 'role="status"' in note
    assert "phone number (2)" in render.pii_note({"PHONE": 2}, "en")


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        ("zh-TW,zh;q=0.9,en;q=0.8", "zh-TW"),
        ("en-US,en;q=0.9,zh-TW;q=0.8", "en"),
        ("fr-FR,fr;q=0.9,en;q=0.5", "en"),
        ("en;q=0.2,zh-HK;q=0.9", "zh-TW"),
        ("de", i18n.DEFAULT_LANGUAGE),
        (None, i18n.DEFAULT_LANGUAGE),
        ("en;q=abc,zh", "zh-TW"),
    ],
)
def test_language_from_accept_language(header: str | None, expected: str) -> None:
    assert i18n.from_accept_language(header) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("社區服務中心的開放時間？", "zh-TW"),
        ("When is the centre open?", "en"),
        ("IBM SkillsBuild 計畫承諾在哪一年前培訓多少學習者？", "zh-TW"),
        ("1234 ?", None),
    ],
)
def test_language_from_question(text: str, expected: str | None) -> None:
    assert i18n.from_text(text) == expected


def test_catalogue_is_complete_for_both_languages() -> None:
    for key, entry in i18n.CATALOGUE.items():
        assert set(entry) == set(i18n.LANGUAGES), key
        assert entry["zh-TW"] != entry["en"], key
    assert "Harbour" in i18n.t("title", "en", org="Harbour")
    assert i18n.t("send", "zh-Hant") == "送出"


@pytest.mark.parametrize(("lang", "said"), [("en", "[name removed]"), ("zh-TW", "〔姓名已移除〕")])
def test_a_scrubbed_name_is_said_in_the_reader_s_words(lang: str, said: str) -> None:
    quote = "The article was written by <PERSON_1>, phone <PHONE_2>, ID <TW_ID_1>."
    card = Citation(n=1, document="a.md", location="p. 1", quote=quote, doc_id="d", chunk_id="c")
    html = render.answer_message(
        _answer(answer="It was written by <PERSON_1> [1].", citations=[card]), lang
    )
    assert "PERSON_1" not in html and "PHONE_2" not in html and "TW_ID" not in html
    assert html.count(said) == 2  # the answer and its source card
    assert i18n.pii_type_name("PHONE", lang) in html
    assert i18n.pii_type_name("TW_NATIONAL_ID", lang) in html
