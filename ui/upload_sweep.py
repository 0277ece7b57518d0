"""Raw uploads never stay on disk: a private Gradio cache, swept at start, and private exports.

A raw upload holds unscrubbed personal data. It is deleted after ingest (ui/documents.py), but a
server killed meanwhile leaves it in `<data dir>/uploads/` and in Gradio's cache (also a
half-received upload, which Gradio writes there as it arrives). So the server starts by emptying
both. Gradio's cache is emptied only if it is ngo-kb's own: by default `<data dir>/upload-cache`;
a GRADIO_TEMP_DIR the operator chose is adopted only if it is new or empty, and marked so.
"""

from __future__ import annotations

import os
import secrets
import shutil
import sys
from pathlib import Path

from kb.settings import Settings

GRADIO_TEMP_DIR = "GRADIO_TEMP_DIR"
MARKER = ".ngo-kb-upload-cache"
# Every 10 minutes Gradio deletes the files this app put in its cache more than an hour ago.
DELETE_CACHE = (600, 3600)


def uploads_dir(settings: Settings) -> Path:
    return settings.data_dir / "uploads"


def claim_upload_cache(settings: Settings) -> Path | None:
    """Point Gradio at a cache of ngo-kb's own (before the app is built); None if the folder
    the operator chose is shared with other files and so is never swept."""
    cache = Path(os.environ.setdefault(GRADIO_TEMP_DIR, str(settings.data_dir / "upload-cache")))
    if not (cache / MARKER).is_file():
        if cache.is_dir() and any(cache.iterdir()):
            print(
                f"Warning: {GRADIO_TEMP_DIR}={cache} holds other files, so raw uploads left "
                "there by a crash are not swept; point it at a folder of ngo-kb's own.",
                file=sys.stderr,
            )
            return None
        cache.mkdir(parents=True, exist_ok=True, mode=0o700)
        (cache / MARKER).touch(mode=0o600)
    cache.chmod(0o700)
    return cache


def _empty(folder: Path, keep: str = "") -> None:
    if not folder.is_dir():
        return
    for entry in folder.iterdir():
        if entry.name == keep:
            continue
        if entry.is_dir() and not entry.is_symlink():
            shutil.rmtree(entry, ignore_errors=True)
        else:
            entry.unlink(missing_ok=True)


def sweep_at_start(settings: Settings, cache: Path | None) -> None:
    """Delete what a killed server left: transient upload copies and Gradio's cached files."""
    _empty(uploads_dir(settings))
    if cache is not None:
        _empty(cache, keep=MARKER)


def private_cached_copy(path: Path) -> Path:
    """Move a file the app made (an export) into a new 0700 folder of Gradio's cache, 0600, so
    Gradio serves it without copying it world-readable, and remove the folder it came from."""
    from gradio.utils import get_upload_folder

    folder = Path(get_upload_folder()) / f"export-{secrets.token_hex(16)}"
    folder.mkdir(parents=True, mode=0o700)
    target = folder / path.name
    shutil.move(path, target)
    target.chmod(0o600)
    shutil.rmtree(path.parent, ignore_errors=True)
    return target
