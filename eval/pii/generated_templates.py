"""The generated set's locales and case-note templates (values, hard negatives, e-mails, public
contact points, South-East Asian addresses, migrant workers' names), read by
eval/pii/build_generated.py."""

from __future__ import annotations

PHONE_LOCALES = {"zh_TW": "TW", "en_US": "US", "en_GB": "GB", "vi_VN": "VN", "id_ID": "ID"}
ADDRESS_LOCALES = ("zh_TW", "en_US", "en_GB", "en_PH")
PASSPORT_LOCALES = ("en_US", "en_GB", "zh_TW", "vi_VN", "id_ID", "th_TH")
NINO_FIRST = "ABCEGHJKLMNOPRSTWXYZ"
NINO_SECOND = "ABCEGHJKLMNPRSTWXYZ"
NINO_BANNED = {"BG", "GB", "KN", "NK", "NT", "TN", "ZZ"}

TEMPLATES: dict[str, dict[str, list[str]]] = {
    "PHONE": {
        "zh-TW": [
            "案主的聯絡電話是{v}，請於上班時間聯繫。",
            "家屬手機 {v}（晚上可接）。",
            "如需協助，社工可撥{v}與她聯絡。",
            "緊急聯絡人電話：{v}",
        ],
        "en": [
            "Her phone number is {v}.",
            "Call the client on {v} after 6 pm.",
            "Emergency contact: {v} (sister).",
            "He can be reached at {v} on weekdays.",
        ],
    },
    "ADDRESS": {
        "zh-TW": ["案主住在{v}，近期將家訪。", "通訊地址：{v}。", "她已搬到{v}，請更新資料。"],
        "en": [
            "The client lives at {v}.",
            "New address: {v}. Please update the file.",
            "Letters should go to {v} from now on.",
        ],
    },
    "US_SSN": {
        "en": [
            "SSN {v} on the intake form.",
            "Her social security number is {v}.",
            "The W-2 form shows {v} for the employee.",
        ],
        "zh-TW": ["美國社會安全號碼 {v} 已登錄。", "案主提供SSN {v}。"],
    },
    "UK_NINO": {
        "en": ["National Insurance number {v}.", "NI number: {v}", "His NINO is {v}."],
        "zh-TW": ["英國國民保險號碼 {v}。"],
    },
    "PASSPORT": {
        "zh-TW": ["護照號碼：{v}，效期至2030年。", "護照 {v} 已影印存檔。"],
        "en": ["Passport no. {v} was copied.", "Her passport number is {v}."],
    },
    "BANK_ACCOUNT": {
        "zh-TW": ["補助匯入帳號 {v}。", "銀行帳戶：{v}（郵局）", "房租自帳號{v}扣款。"],
        "en": ["Pay the grant into account {v}.", "a/c no. {v} at the local bank."],
    },
}

NEGATIVE_TEMPLATES: dict[str, list[str]] = {
    "zh-TW": [
        "{y1}至{y2}年間補助案件增加{p}%。",
        "依勞動基準法第{n}條第{m}項辦理。",
        "預算新臺幣{amt}元，於{y1}年{mo}月{d}日核定。",
        "文號{doc}號，請查照。",
        "本會取得ISO {iso}認證，見報告頁{a}-{b}。",
        "民國{roc}年{mo}月{d}日公布施行，{y1}-{y2}年度檢討。",
    ],
    "en": [
        "From {y1} to {y2} grants rose by {p}%.",
        "Section {n}({m}) of the Act applies since {y1}.",
        "The budget was NT${amt} on {y1}-{mo:02d}-{d:02d}.",
        "See Ref. {doc} and ISO {iso}, pp. {a}-{b}.",
        "Table {n}: {y1} {y2} {y3} {y4} results ({p}% response).",
    ],
}


# Personal e-mails, planted in case-note templates.
EMAIL_LOCALES = ("en_US", "en_GB", "zh_TW", "vi_VN", "id_ID", "th_TH")
EMAIL_TEMPLATES: dict[str, list[str]] = {
    "zh-TW": ["案主的電子郵件是{v}。", "請寄信到 {v} 聯絡家屬。"],
    "en": ["Her e-mail address is {v}.", "The client wrote from {v} last week.",
           "Send the forms to {v} please."],
}  # fmt: skip
FREE_MAIL = ("gmail.com", "yahoo.com.tw", "hotmail.com", "outlook.com", "qq.com", "163.com")
# Role words as written in organisations' documents (a sample, not the recogniser's whole list).
ROLE_WORDS = ("info", "contact", "events", "privacy", "support", "press", "hr", "help",
              "security", "abuse", "dpo", "enquiries", "volunteer", "media")  # fmt: skip
ORG_DOMAINS = ("harbourlight.org", "ngo.org.tw", "example.org", "migrantcare.org.hk",
               "github.com", "mol.gov.tw")  # fmt: skip
# Public contact points in published documents: none of them is personal data.
CONTACT_TEMPLATES: dict[str, list[str]] = {
    "en": [
        "For questions about this policy, write to {mailbox}.",
        "Media enquiries: {mailbox}",
        "In an emergency dial {number} at once.",
        "Our {mailbox} team replies within a week; urgent cases call {number}.",
    ],
    "zh-TW": [
        "如對本政策有疑問，請寫信至 {mailbox}。",
        "緊急狀況請撥打{number}。",
        "可撥{number}專線，或寄信至{mailbox}。",
    ],
}
PUBLIC_NUMBERS = ("911", "112", "999", "110", "119", "113", "165", "1925", "1955", "1957", "1980")


