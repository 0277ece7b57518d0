"""Regenerate the binary sample documents (DOCX, PDF, Big5 TXT) and the sidecar files.

Run from anywhere: `python samples/build_samples.py`. The generated files are committed, so
ingesting `samples/corpus/` needs no build step; rerun this only after editing `samples/src/`.
Before building, every Taiwan / Hong Kong ID listed in `planted_pii.json` is re-derived with the
checksum helpers below, so a typo in a planted value fails here rather than silently in a test.
"""

from __future__ import annotations

import io
import json
import random
import sys
import zipfile
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import docx
from docx.document import Document as DocxDocument
from fpdf import FPDF

SAMPLES = Path(__file__).resolve().parent
SRC = SAMPLES / "src"
CORPUS = SAMPLES / "corpus"
PLANTED = SAMPLES / "planted_pii.json"
FIXED_DATE = datetime(2025, 11, 20, 9, 0, tzinfo=UTC)  # keeps rebuilt files stable

# --- checksum helpers -----------------------------------------------------------------------
# Letter codes of the Taiwan national ID / ARC / UI number (I, O, W... are out of order).
_TW_LETTER = dict(zip("ABCDEFGHJKLMNPQRSTUVXYWZIO", range(10, 36), strict=True))


def _tw_check_digit(first: int, second: int, body: str) -> int:
    """Check digit for 1 letter code, the next digit and 7 more digits (weights 1,9,8..1)."""
    total = first // 10 + (first % 10) * 9 + second * 8
    total += sum(int(d) * w for d, w in zip(body, range(7, 0, -1), strict=True))
    return (10 - total % 10) % 10


def tw_national_id(letter: str, digits8: str) -> str:
    """A Taiwan national ID (or new-format UI number when digits8 starts with 8 or 9)."""
    check = _tw_check_digit(_TW_LETTER[letter], int(digits8[0]), digits8[1:])
    return f"{letter}{digits8}{check}"


def tw_arc_old(letter: str, sex_letter: str, digits7: str) -> str:
    """An old-format Taiwan resident certificate number: 2 letters + 8 digits."""
    check = _tw_check_digit(_TW_LETTER[letter], _TW_LETTER[sex_letter] % 10, digits7)
    return f"{letter}{sex_letter}{digits7}{check}"


def hk_id(prefix: str, digits6: str) -> str:
    """A Hong Kong identity card number with its check digit, e.g. A123456(3)."""
    values = [36 if c == " " else ord(c) - 55 for c in prefix.rjust(2)]
    total = 9 * values[0] + 8 * values[1]
    total += sum(int(d) * w for d, w in zip(digits6, range(7, 1, -1), strict=True))
    check = (11 - total % 11) % 11
    return f"{prefix}{digits6}({'A' if check == 10 else check})"


def rederive(value: str) -> str:
    """Recompute a planted ID from its body, so callers can compare it with the value."""
    if value.endswith(")"):
        prefix = value[: len(value) - 9]
        return hk_id(prefix, value[len(prefix) : len(prefix) + 6])
    if value[1].isalpha():
        return tw_arc_old(value[0], value[1], value[2:9])
    return tw_national_id(value[0], value[1:9])


def check_planted_ids() -> None:
    for entry in json.loads(PLANTED.read_text(encoding="utf-8")):
        if entry["type"] in ("TW_NATIONAL_ID", "TW_ARC", "HK_ID"):
            if rederive(entry["value"]) != entry["value"]:
                raise SystemExit(
                    f"invalid checksum for a planted {entry['type']} in {entry['file']}"
                )


def new_ids(count: int = 3) -> list[str]:
    """Fresh random valid IDs of each kind, for authors adding planted values."""
    rng = random.Random()
    letters = "ABCDEFGHJKLMNPQRSTUVXYWZ"
    out = []
    for _ in range(count):
        body = "".join(rng.choices("0123456789", k=7))
        out.append(tw_national_id(rng.choice(letters), rng.choice("12") + body))
        out.append(tw_national_id(rng.choice(letters), rng.choice("89") + body))
        out.append(tw_arc_old(rng.choice(letters), rng.choice("ABCD"), body))
        out.append(hk_id(rng.choice(letters), body[:6]))
    return out


# --- document builders -----------------------------------------------------------------------


@dataclass(frozen=True)
class Sidecar:
    file_name: str
    audience: str
    title: str


SIDECARS = [
    Sidecar("service-eligibility-policy.zh-TW.docx", "public", "緊急援助服務資格規定（2025年版）"),
    Sidecar("volunteer-handbook.en.pdf", "public", "Volunteer Handbook (2025 edition)"),
    Sidecar("case-note-template.zh-TW.txt", "staff", "個案紀錄範本"),
    Sidecar("case-note-2025-0312.zh-TW.txt", "staff", "個案紀錄 HL-2025-0312"),
    Sidecar("case-note-2025-0419.zh-TW.txt", "staff", "個案紀錄 HL-2025-0419"),
    Sidecar("staff-meeting-minutes-2025-10.big5.txt", "staff", "2025年10月工作人員會議紀錄"),
]


