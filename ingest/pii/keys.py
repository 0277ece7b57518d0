"""The HMAC key and the allowlist, both kept in the data directory."""

from __future__ import annotations

import os
import secrets
import threading
from pathlib import Path

from ingest.pii.scrubber import Scrubber
from kb.settings import Settings

KEY_BYTES = 32
_cache: dict[tuple[Path, Path, float, bool], Scrubber] = {}
_lock = threading.Lock()


def load_key(path: Path) -> bytes:
    """Read the key, creating 32 random bytes (mode 0600) the first time."""
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        key = path.read_bytes()
        if len(key) < KEY_BYTES:
            raise ValueError(f"the key file {path} is truncated") from None
        return key
    with os.fdopen(fd, "wb") as fh:
        fh.write(secrets.token_bytes(KEY_BYTES))
    return path.read_bytes()


def read_allowlist(path: Path) -> list[str]:
    """One name per line; blank lines and # comments ignored. Missing file: empty list."""
    if not path.exists():
        return []
    names = []
    for line in path.read_text(encoding="utf-8").splitlines():
        name = line.split("#", 1)[0].strip()
        if name:
            names.append(name)
    return names


def load_scrubber(settings: Settings) -> Scrubber:
    """The process-wide scrubber for this data directory (rebuilt when the allowlist changes)."""
    allow_path = settings.allowlist_path
    mtime = allow_path.stat().st_mtime if allow_path.exists() else 0.0
    keep_public = settings.pii_keep_public_contacts
    cache_key = (settings.secret_key_path.resolve(), allow_path.resolve(), mtime, keep_public)
    with _lock:
        if cache_key not in _cache:
            for stale in [k for k in _cache if k[:2] == cache_key[:2]]:
                del _cache[stale]  # the allowlist or rule changed: drop the old scrubber
            settings.ensure_data_dir()
            _cache[cache_key] = Scrubber(
                load_key(settings.secret_key_path),
                read_allowlist(allow_path),
                keep_public_contacts=keep_public,
            )
        return _cache[cache_key]
