"""Loaders: every bad input (empty, unreadable, binary, corrupt, encrypted, a bomb) is refused."""

from __future__ import annotations

import io
import os
import zipfile
from pathlib import Path

import pytest

from eval.hostile_files import BOMBS, handmade_pdf, legal_docx, legal_pdf
from ingest.loaders import iter_document_paths, load_document
from tests.test_loaders_support import LIMIT, MB, ZH, make_pdf, refused, text_of, write

# --- bad inputs ------------------------------------------------------------------------------


def test_unsupported_extension(tmp_path: Path) -> None:
    assert "unsupported file type '.exe'" in refused(write(tmp_path / "tool.exe", b"MZ..."))


def test_empty_file(tmp_path: Path) -> None:
    assert refused(write(tmp_path / "empty.txt", b"")) == "empty file (0 bytes)"


def test_whitespace_only_file(tmp_path: Path) -> None:
    assert refused(write(tmp_path / "blank.md", "\n \n\t\n")) == "no text found in the document"


def test_file_over_the_size_limit(tmp_path: Path) -> None:
    path = write(tmp_path / "big.txt", "a" * 2048)
    assert "over the limit" in refused(path, max_bytes=1024)


@pytest.mark.skipif(os.geteuid() == 0, reason="root ignores file permissions")
def test_unreadable_file(tmp_path: Path) -> None:
    path = write(tmp_path / "secret.txt", "hidden")
    path.chmod(0)
    try:
        assert refused(path) == "unreadable: permission denied"
    finally:
        path.chmod(0o600)


