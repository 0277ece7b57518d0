"""The recogniser table rows for Vietnamese, Indonesian and Thai street addresses, run by
tests/test_pii_recognizers.py. Addresses are fictitious (real street and area names, invented
house numbers); negatives use the same words in prose."""

from __future__ import annotations

from presidio_analyzer import EntityRecognizer

from ingest.pii.recognizers.id_address import IndonesianAddressRecognizer
from ingest.pii.recognizers.th_address import ThaiAddressRecognizer
from ingest.pii.recognizers.vi_address import VietnameseAddressRecognizer

VI = VietnameseAddressRecognizer
ID = IndonesianAddressRecognizer
TH = ThaiAddressRecognizer

SEA_CASES: list[tuple[type[EntityRecognizer], str, list[str]]] = [
    # Vietnamese: street word, ward, district, city; lanes and hamlets; no street word
    (
        VI,
        "She lives at Số 12 Đường Lê Lợi, Phường Bến Nghé, Quận 1, TP. Hồ Chí Minh with her aunt.",
        ["Số 12 Đường Lê Lợi, Phường Bến Nghé, Quận 1, TP. Hồ Chí Minh"],
    ),
    (
        VI,
        "Address: 4/68 đường 14, Phường An Khê, Lai Châu.",
        ["4/68 đường 14, Phường An Khê, Lai Châu"],
    ),
    (
        VI,
        "案主原籍：Số 1/71/139 Ngõ 38 phố Lê Duẩn Xã Dương Minh Châu Thành phố Hồ Chí Minh。",
        ["Số 1/71/139 Ngõ 38 phố Lê Duẩn Xã Dương Minh Châu Thành phố Hồ Chí Minh"],
    ),
    (
        VI,
        "moved to 20/618 Nguyễn Hữu Cảnh Phường Hòa Bình Thanh Hóa 94092 in May",
        ["20/618 Nguyễn Hữu Cảnh Phường Hòa Bình Thanh Hóa 94092"],
    ),
    (
        VI,
        "Số 191 Đường 3 Tháng 2, P. 11, Q. 10, TP.HCM",
        ["Số 191 Đường 3 Tháng 2, P. 11, Q. 10, TP.HCM"],
    ),
    (VI, "Hanoi's old quarter has 36 phố cổ, and 12 phường joined the survey.", []),
    (VI, "We met 12 Lê Lợi students in Quận 3.", []),
    (VI, "The Đường Lâm village project ran from 2019 to 2022.", []),
    # Indonesian: Jl./Gg. with No., RT/RW, Kel./Kec., city line with postcode; village form
    (
        ID,
        "The client lives at Jl. Sudirman No. 5, RT 03/RW 02, Kel. Menteng, Kec. Menteng, "
        "Jakarta Pusat 10310.",
        ["Jl. Sudirman No. 5, RT 03/RW 02, Kel. Menteng, Kec. Menteng, Jakarta Pusat 10310"],
    ),
    (
        ID,
        "Letters to Jalan Yos Sudarso No. 76\nBengkulu, Sumatera Barat 66907 please",
        ["Jalan Yos Sudarso No. 76\nBengkulu, Sumatera Barat 66907"],
    ),
    (
        ID,
        "家屬住在Gg. H.J Maemunah No. 7A, RT.003 RW.011, Desa Sukamaju, Kab. Bogor，每月匯款。",
        ["Gg. H.J Maemunah No. 7A, RT.003 RW.011, Desa Sukamaju, Kab. Bogor"],
    ),
    (
        ID,
        "Dusun Krajan RT 02/RW 01, Desa Sukamaju, Kec. Cibadak is her home.",
        ["Dusun Krajan RT 02/RW 01, Desa Sukamaju, Kec. Cibadak"],
    ),
    (ID, "Sebanyak 30 RT dan 12 RW di Kecamatan Menteng menerima bantuan.", []),
    (ID, "Jalan kaki 5 km setiap hari; the Jalan Tol report counts 12 roads.", []),
    (ID, "Ketua RT 05/RW 03 hadir dalam rapat.", []),
    # Thai: soi, road, khwaeng, khet, Bangkok, postcode; tambon/amphoe forms; romanised
    (
        TH,
        "ที่อยู่ 123/45 ซอยสุขุมวิท 11 ถนนสุขุมวิท แขวงคลองเตยเหนือ เขตวัฒนา กรุงเทพฯ 10110 ครับ",
        ["123/45 ซอยสุขุมวิท 11 ถนนสุขุมวิท แขวงคลองเตยเหนือ เขตวัฒนา กรุงเทพฯ 10110"],
    ),
    (
        TH,
        "Letters to 909/9 ถนนตัณสถิตย์ โคกกรวด นาหว้า ตราด 91940 please.",
        ["909/9 ถนนตัณสถิตย์ โคกกรวด นาหว้า ตราด 91940"],
    ),
    (
        TH,
        "案主老家：28 หมู่ 15 ต.บางแค อ.ปลาปาก จ.นครพนม，",
        ["28 หมู่ 15 ต.บางแค อ.ปลาปาก จ.นครพนม"],
    ),
    (
        TH,
        "He stayed at 123/45 Soi Sukhumvit 11, Sukhumvit Road, Khlong Toei Nuea, Watthana, "
        "Bangkok 10110 last year.",
        ["123/45 Soi Sukhumvit 11, Sukhumvit Road, Khlong Toei Nuea, Watthana, Bangkok 10110"],
    ),
    (TH, "The survey says มี 3 ถนนสายหลัก in the district.", []),
    (TH, "ในปี 2563 มี 12 ตำบล เข้าร่วมโครงการ", []),
]
