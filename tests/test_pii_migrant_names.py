"""Names of migrant workers and new residents (Vietnamese, Indonesian, Filipino, Thai) in case
notes are removed; ordinary sentences of those languages, and their places and organisations,
are kept. All names are fictitious combinations of common name parts."""

from __future__ import annotations

import pytest

from ingest.pii import Scrubber

KEY = bytes(range(32))


@pytest.fixture(scope="module")
def scrubber() -> Scrubber:
    return Scrubber(KEY)


@pytest.mark.parametrize(
    ("text", "names"),
    [
        # Vietnamese: surname and given syllables, with or without diacritics, in any language
        ("Chị Nguyễn Thị Hoa đến văn phòng để hỏi về hợp đồng lao động.", ["Nguyễn Thị Hoa"]),
        ("Người lao động Trần Văn Minh báo rằng chủ giữ hộ chiếu.", ["Trần Văn Minh"]),
        ("The client Nguyen Thi Hoa called about her contract.", ["Nguyen Thi Hoa"]),
        ("Le Van Long came to the office with his employer.", ["Le Van Long"]),
        ("配偶Phạm Ngọc Lan來電詢問居留證。", ["Phạm Ngọc Lan"]),
        ("Hôm qua chị Huỳnh Bích Ngân gọi điện xin tư vấn.", ["Huỳnh Bích Ngân"]),
        ("Anh Tuấn nói rằng anh chưa nhận lương.", ["Tuấn"]),
        # a short surname typed without diacritics counts with one syllable in Vietnamese prose
        ("Hôm nay Le Minh đến văn phòng để hỏi về hộ chiếu.", ["Le Minh"]),
        # Indonesian: after a title (one word too), or listed names in a case note
        ("Ibu Siti datang ke kantor untuk bertanya soal paspornya.", ["Siti"]),
        ("Sdr. Agus Santoso belum menerima gaji bulan ini.", ["Agus Santoso"]),
        ("Pekerja migran Dewi Lestari melapor bahwa majikan menahan gajinya.", ["Dewi Lestari"]),
        ("Siti Rahayu, klien kami, menelepon hari Senin.", ["Siti Rahayu"]),
        ("印尼籍看護 Sri Wahyuni 反映雇主扣薪。", ["Sri Wahyuni"]),
        # Filipino: after a Tagalog personal article or title, surname particles included
        ("Dumating si Maria Santos Dela Cruz sa opisina kahapon.", ["Maria Santos Dela Cruz"]),
        ("Si Juan dela Cruz ay dumating sa opisina.", ["Juan dela Cruz"]),
        ("Tumawag ang kliyente na si Rosalinda Reyes tungkol sa pasaporte.", ["Rosalinda Reyes"]),
        ("菲律賓籍移工 Víctor Domínguez 前來諮詢。", ["Víctor Domínguez"]),
        # Thai: Thai script after an honorific (no space before it in Thai), romanised after Khun
        ("นางสาวสมหญิง ใจดี มาที่สำนักงานเมื่อวันจันทร์", ["สมหญิง ใจดี"]),
        ("นายจ้างของนายสมชาย รักไทย ไม่จ่ายค่าจ้าง", ["สมชาย รักไทย"]),
        ("泰籍移工 นายเกียรติศักดิ์ บินดี 來電詢問合約。", ["เกียรติศักดิ์ บินดี"]),
        ("Khun Somchai Jaidee asked about his visa.", ["Somchai Jaidee"]),
        ("The caregiver Kodchaporn Chaisatit lost her passport.", ["Kodchaporn Chaisatit"]),
        ("Caregiver Araceli Salas de la Peña asked for leave.", ["Araceli Salas de la Peña"]),
    ],
)
def test_migrant_workers_names_in_case_notes_are_removed(
    scrubber: Scrubber, text: str, names: list[str]
) -> None:
    # exactly the name, no more and no less: the term of address before it stays readable
    found = [text[d.start : d.end] for d in scrubber.detect(text) if d.entity_type == "PERSON"]
    assert found == names
    scrubbed = scrubber.scrub(text).text
    assert not any(name in scrubbed for name in names), scrubbed


@pytest.mark.parametrize(
    "text",
    [
        # Vietnamese places, streets and public figures of a name's shape
        "Thành phố Hồ Chí Minh có nhiều công ty phần mềm tuyển kỹ sư.",
        "Ho Chi Minh City and Hai Phong need 20 thousand more engineers.",
        "Phố Trần Hưng Đạo có nhiều cửa hàng mới.",
        "Hồ Hoàn Kiếm nằm ở trung tâm Hà Nội.",
        "The Đường Lâm village project ran from 2019 to 2021.",
        "Theo báo cáo, Thái Bình và Long An có nhiều lao động đi Đài Loan.",
        # Indonesian places and organisations, title words that are no name
        "Ibu Kota Nusantara akan dibangun di Kalimantan Timur.",
        "Bank Mandiri membuka cabang baru di Surabaya pada 2024.",
        "Apakah ada pelatihan untuk pekerja migran Indonesia di Taiwan?",
        "Bapak Presiden meresmikan program pada 2023.",
        "Kementerian Ketenagakerjaan Republik Indonesia menerbitkan laporan baru.",
        # Tagalog sentences
        "Ang Pilipinas ay nagpadala ng 500 nars sa Taiwan noong 2022.",
        "Ayon sa ulat, ilang manggagawa ang apektado ng AI?",
        # Thai words that start with an honorific's letters
        "นายจ้างต้องจ่ายค่าจ้างตรงเวลา",
        "นายกรัฐมนตรีกล่าวว่านางพยาบาลทำงานหนัก",
        # a short unaccented surname and one syllable in English prose
        "The Le Minh bakery opened in Taipei in 2020.",
        # listed name words in prose without a case-note word
        "Indah Permata Hotel opened in Jakarta in 2021.",
    ],
)
def test_ordinary_sentences_places_and_organisations_are_kept(
    scrubber: Scrubber, text: str
) -> None:
    assert scrubber.scrub(text).text == text