# Home-country addresses of migrant workers, in English and Chinese case notes.
SEA_ADDRESS_LOCALES = ("vi_VN", "id_ID", "th_TH")
SEA_ADDRESS_TEMPLATES: dict[str, list[str]] = {
    "en": ["The client lives at {v}.", "Her family's address is {v}; remittances go there.",
           "Letters should go to {v} from now on."],
    "zh-TW": ["案主原籍地址：{v}。", "家屬住在{v}，每月匯款。"],
}  # fmt: skip
SEA_NEGATIVES: list[tuple[str, str, str]] = [
    ("en", "vi_VN", "Hanoi's old quarter has 36 phố cổ, and 12 phường joined the {y1} survey."),
    ("en", "vi_VN", "The Đường Lâm village project ran from {y1} to {y2} with {n} volunteers."),
    ("zh-TW", "vi_VN", "越南{y1}年統計：{n} 個 phường 與 {m} 個 quận 參加調查。"),
    ("en", "id_ID", "Sebanyak {n} RT dan {m} RW di Kecamatan Menteng menerima bantuan pada {y1}."),
    ("en", "id_ID", "Jalan kaki {m} km setiap hari; the {y1} Jalan Tol report counts {n} roads."),
    ("zh-TW", "id_ID", "印尼{y1}年有{n}個 Kelurahan 加入計畫，涵蓋 {m} 個 RT。"),
    ("en", "th_TH", "The survey says มี {m} ถนนสายหลัก in the district ({y1})."),
    ("zh-TW", "th_TH", "泰國{y1}年共有{n}個ตำบล參與，{m} 個เขต完成訓練。"),
]


# Case notes naming a migrant worker, by name origin: (lang, template).
NAME_TEMPLATES: dict[str, list[tuple[str, str]]] = {
    "vi_VN": [
        ("vi", "Chị {v} đến văn phòng để hỏi về hợp đồng lao động."),
        ("vi", "Người lao động {v} báo rằng chủ giữ hộ chiếu của mình."),
        ("vi", "Hôm qua {v} gọi điện xin tư vấn về tiền lương."),
        ("en", "The client {v} called about her contract."),
        ("zh-TW", "越南籍看護{v}來電詢問居留證。"),
    ],
    "id_ID": [
        ("id", "Ibu {v} datang ke kantor untuk bertanya soal paspornya."),
        ("id", "Pekerja migran {v} melapor bahwa majikan menahan gajinya."),
        ("id", "Sdr. {v} belum menerima gaji bulan ini."),
        ("en", "Caregiver {v} reported that her employer kept her passport."),
        ("zh-TW", "印尼籍看護 {v} 反映雇主扣薪。"),
    ],
    "es_MX": [
        ("tl", "Dumating si {v} sa opisina kahapon."),
        ("tl", "Tumawag ang kliyente na si {v} tungkol sa kanyang pasaporte."),
        ("en", "The worker {v} came to the office on Monday."),
        ("zh-TW", "菲律賓籍移工 {v} 前來諮詢。"),
    ],
    "th_TH": [
        ("th", "นางสาว{v} มาที่สำนักงานเมื่อวันจันทร์"),
        ("th", "นาย{v} แจ้งว่านายจ้างไม่จ่ายค่าจ้าง"),
        ("zh-TW", "泰籍移工 นาย{v} 來電詢問合約。"),
    ],
    "en_TH": [
        ("en", "Khun {v} asked about his visa."),
        ("en", "The client {v} came from Udon Thani last week."),
    ],
}
ONE_WORD_TEMPLATES = [("id", "Bapak {v} menelepon pada hari Senin."), ("id", "Ibu {v} sakit.")]
FILIPINO_PARTICLES = ("Dela", "De", "Del", "Delos")
# Sentences of those languages whose capitalised words are places and organisations.
NAME_NEGATIVES: list[tuple[str, str, str]] = [
    ("vi", "vi_VN", "Năm {y1}, {city} có {n} công ty phần mềm tuyển người lao động."),
    ("vi", "vi_VN", "Theo báo cáo, {city} và Đà Nẵng cần thêm {n} nghìn kỹ sư."),
    ("en", "vi_VN", "The {y1} survey covered {n} firms in Ho Chi Minh City and {city}."),
    ("id", "id_ID", "Pada {y1}, {n} pekerja dari {city} berangkat ke Taiwan."),
    ("id", "id_ID", "Ibu Kota Nusantara dan Bank Mandiri membuka {n} kantor pada {y1}."),
    ("tl", "es_MX", "Ayon sa ulat ng {y1}, {n} manggagawa mula sa Maynila ang nasa Taiwan."),
    ("tl", "es_MX", "Ang Pilipinas ay nagpadala ng {n} nars sa Taiwan noong {y1}."),
    ("th", "th_TH", "ในปี {y1} นายจ้างใน{city}จ้างแรงงาน {n} คน"),
]
