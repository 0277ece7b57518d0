"""Expand files and directories into the document paths to ingest, in a stable order."""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from ingest.errors import IngestError
from ingest.loaders.sidecar import SIDECAR_SUFFIX

BROKEN_LINK = "broken or looping symbolic link"
OUTSIDE_LINK = "symbolic link to a file outside the folder being ingested; not followed"


@dataclass(frozen=True)
class SkippedFile:
    """A file in a walked directory that no loader reads: named in the summary, not a failure."""

    name: str

    def __str__(self) -> str:
        return f"{self.name}: unsupported type {Path(self.name).suffix.lower() or '(none)'}"


def _skipped(name: str) -> bool:
    return name.startswith(".") or name.endswith(SIDECAR_SUFFIX)


Found = Path | IngestError | SkippedFile


def _of_type(entry: os.DirEntry[str], suffixes: frozenset[str]) -> Path | SkippedFile:
    supported = Path(entry.name).suffix.lower() in suffixes
    return Path(entry.path) if supported else SkippedFile(entry.name)


def _walk_directory(root: Path, suffixes: frozenset[str]) -> Iterator[Found]:
    # Explicit stack of directories; symlinked directories are never entered, so no loops.
    stack: list[Path] = [root]
    real_root = root.resolve()
    while stack:
        directory = stack.pop()
        try:
            with os.scandir(directory) as scan:
                entries = sorted(scan, key=lambda e: e.name)
        except FileNotFoundError:
            yield IngestError(directory.name, "directory vanished while it was being read")
            continue
        except PermissionError:
            yield IngestError(directory.name, "directory unreadable: permission denied")
            continue
        except OSError as exc:
            yield IngestError(directory.name, f"directory unreadable ({type(exc).__name__})")
            continue
        subdirectories: list[Path] = []
        for entry in entries:
            if _skipped(entry.name):
                continue
            try:
                if entry.is_dir(follow_symlinks=False):
                    subdirectories.append(Path(entry.path))
                elif entry.is_symlink():
                    # os.path.* answer False for broken and looping links instead of raising.
                    if os.path.isdir(entry.path):
                        continue  # symlinked directories are not entered
                    if not os.path.isfile(entry.path):
                        yield IngestError(entry.name, BROKEN_LINK)
                    elif not Path(entry.path).resolve().is_relative_to(real_root):
                        yield IngestError(entry.name, OUTSIDE_LINK)
                    else:
                        yield _of_type(entry, suffixes)
                elif entry.is_file(follow_symlinks=False):
                    yield _of_type(entry, suffixes)
            except FileNotFoundError:
                yield IngestError(entry.name, "file vanished while the directory was read")
            except OSError as exc:
                yield IngestError(entry.name, f"cannot be read ({type(exc).__name__})")
        stack.extend(reversed(subdirectories))


def walk_paths(paths: list[Path], suffixes: frozenset[str]) -> Iterator[Found]:
    """Yield each file once: explicit files as given, directories walked for `suffixes` (files of
    other types found there are yielded as SkippedFile)."""
    seen: set[Path] = set()
    for path in paths:
        path = Path(path)
        if not os.path.lexists(path):
            yield IngestError(path.name or str(path), "path does not exist")
            continue
        if path.is_dir():
            found: Iterator[Found] = _walk_directory(path, suffixes)
        elif path.is_file():
            found = iter([path])
        elif path.is_symlink():
            found = iter([IngestError(path.name, BROKEN_LINK)])
        else:
            found = iter([IngestError(path.name, "not a regular file or directory")])
        for item in found:
            if isinstance(item, Path):
                try:
                    key = item.resolve()
                except OSError:
                    key = item.absolute()
                if key in seen:
                    continue
                seen.add(key)
            yield item