def _source_lines(name: str) -> list[str]:
    return [ln for ln in (SRC / name).read_text(encoding="utf-8").splitlines() if ln.strip()]


def build_docx(source: str, target: Path) -> None:
    """Markdown-like source -> DOCX: #/##/### become Word Heading 1/2/3, |a|b| rows a table."""
    document: DocxDocument = docx.Document()
    props = document.core_properties
    props.author = "Harbour Light Community Association"
    props.created = props.modified = FIXED_DATE.replace(tzinfo=None)
    rows: list[list[str]] = []
    for line in [*_source_lines(source), ""]:
        if line.startswith("|"):
            rows.append([cell.strip() for cell in line.strip("|").split("|")])
            continue
        if rows:
            table = document.add_table(rows=len(rows), cols=len(rows[0]), style="Table Grid")
            for r, cells in enumerate(rows):
                for c, text in enumerate(cells):
                    table.cell(r, c).text = text
            rows = []
        heading = len(line) - len(line.lstrip("#"))
        if heading:
            document.add_heading(line[heading:].strip(), level=heading)
        elif line.startswith("- "):
            document.add_paragraph(line[2:], style="List Bullet")
        elif line:
            document.add_paragraph(line)
    props.title = _source_lines(source)[0].lstrip("# ")
    buffer = io.BytesIO()
    document.save(buffer)
    target.write_bytes(_stable_zip(buffer.getvalue()))


def _stable_zip(data: bytes) -> bytes:
    """Rewrite a zip with fixed member timestamps, so a rebuild leaves the file byte-identical."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w") as dst:
        for member in src.infolist():
            info = zipfile.ZipInfo(member.filename, date_time=FIXED_DATE.timetuple()[:6])
            info.compress_type = zipfile.ZIP_DEFLATED
            dst.writestr(info, src.read(member.filename))
    return out.getvalue()


class _HandbookPdf(FPDF):
    running_title = "Harbour Light Community Association - Volunteer Handbook"

    def header(self) -> None:
        self.set_font("Helvetica", "I", 8)
        self.cell(0, 8, self.running_title, align="R", new_x="LMARGIN", new_y="NEXT")
        self.ln(2)

    def footer(self) -> None:
        self.set_y(-15)
        self.set_font("Helvetica", "", 8)
        self.cell(0, 10, f"Page {self.page_no()}", align="C")


def build_pdf(source: str, target: Path) -> None:
    """Markdown-like source -> a PDF with a real text layer (core font, so ASCII text only)."""
    pdf = _HandbookPdf(format="A4")
    pdf.set_creation_date(FIXED_DATE)
    pdf.set_title("Volunteer Handbook (2025 edition)")
    pdf.set_author("Harbour Light Community Association")
    pdf.set_margins(22, 18, 22)
    pdf.set_auto_page_break(auto=True, margin=20)
    pdf.add_page()
    for line in _source_lines(source):
        if line.startswith("# "):
            pdf.set_font("Helvetica", "B", 17)
            pdf.multi_cell(0, 9, line[2:], align="L", new_x="LMARGIN", new_y="NEXT")
            pdf.ln(4)
        elif line.startswith("## "):
            if pdf.get_y() > pdf.h - 60:  # keep a heading with its first lines
                pdf.add_page()
            pdf.ln(3)
            pdf.set_font("Helvetica", "B", 13)
            pdf.multi_cell(0, 8, line[3:], align="L", new_x="LMARGIN", new_y="NEXT")
            pdf.ln(1)
        elif line.startswith("- "):
            pdf.set_font("Helvetica", "", 11)
            pdf.set_x(pdf.l_margin + 6)
            pdf.multi_cell(0, 6, "- " + line[2:], align="L", new_x="LMARGIN", new_y="NEXT")
            pdf.ln(1)
        else:
            pdf.set_font("Helvetica", "", 11)
            pdf.multi_cell(0, 6, line, align="L", new_x="LMARGIN", new_y="NEXT")
            pdf.ln(2)
    pdf.output(str(target))


def build_big5(source: str, target: Path) -> None:
    text = (SRC / source).read_text(encoding="utf-8")
    target.write_bytes(text.encode("big5"))  # strict: a character outside Big5 must fail here


def write_sidecars() -> None:
    for sidecar in SIDECARS:
        meta = {"audience": sidecar.audience, "title": sidecar.title}
        path = CORPUS / f"{sidecar.file_name}.meta.json"
        path.write_text(json.dumps(meta, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")


def main(argv: list[str]) -> int:
    if argv[1:] == ["--new-ids"]:
        print("\n".join(new_ids()))
        return 0
    check_planted_ids()
    build_docx(
        "service-eligibility-policy.zh-TW.md", CORPUS / "service-eligibility-policy.zh-TW.docx"
    )
    build_pdf("volunteer-handbook.en.md", CORPUS / "volunteer-handbook.en.pdf")
    build_big5(
        "staff-meeting-minutes-2025-10.zh-TW.txt", CORPUS / "staff-meeting-minutes-2025-10.big5.txt"
    )
    write_sidecars()
    print(f"built {len(SIDECARS)} sidecars and 3 generated documents in {CORPUS}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
