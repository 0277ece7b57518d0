"""Build eval/pii/generated.jsonl: values from Faker (fixed seed, seven locales) planted in our
own zh-TW and English case-note templates, plus hard negatives (years, amounts, percentages,
dates, statute and document numbers, ISO codes, page ranges) that must stay untouched.

Each line: {"text", "lang", "locale", "entities": [{"start", "end", "type"}], "split"}.
Split by a fixed rule, never by looking at results: a sentence whose SHA-256 starts with a byte
below 86 is `gen_blind` (about a third), the rest `gen_tuning`. Only `gen_tuning` may guide
changes to the recognisers; `gen_blind` is reported, not tuned on.

Personal e-mails (`EMAIL`, own random stream so the rows above stay as they were): Faker's free-mail
and company addresses, firstname.lastname and initial.lastname at organisation domains, and role
words at free-mail domains (info@ at gmail.com is someone's own box). Public contact points are
hard negatives: role mailboxes at organisation domains and emergency or public service numbers
(ingest/pii/public_contacts.toml), which must survive scrubbing.

Vietnamese, Indonesian and Thai street addresses (`ADDRESS`, own random stream too): Faker's
vi_VN, id_ID and th_TH addresses, and our own forms built from Faker's street and area names
(ward and district, RT/RW with Kel./Kec., Bangkok's แขวง/เขต), in English and Chinese case notes,
with hard negatives that use the same words in prose (phố cổ, RT/RW counts, ถนนสายหลัก).

Names of migrant workers (`PERSON`, own random stream too): Vietnamese names from Faker's vi_VN
surname, middle and given names (a third written without diacritics), Indonesian ones from id_ID
(some a given name alone after "Ibu"/"Bapak"), Thai ones from th_TH after นาย/นาง/นางสาว and
romanised ones from en_TH, Filipino ones from es_MX's Spanish names (Faker has no Filipino
person provider; Filipino names are mostly Spanish) with a "Dela Cruz"-style surname in some, in
vi/id/tl/th, English and Chinese case notes; hard negatives are sentences of those languages
with their places and organisations (Faker's city names, "Ibu Kota", "Bank Mandiri").

Faker values kept as generated, except: phone numbers that are not even possible numbers in
their country (Faker's zh_TW makes "(00) 75422280") are skipped, and NINOs, bank account
numbers and Thai/Philippine phones are made by our own generators (Faker's en_GB NINOs all use
the never-issued prefix ZZ; its account numbers are IBAN fragments with letters).

    python eval/pii/build_generated.py            # rewrites eval/pii/generated.jsonl
"""

from __future__ import annotations

import hashlib
import json
import random
import unicodedata
from collections.abc import Callable
from pathlib import Path

import phonenumbers
from faker import Faker

from eval.pii.generated_templates import (
    ADDRESS_LOCALES,
    CONTACT_TEMPLATES,
    EMAIL_LOCALES,
    EMAIL_TEMPLATES,
    FILIPINO_PARTICLES,
    FREE_MAIL,
    NAME_NEGATIVES,
    NAME_TEMPLATES,
    NEGATIVE_TEMPLATES,
    NINO_BANNED,
    NINO_FIRST,
    NINO_SECOND,
    ONE_WORD_TEMPLATES,
    ORG_DOMAINS,
    PASSPORT_LOCALES,
    PHONE_LOCALES,
    PUBLIC_NUMBERS,
    ROLE_WORDS,
    SEA_ADDRESS_LOCALES,
    SEA_ADDRESS_TEMPLATES,
    SEA_NEGATIVES,
    TEMPLATES,
)

OUT = Path(__file__).with_name("generated.jsonl")
SEED = 20261201
PER_TEMPLATE = 12


