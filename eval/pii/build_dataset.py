"""Build eval/pii/labelled.jsonl: fictitious PII planted in realistic zh-TW and English sentences.

Each line: {"text", "lang", "entities": [{"start", "end", "type"}], "split"}.
Every value is invented (names from common name parts, IDs generated with valid check digits by a
seeded RNG). Two template groups: `TUNING` was written alongside the recognisers; `HELD_OUT` was
written afterwards in a different voice; its first measurement found gaps (roles such as 出席者,
戶名) that were then fixed, so it is no longer blind. `FRESH` was written last and measured
before any change (figures in the module docstring of eval/pii_eval.py). Hard negatives
carry no entities: every detection in them is a false positive; `HARD_NEGATIVES_CODES` (ID-shaped
codes with wrong check digits, order numbers, versions) was added last and passed unchanged.

    python eval/pii/build_dataset.py            # rewrites eval/pii/labelled.jsonl
"""

from __future__ import annotations

import json
import random
import re
import string
from collections.abc import Callable
from pathlib import Path

from eval.pii.labelled_templates import (
    CITIES,
    CUES_NEGATIVE_ZH,
    CUES_ZH,
    DISTRICTS,
    DOMAINS,
    EN_FIRST,
    EN_LAST,
    EN_STREETS,
    FRESH_EN,
    FRESH_ZH,
    HARD_NEGATIVES_CODES,
    HARD_NEGATIVES_EN,
    HARD_NEGATIVES_FRESH,
    HARD_NEGATIVES_ZH,
    HELD_OUT_EN,
    HELD_OUT_ZH,
    LATIN_FIRST,
    LATIN_LAST,
    MARRIED_GIVEN,
    ROADS,
    TUNING_EN,
    TUNING_ZH,
    VIET_NAMES,
    ZH_GIVEN,
    ZH_SURNAMES,
)
from ingest.pii.checksums import prc_check_char, tw_check_digit

OUT = Path(__file__).with_name("labelled.jsonl")
SEED = 20261123