def test_unreadable_file_when_permission_bits_cannot_deny(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Test double: tests run as root here, and root is never denied by permission bits, so the
    # EACCES from open() is simulated. The chmod test above covers it for ordinary users.
    path = write(tmp_path / "secret.txt", "hidden")

    def deny(self: Path, *args: object, **kwargs: object) -> None:
        raise PermissionError(13, "Permission denied", str(self))

    monkeypatch.setattr(Path, "open", deny)
    assert refused(path) == "unreadable: permission denied"


def test_unreadable_file_as_root_via_directory(tmp_path: Path) -> None:
    # Root bypasses permission bits, so this checks the other cause of "cannot open": a
    # directory where a file was expected.
    path = tmp_path / "folder.txt"
    path.mkdir()
    assert refused(path) == "not a regular file"


def test_vanished_file(tmp_path: Path) -> None:
    assert "file not found" in refused(tmp_path / "gone.pdf")


@pytest.mark.parametrize(
    ("name", "data", "expected"),
    [
        ("photo.txt", b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4, "looks like a PNG image"),
        ("blob.md", b"abc\x00\x01\x02def" * 100, "NUL bytes"),
        ("doc.html", b"%PDF-1.7 not html", "looks like a PDF"),
        ("ctrl.txt", b"text \x01\x02\x03\x04\x05\x06 more" * 50, "control characters"),
    ],
)
def test_binary_content_with_a_text_extension(
    tmp_path: Path, name: str, data: bytes, expected: str
) -> None:
    assert expected in refused(write(tmp_path / name, data))


def test_invalid_utf8_bytes(tmp_path: Path) -> None:
    data = (ZH * 20).encode("utf-8")
    data = data[:99] + b"\xff\xfe\xfd" + data[99:]
    reason = refused(write(tmp_path / "broken.txt", data))
    assert reason == "invalid UTF-8 byte sequence at byte offset 99"


def test_invalid_bytes_in_declared_html_charset(tmp_path: Path) -> None:
    page = b'<html><head><meta charset="utf-8"></head><body><p>caf\xe9 \xff</p></body></html>'
    assert "invalid bytes for encoding utf-8" in refused(write(tmp_path / "bad.html", page))


def test_utf8_wins_over_a_stale_latin1_declaration(tmp_path: Path) -> None:
    page = f'<meta http-equiv="Content-Type" content="text/html; charset=iso-8859-1"><p>{ZH}</p>'
    assert text_of(write(tmp_path / "old.html", page.encode("utf-8"))) == ZH
    latin = '<meta charset="iso-8859-1"><p>Caf\xe9 cr\xe8me</p>'.encode("latin-1")
    assert text_of(write(tmp_path / "latin.html", latin)) == "Café crème"


def test_unknown_declared_charset(tmp_path: Path) -> None:
    page = b'<html><head><meta charset="klingon-8"></head><body><p>hi</p></body></html>'
    assert "unknown declared encoding" in refused(write(tmp_path / "k.html", page))


def test_corrupt_pdf(tmp_path: Path) -> None:
    data = make_pdf(["Some text here."])
    assert refused(write(tmp_path / "cut.pdf", data[: len(data) // 3])).startswith("corrupt PDF")
    assert refused(write(tmp_path / "fake.pdf", b"hello, not a pdf")).startswith("corrupt PDF")


def test_encrypted_pdf(tmp_path: Path) -> None:
    data = make_pdf(["Secret minutes."], owner_password="owner", user_password="user")
    assert refused(write(tmp_path / "locked.pdf", data)) == "encrypted PDF: a password is required"


def test_handmade_pdf_helper_is_readable(tmp_path: Path) -> None:
    data = handmade_pdf([b"BT /F1 12 Tf 72 700 Td (Food bank opens at two.) Tj ET"])
    assert "Food bank opens at two." in text_of(write(tmp_path / "ok.pdf", data))


@pytest.mark.parametrize("kind", sorted(BOMBS))
def test_bomb_is_refused_before_it_expands(tmp_path: Path, kind: str) -> None:
    name, data, expected = BOMBS[kind]()
    assert expected in refused(write(tmp_path / name, data))


def test_handmade_pdf_of_many_pages_is_read_page_by_page(tmp_path: Path) -> None:
    document = load_document(write(tmp_path / "statutes.pdf", legal_pdf(3, lines=2)), LIMIT)
    assert [b.page for b in document.blocks] == [1, 2, 3] and document.pages == 3
    assert "Article 3.1: the tenant keeps the stairwell clear" in text_of(tmp_path / "statutes.pdf")


def test_legal_docx_holds_its_clauses(tmp_path: Path) -> None:
    path = write(tmp_path / "lease.docx", legal_docx(5))
    texts = [block.text for block in load_document(path, LIMIT).blocks]
    assert texts == [f"Clause {n}: the tenant keeps the stairwell clear." for n in range(5)]


def test_image_only_pdf(tmp_path: Path) -> None:
    reason = refused(write(tmp_path / "scan.pdf", make_pdf(["", ""])))
    assert reason.startswith("no text layer")


def test_corrupt_docx(tmp_path: Path) -> None:
    assert "not a valid zip" in refused(write(tmp_path / "a.docx", b"PK\x03\x04garbage" * 10))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("hello.txt", "no word body here")
    assert "no word/document.xml" in refused(write(tmp_path / "b.docx", buffer.getvalue()))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("word/document.xml", "<not-really-xml")
        archive.writestr("[Content_Types].xml", "<broken")
    assert refused(write(tmp_path / "c.docx", buffer.getvalue())).startswith("corrupt DOCX")


def test_encrypted_or_legacy_word_file(tmp_path: Path) -> None:
    ole = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 512
    assert refused(write(tmp_path / "locked.docx", ole)).startswith("encrypted DOCX or legacy")


def test_named_pipe_is_not_opened(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe.txt"
    os.mkfifo(fifo)
    assert refused(fifo) == "not a regular file"  # opening it would block forever
    assert [str(e) for e in iter_document_paths([fifo])] == [
        "pipe.txt: not a regular file or directory"
    ]
    assert list(iter_document_paths([tmp_path])) == []


def test_symlink_loop_file(tmp_path: Path) -> None:
    (tmp_path / "a.txt").symlink_to(tmp_path / "b.txt")
    (tmp_path / "b.txt").symlink_to(tmp_path / "a.txt")
    found = [str(e) for e in iter_document_paths([tmp_path, tmp_path / "a.txt"])]
    assert found == [
        "a.txt: broken or looping symbolic link",
        "b.txt: broken or looping symbolic link",
        "a.txt: broken or looping symbolic link",
    ]
    assert refused(tmp_path / "a.txt") == "broken or looping symbolic link"


def test_huge_html_element_count(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # The real limit (500,000 elements) is lowered so the test builds a small page quickly.
    monkeypatch.setattr("ingest.loaders.html.MAX_ELEMENTS", 1000)
    page = "<html><body>" + "<span>x</span>" * 1001 + "</body></html>"
    assert "more than 1000 elements" in refused(write(tmp_path / "huge.html", page))


@pytest.mark.timeout(120)  # a hang guard, not a speed measurement (see bench/)
def test_large_html_parses(tmp_path: Path) -> None:
    row = "<p>Some text <b>here</b> and a <a href='x'>link</a>.</p>\n"
    path = write(tmp_path / "large.html", "<html><body>" + row * 50_000 + "</body></html>")
    assert len(load_document(path, LIMIT).blocks) == 50_000


def test_reason_never_contains_document_text(tmp_path: Path) -> None:
    marker = "F228731640"
    cases = [
        write(tmp_path / "a.txt", (marker + ZH * 10).encode("utf-8")[:-1] + b"\xff"),
        write(tmp_path / "b.html", f'<meta charset="big5"><p>{marker}'.encode() + b"\xff\xff"),
        write(tmp_path / "c.pdf", f"%PDF-1.4 {marker}".encode()),
        write(tmp_path / "d.md", f"---\naudience: {marker}\n---\n{ZH}"),
    ]
    for path in cases:
        assert marker not in refused(path)


@pytest.mark.timeout(120)  # a hang guard, not a speed measurement (see bench/)
def test_big_text_file_loads(tmp_path: Path) -> None:
    paragraph = "港灣之光社區協會提供緊急食物援助，\n並協助租金補助與長者關懷訪視。\n\n"
    path = write(tmp_path / "big.txt", paragraph * (10 * MB // len(paragraph.encode())))
    document = load_document(path, 20 * MB)
    assert len(document.blocks) > 100_000
