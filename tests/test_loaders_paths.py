"""Loaders: walking the given paths to the document files, with a reason for each path skipped."""

from __future__ import annotations

from pathlib import Path

from ingest.errors import IngestError
from ingest.loaders import iter_document_paths
from tests.test_loaders_support import write

# --- walking paths ---------------------------------------------------------------------------


def test_iter_document_paths(tmp_path: Path) -> None:
    root = tmp_path / "docs"
    for name in ("b.txt", "a.md", "sub/c.pdf", "sub/deeper/d.docx", "image.png", ".hidden.txt",
                 ".git/config.txt", "a.md.meta.json"):  # fmt: skip
        write(root / name, "x")
    (root / "sub" / "loop").symlink_to(root, target_is_directory=True)
    (root / "dangling.txt").symlink_to(root / "missing.txt")
    explicit = write(tmp_path / "notes.xyz", "x")
    found = list(iter_document_paths([root, explicit, tmp_path / "nope", root / "a.md"]))
    paths = [str(p.relative_to(tmp_path)) for p in found if isinstance(p, Path)]
    errors = [str(e) for e in found if isinstance(e, IngestError)]
    assert paths == ["docs/a.md", "docs/b.txt", "docs/sub/c.pdf", "docs/sub/deeper/d.docx",
                     "notes.xyz"]  # fmt: skip
    assert errors == ["dangling.txt: broken or looping symbolic link", "nope: path does not exist"]


def test_iter_document_paths_vanished_directory(tmp_path: Path) -> None:
    root = tmp_path / "docs"
    write(root / "a" / "one.txt", "x")
    write(root / "b" / "two.txt", "x")
    walker = iter_document_paths([root])
    assert next(walker) == root / "a" / "one.txt"
    (root / "b" / "two.txt").unlink()
    (root / "b").rmdir()
    assert [str(e) for e in walker] == ["b: directory vanished while it was being read"]