class Gen:
    """Fictitious values with valid formats and check digits."""

    def __init__(self, rng: random.Random) -> None:
        self.r = rng

    def zh_name(self) -> str:
        return self.r.choice(ZH_SURNAMES) + "".join(
            self.r.sample(ZH_GIVEN, self.r.choice([1, 2, 2]))
        )

    def en_name(self) -> str:
        return f"{self.r.choice(EN_FIRST)} {self.r.choice(EN_LAST)}"

    def digits(self, n: int) -> str:
        return "".join(self.r.choice(string.digits) for _ in range(n))

    def tw_id(self) -> str:
        letter = self.r.choice("ABCDEFGHJKLMNPQRSTUVXYWZ")
        body = self.r.choice("12") + self.digits(7)
        return letter + body + str(tw_check_digit(letter, body))

    def bad_tw_id(self) -> str:
        """ID-shaped product or case codes whose check digit is wrong: not an ID."""
        good = self.tw_id()
        return good[:-1] + str((int(good[-1]) + self.r.randint(1, 9)) % 10)

    def order_no(self) -> str:
        return self.r.choice(["AB", "CD", "BC"]) + self.digits(8)

    def tw_arc(self) -> str:
        letter = self.r.choice("ABCDEFGHJKLMNPQRSTUVXYWZ")
        if self.r.random() < 0.6:
            body = self.r.choice("89") + self.digits(7)
            return letter + body + str(tw_check_digit(letter, body))
        second = self.r.choice("ABCD")
        code = {"A": 0, "B": 1, "C": 2, "D": 3}[second]  # A=10, B=11, C=12, D=13: last digit
        body = self.digits(7)
        return letter + second + body + str(tw_check_digit(letter, str(code) + body))

    def phone(self) -> str:
        mobile = "09" + self.digits(2)
        a, b = self.digits(3), self.digits(3)
        forms = [
            f"{mobile}-{a}-{b}",
            f"{mobile}{a}{b}",
            f"{mobile} {a} {b}",
            f"{mobile}-{a}{b}",
            f"+886 {mobile[1:]} {a} {b}",
            f"+886-{mobile[1:]}-{a}-{b}",
            f"(02){self.digits(4)}-{self.digits(4)}",
            f"02-{self.digits(4)}-{self.digits(4)}",
            f"(04){self.digits(4)}-{self.digits(4)}",
            f"07-{self.digits(3)}-{self.digits(4)}",
            f"03-{self.digits(7)}",
            f"+886-2-{self.digits(4)}-{self.digits(4)}",
        ]
        return self.r.choice(forms)

    def hk_id(self) -> str:
        from ingest.pii.checksums import hk_id_valid

        letters = self.r.choice(string.ascii_uppercase) * self.r.choice([1, 1, 1, 2])
        if len(letters) == 2:
            letters = letters[0] + self.r.choice(string.ascii_uppercase)
        body = self.digits(6)
        check = next(c for c in "0123456789A" if hk_id_valid(f"{letters}{body}({c})"))
        return self.r.choice([f"{letters}{body}({check})", f"{letters}{body}{check}"])

    def prc_id(self) -> str:
        region = self.r.choice(["110105", "310104", "440305", "350203", "510107", "330106"])
        birth = (
            f"{self.r.randint(1950, 2005)}{self.r.randint(1, 12):02d}{self.r.randint(1, 28):02d}"
        )
        first17 = region + birth + self.digits(3)
        return first17 + prc_check_char(first17)

    def email(self, name: str | None = None) -> str:
        local = (name or self.en_name()).lower().replace(" ", self.r.choice([".", "_", ""]))
        if not local.isascii():
            local = self.r.choice(["amy", "wang", "chen.li", "lin88", "hsu_yt"]) + self.digits(2)
        return f"{local}@{self.r.choice(DOMAINS)}"

    def card(self) -> str:
        prefix = self.r.choice(["4", "51", "53", "55", "35"])
        body = prefix + self.digits(15 - len(prefix))
        for d in string.digits:
            from ingest.pii.checksums import luhn_valid

            if luhn_valid(body + d):
                number = body + d
                break
        groups = [number[i : i + 4] for i in range(0, 16, 4)]
        return self.r.choice([" ".join(groups), "-".join(groups), number])

    def iban(self) -> str:
        country, bban_len = self.r.choice([("GB", None), ("DE", 18), ("NL", None), ("FR", 23)])
        if country == "GB":
            bban = self.r.choice(["WEST", "NWBK", "BARC"]) + self.digits(14)
        elif country == "NL":
            bban = self.r.choice(["ABNA", "INGB", "RABO"]) + self.digits(10)
        else:
            bban = self.digits(bban_len or 18)
        numeric = "".join(str(int(c, 36)) for c in bban + country + "00")
        full = f"{country}{98 - int(numeric) % 97:02d}{bban}"
        if self.r.random() < 0.5:
            return " ".join(full[i : i + 4] for i in range(0, len(full), 4))
        return full

    def ip(self) -> str:
        if self.r.random() < 0.8:
            return ".".join(str(self.r.randint(1, 254)) for _ in range(4))
        return "2001:db8:" + ":".join(f"{self.r.randint(0, 65535):x}" for _ in range(3)) + "::1"

    def dob(self, lang: str) -> str:
        y, m, d = self.r.randint(1940, 2015), self.r.randint(1, 12), self.r.randint(1, 28)
        months = [
            "January",
            "February",
            "March",
            "April",
            "May",
            "June",
            "July",
            "August",
            "September",
            "October",
            "November",
            "December",
        ]
        if lang == "zh-TW":
            forms = [
                f"{y}年{m}月{d}日",
                f"民國{y - 1911}年{m}月{d}日",
                f"{y}/{m:02d}/{d:02d}",
                f"{y - 1911}年{m}月{d}日",
                f"{y}-{m:02d}-{d:02d}",
            ]
        else:
            forms = [
                f"{d} {months[m - 1]} {y}",
                f"{months[m - 1]} {d}, {y}",
                f"{y}-{m:02d}-{d:02d}",
                f"{d:02d}/{m:02d}/{y}",
                f"{months[m - 1][:3]} {d}, {y}",
            ]
        return self.r.choice(forms)

    def zh_address(self) -> str:
        i = self.r.randrange(len(CITIES))
        parts = [CITIES[i] if self.r.random() < 0.85 else "", DISTRICTS[i], self.r.choice(ROADS)]
        if self.r.random() < 0.4:
            parts.append(self.r.choice("一二三四五") + "段")
        if self.r.random() < 0.5:
            parts.append(f"{self.r.randint(1, 300)}巷")
        if self.r.random() < 0.3:
            parts.append(f"{self.r.randint(1, 30)}弄")
        parts.append(f"{self.r.randint(1, 250)}號")
        if self.r.random() < 0.5:
            parts.append(f"{self.r.randint(2, 15)}樓")
        return "".join(parts)

    def en_address(self) -> str:
        n = self.r.randint(1, 240)
        forms = [
            f"{n} {self.r.choice(EN_STREETS)}",
            f"Flat {self.r.randint(1, 20)}, {n} {self.r.choice(EN_STREETS)}",
            f"{n} {self.r.choice(EN_STREETS)}, Springfield",
            f"No. {n}, Ln. {self.r.randint(1, 200)}, Sec. {self.r.randint(1, 4)}, "
            f"{self.r.choice(['Heping E.', 'Zhongshan N.', 'Minsheng E.'])} Rd., "
            f"{self.r.choice(['Da-an', 'Zhongshan', 'Songshan'])} Dist., Taipei City",
        ]
        return self.r.choice(forms)