def _sea_addresses(seed: int) -> list[tuple[str, str]]:
    """(locale, address): Faker's own, then our forms from Faker's street and area names."""
    rng = random.Random(seed + 3)
    fakers = {}
    for i, locale in enumerate(SEA_ADDRESS_LOCALES):
        fakers[locale] = Faker(locale)
        fakers[locale].seed_instance(seed + 300 + i)
    out = [(loc, fakers[loc].address()) for loc in SEA_ADDRESS_LOCALES for _ in range(PER_TEMPLATE)]
    vi, id_, th = fakers["vi_VN"], fakers["id_ID"], fakers["th_TH"]
    for _ in range(PER_TEMPLATE // 2):
        n, m = rng.randint(1, 480), rng.randint(1, 99)
        out += [
            ("vi_VN", f"Số {n} Đường {vi.street_name()}, Phường {vi.street_name()}, "
                      f"Quận {rng.randint(1, 12)}, TP. {vi.city_name()}"),
            ("vi_VN", f"{n}/{m} Hẻm {rng.randint(2, 300)} {vi.street_name()}, "
                      f"{vi.commune()}, Huyện {vi.street_name()}, {vi.province()}"),
            ("id_ID", f"Jl. {id_.street()} No. {n}, RT {rng.randint(1, 20):02d}/RW "
                      f"{rng.randint(1, 15):02d}, Kel. {id_.city_name()}, Kec. {id_.city_name()}, "
                      f"{id_.city()} {id_.postcode()}"),
            ("id_ID", f"Gg. {id_.street()} No. {n}{rng.choice('AB')}, "
                      f"RT.{rng.randint(1, 20):03d} RW.{rng.randint(1, 15):03d}, "
                      f"Desa {id_.city_name()}, Kab. {id_.city_name()}"),
            ("th_TH", f"{n}/{m} ซอย{_thai_street(th)} {rng.randint(1, 80)} ถนน{_thai_street(th)} "
                      f"แขวง{th.tambon()} เขต{th.amphoe()} กรุงเทพฯ {th.postcode()}"),
            ("th_TH", f"{n} หมู่ {rng.randint(1, 15)} ต.{th.tambon()} อ.{th.amphoe()} "
                      f"จ.{th.province()} {th.postcode()}"),
        ]  # fmt: skip
    return out


def _thai_street(fake: Faker) -> str:
    """Faker's th_TH street name without its ถนน/ถ. prefix."""
    name = fake.street_name()
    for prefix in ("ถนน", "ถ."):
        name = name.removeprefix(prefix)
    return name


def _sea_address_rows(seed: int) -> list[dict]:
    templates = [(lang, t) for lang, ts in SEA_ADDRESS_TEMPLATES.items() for t in ts]
    rows = []
    for i, (locale, value) in enumerate(_sea_addresses(seed)):
        for lang, template in (templates[i % len(templates)], templates[(i + 1) % len(templates)]):
            rows.append(_row(template, value, "ADDRESS", lang, locale))
    rng = random.Random(seed + 4)
    for lang, locale, template in SEA_NEGATIVES:
        for _ in range(PER_TEMPLATE // 3):
            text = template.format(**_negative_fields(rng))
            rows.append(_negative(text, lang, locale))
    return rows


def _plain(text: str) -> str:
    """Vietnamese without diacritics, as often typed: "Nguyễn Thị" -> "Nguyen Thi"."""
    text = text.replace("Đ", "D").replace("đ", "d")
    decomposed = unicodedata.normalize("NFD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def _names(seed: int) -> list[tuple[str, str]]:
    """(origin locale, full name)."""
    rng = random.Random(seed + 5)
    fakers = {}
    for i, locale in enumerate(NAME_TEMPLATES):
        fakers[locale] = Faker(locale)
        fakers[locale].seed_instance(seed + 500 + i)
    vi, id_, es, th, en_th = (fakers[k] for k in ("vi_VN", "id_ID", "es_MX", "th_TH", "en_TH"))
    out: list[tuple[str, str]] = []
    for _ in range(PER_TEMPLATE * 2):
        given = vi.first_name_female() if rng.random() < 0.6 else vi.first_name_male()
        middle = vi.middle_name() if rng.random() < 0.7 else ""
        name = " ".join(p for p in (vi.last_name(), middle, given) if p)
        out.append(("vi_VN", _plain(name) if rng.random() < 0.33 else name))
        out.append(("id_ID", f"{id_.first_name()} {id_.last_name()}"))
        last = es.last_name()
        if rng.random() < 0.33:
            last = f"{es.last_name()} {rng.choice(FILIPINO_PARTICLES)} {last}"
        out.append(("es_MX", f"{es.first_name()} {last}"))
        out.append(("th_TH", f"{th.first_name()} {th.last_name()}"))
        out.append(("en_TH", f"{en_th.first_name()} {en_th.last_name()}"))
    return out


def _name_rows(seed: int) -> list[dict]:
    rows = []
    made = dict.fromkeys(NAME_TEMPLATES, 0)  # each origin's templates in turn
    for locale, value in _names(seed):
        lang, template = NAME_TEMPLATES[locale][made[locale] % len(NAME_TEMPLATES[locale])]
        made[locale] += 1
        rows.append(_row(template, value, "PERSON", lang, locale))
    one_word = Faker("id_ID")
    one_word.seed_instance(seed + 510)
    for i in range(PER_TEMPLATE):
        lang, template = ONE_WORD_TEMPLATES[i % len(ONE_WORD_TEMPLATES)]
        rows.append(_row(template, one_word.first_name(), "PERSON", lang, "id_ID"))
    rng = random.Random(seed + 6)
    cities = {}
    for i, locale in enumerate(("vi_VN", "id_ID", "es_MX", "th_TH")):
        cities[locale] = Faker(locale)
        cities[locale].seed_instance(seed + 520 + i)
    for lang, locale, template in NAME_NEGATIVES:
        for _ in range(PER_TEMPLATE // 3):
            city = cities[locale].city() if locale != "th_TH" else cities[locale].province()
            text = template.format(city=city, **_negative_fields(rng))
            rows.append(_negative(text, lang, locale))
    return rows


def _email_values(seed: int) -> list[tuple[str, str]]:
    """(locale, personal e-mail) pairs from Faker and our own name-based shapes."""
    rng = random.Random(seed + 1)
    out: list[tuple[str, str]] = []
    for i, locale in enumerate(EMAIL_LOCALES):
        fake = Faker(locale)
        fake.seed_instance(seed + 100 + i)
        out += [(locale, fake.free_email()) for _ in range(2)]
        out += [(locale, fake.company_email()) for _ in range(2)]
        out.append((locale, f"{fake.user_name()}@{rng.choice(ORG_DOMAINS)}"))
    latin = Faker("en_US")
    latin.seed_instance(seed + 200)
    for _ in range(PER_TEMPLATE):
        first, last = latin.first_name().lower(), latin.last_name().lower()
        domain = rng.choice(ORG_DOMAINS)
        out.append(("en_US", f"{first}.{last}@{domain}"))
        out.append(("en_US", f"{first[0]}.{last}@{domain}"))
    out += [("en_US", f"{rng.choice(ROLE_WORDS)}@{rng.choice(FREE_MAIL)}") for _ in range(6)]
    return out


def _email_rows(seed: int) -> list[dict]:
    templates = [(lang, t) for lang, ts in EMAIL_TEMPLATES.items() for t in ts]
    rows = []
    for i, (locale, value) in enumerate(_email_values(seed)):
        lang, template = templates[i % len(templates)]
        rows.append(_row(template, value, "EMAIL", lang, locale))
    return rows


def _contact_rows(seed: int) -> list[dict]:
    """Hard negatives: role mailboxes at organisation domains and public service numbers."""
    rng = random.Random(seed + 2)
    rows = []
    for lang, templates in CONTACT_TEMPLATES.items():
        for template in templates:
            for _ in range(PER_TEMPLATE // 2):
                mailbox = f"{rng.choice(ROLE_WORDS)}@{rng.choice(ORG_DOMAINS)}"
                if rng.random() < 0.3:
                    mailbox = mailbox.capitalize()  # "Info@...": matched case-insensitively
                text = template.format(mailbox=mailbox, number=rng.choice(PUBLIC_NUMBERS))
                rows.append(_negative(text, lang))
    return rows


def _nino(rng: random.Random) -> str:
    while True:
        prefix = rng.choice(NINO_FIRST) + rng.choice(NINO_SECOND)
        if prefix not in NINO_BANNED:
            break
    digits = "".join(rng.choice("0123456789") for _ in range(6))
    suffix = rng.choice("ABCD")
    if rng.random() < 0.5:
        return f"{prefix} {digits[:2]} {digits[2:4]} {digits[4:]} {suffix}"
    return f"{prefix}{digits}{suffix}"


def _account(rng: random.Random) -> str:
    def d(n: int) -> str:
        return "".join(rng.choice("0123456789") for _ in range(n))

    shape = rng.choice(("3-3-6", "4 4 4", "14", "3-2-7", "4-4-4-4"))
    if shape == "3-3-6":
        return f"{d(3)}-{d(3)}-{d(6)}"
    if shape == "4 4 4":
        return f"{d(4)} {d(4)} {d(4)}"
    if shape == "14":
        return d(14)
    if shape == "3-2-7":
        return f"{d(3)}-{d(2)}-{d(7)}"
    return f"{d(4)}-{d(4)}-{d(4)}-{d(4)}"


def _possible_phone(value: str, region: str) -> bool:
    try:
        return phonenumbers.is_possible_number(phonenumbers.parse(value, region))
    except phonenumbers.NumberParseException:
        return False


def _values(kind: str, fakers: dict[str, Faker], rng: random.Random) -> list[tuple[str, str]]:
    """(locale, value) pairs for one kind."""
    out: list[tuple[str, str]] = []
    if kind == "PHONE":
        for locale, region in PHONE_LOCALES.items():
            made = 0
            while made < PER_TEMPLATE:
                value = fakers[locale].phone_number()
                if _possible_phone(value, region):
                    out.append((locale, value))
                    made += 1
        out += [("th_TH", f"+66 {rng.choice('689')}{rng.randint(1, 9)} {rng.randint(100, 999)} "
                 f"{rng.randint(1000, 9999)}") for _ in range(PER_TEMPLATE)]  # fmt: skip
        out += [("en_PH", f"+63 9{rng.randint(10, 99)} {rng.randint(100, 999)} "
                 f"{rng.randint(1000, 9999)}") for _ in range(PER_TEMPLATE)]  # fmt: skip
    elif kind == "ADDRESS":
        out = [(loc, fakers[loc].address()) for loc in ADDRESS_LOCALES for _ in range(PER_TEMPLATE)]
    elif kind == "US_SSN":
        out = [("en_US", fakers["en_US"].ssn()) for _ in range(2 * PER_TEMPLATE)]
    elif kind == "UK_NINO":
        out = [("en_GB", _nino(rng)) for _ in range(2 * PER_TEMPLATE)]
    elif kind == "PASSPORT":
        out = [(loc, fakers[loc].passport_number()) for loc in PASSPORT_LOCALES for _ in range(2)]
    elif kind == "BANK_ACCOUNT":
        out = [("zh_TW", _account(rng)) for _ in range(2 * PER_TEMPLATE)]
    return out


def _split(text: str) -> str:
    return "gen_blind" if hashlib.sha256(text.encode("utf-8")).digest()[0] < 86 else "gen_tuning"


def _row(template: str, value: str, kind: str, lang: str, locale: str) -> dict:
    start = template.index("{v}")
    text = template.replace("{v}", value)
    entity = {"start": start, "end": start + len(value), "type": kind}
    return {
        "text": text,
        "lang": lang,
        "locale": locale,
        "entities": [entity],
        "split": _split(text),
    }


def _negative(text: str, lang: str, locale: str = "") -> dict:
    """A hard negative: a sentence with nothing to remove."""
    return {"text": text, "lang": lang, "locale": locale, "entities": [], "split": _split(text)}


def _negative_fields(rng: random.Random) -> dict[str, int | str]:
    y1 = rng.randint(1990, 2026)
    return {
        "y1": y1, "y2": y1 + rng.randint(1, 5), "y3": y1 + 6, "y4": y1 + 7,
        "p": rng.randint(1, 99), "n": rng.randint(1, 90), "m": rng.randint(1, 9),
        "amt": f"{rng.randint(1, 999)},{rng.randint(0, 999):03d},000", "mo": rng.randint(1, 12),
        "d": rng.randint(1, 28), "doc": str(rng.randint(10**9, 10**10 - 1)),
        "iso": rng.choice(("27001", "9001", "14001", "27701")), "a": (a := rng.randint(1, 300)),
        "b": a + rng.randint(1, 9), "roc": rng.randint(60, 115),
    }  # fmt: skip


def build(seed: int = SEED) -> list[dict]:
    rng = random.Random(seed)
    locales = sorted({*PHONE_LOCALES, *ADDRESS_LOCALES, *PASSPORT_LOCALES})
    fakers = {loc: Faker(loc) for loc in locales}
    for i, loc in enumerate(locales):
        fakers[loc].seed_instance(seed + i)
    rows: list[dict] = []
    for kind, by_lang in TEMPLATES.items():
        values = _values(kind, fakers, rng)
        templates = [(lang, t) for lang, ts in by_lang.items() for t in ts]
        for i, (locale, value) in enumerate(values):
            # Chinese addresses in Chinese templates, the others in English ones.
            usable = [
                (lang, t) for lang, t in templates
                if kind != "ADDRESS" or (lang == "zh-TW") == (locale == "zh_TW")
            ]  # fmt: skip
            for lang, template in (usable[i % len(usable)], usable[(i + 1) % len(usable)]):
                rows.append(_row(template, value, kind, lang, locale))
    negatives: Callable[[str], list[str]] = NEGATIVE_TEMPLATES.__getitem__
    for lang in NEGATIVE_TEMPLATES:
        for template in negatives(lang):
            for _ in range(PER_TEMPLATE):
                text = template.format(**_negative_fields(rng))
                rows.append(_negative(text, lang))
    return (
        rows + _email_rows(seed) + _contact_rows(seed) + _sea_address_rows(seed) + _name_rows(seed)
    )


def main() -> None:
    rows = build()
    OUT.write_text(
        "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8"
    )
    print(f"wrote {len(rows)} sentences to {OUT}")


if __name__ == "__main__":
    main()