# Slot name -> (entity type or None, generator). Slots without a type are filler, not PII.
def _slots(g: Gen, lang: str) -> dict[str, tuple[str | None, Callable[[], str]]]:
    return {
        "ZHNAME": ("PERSON", g.zh_name),
        "ENNAME": ("PERSON", g.en_name),
        "TWID": ("TW_NATIONAL_ID", g.tw_id),
        "ARC": ("TW_ARC", g.tw_arc),
        "PHONE": ("PHONE", g.phone),
        "HKID": ("HK_ID", g.hk_id),
        "PRCID": ("PRC_ID", g.prc_id),
        "EMAIL": ("EMAIL", g.email),
        "CARD": ("CREDIT_CARD", g.card),
        "IBAN": ("IBAN", g.iban),
        "IP": ("IP_ADDRESS", g.ip),
        "DOB": ("DATE_OF_BIRTH", lambda: g.dob(lang)),
        "ZHADDR": ("ADDRESS", g.zh_address),
        "ENADDR": ("ADDRESS", g.en_address),
        "YEAR": (None, lambda: str(g.r.randint(2015, 2026))),
        "AMOUNT": (None, lambda: f"{g.r.randint(1, 99)},{g.r.randint(0, 999):03d}"),
        "N": (None, lambda: str(g.r.randint(2, 60))),
        "DOCNO": (None, lambda: str(g.r.randint(1120000000, 1149999999))),
        "BADID": (None, g.bad_tw_id),
        "ORDERNO": (None, g.order_no),
    }


# The cue rows (eval/pii/labelled_templates.py) have their own RNG, appended after the older
# rows, so those stay byte-identical.
CUES_SEED = 20261124


def _cue_slots(g: Gen) -> dict[str, tuple[str | None, Callable[[], str]]]:
    def married() -> str:
        first, second = g.r.sample(ZH_SURNAMES, 2)
        return first + second + g.r.choice(MARRIED_GIVEN)

    def latin() -> str:
        if g.r.random() < 0.3:
            return g.r.choice(VIET_NAMES)
        return f"{g.r.choice(LATIN_FIRST)} {g.r.choice(LATIN_LAST)}"

    return {"MARRIED": ("PERSON", married), "LATIN": ("PERSON", latin)}


def build_cues() -> list[dict]:
    g = Gen(random.Random(CUES_SEED))
    rows = [_fill(t, g, "zh-TW", "cues") for t in CUES_ZH for _ in range(5)]
    rows += [_fill(t, g, "zh-TW", "cues_negative") for t in CUES_NEGATIVE_ZH for _ in range(2)]
    g.r.shuffle(rows)
    return rows


def _fill(template: str, g: Gen, lang: str, split: str) -> dict:
    slots = _slots(g, lang) | _cue_slots(g)
    text, entities, pos = "", [], 0
    for m in re.finditer(r"\{([A-Z]+)\}", template):
        text += template[pos : m.start()]
        entity_type, make = slots[m.group(1)]
        value = make()
        if entity_type:
            entities.append(
                {"start": len(text), "end": len(text) + len(value), "type": entity_type}
            )
        text += value
        pos = m.end()
    text += template[pos:]
    return {"text": text, "lang": lang, "entities": entities, "split": split}


def build(seed: int = SEED) -> list[dict]:
    rng = random.Random(seed)
    g = Gen(rng)
    rows = []
    groups = [
        (TUNING_ZH, "zh-TW", 14, "tuning"),
        (TUNING_EN, "en", 14, "tuning"),
        (HELD_OUT_ZH, "zh-TW", 9, "held_out"),
        (HELD_OUT_EN, "en", 9, "held_out"),
        (HARD_NEGATIVES_ZH, "zh-TW", 7, "negative"),
        (HARD_NEGATIVES_EN, "en", 7, "negative"),
        (FRESH_ZH, "zh-TW", 6, "fresh"),
        (FRESH_EN, "en", 6, "fresh"),
    ]
    for templates, lang, repeats, split in groups:
        for template in templates:
            for _ in range(repeats):
                rows.append(_fill(template, g, lang, split))
    for lang, template in HARD_NEGATIVES_FRESH:
        for _ in range(4):
            rows.append(_fill(template, g, lang, "fresh_negative"))
    for lang, template in HARD_NEGATIVES_CODES:
        for _ in range(6):
            rows.append(_fill(template, g, lang, "negative"))
    rng.shuffle(rows)
    return rows + build_cues()


def main() -> None:
    rows = build()
    with OUT.open("w", encoding="utf-8") as fh:
        for row in rows:
            fh.write(json.dumps(row, ensure_ascii=False) + "\n")
    counts: dict[str, int] = {}
    for row in rows:
        for e in row["entities"]:
            counts[e["type"]] = counts.get(e["type"], 0) + 1
    negatives = sum(1 for row in rows if not row["entities"])
    print(f"{len(rows)} sentences, {sum(counts.values())} entities, {negatives} hard negatives")
    print(json.dumps(counts, sort_keys=True))


if __name__ == "__main__":
    main()
