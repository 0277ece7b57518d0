"""The audit chain's HMAC key and each log's anchor, both kept outside the data directory.

Whoever can write the data directory but not the key cannot recompute a record's MAC, and the
anchor (count and last MAC of a log, itself MACed) remembers how many records were written even
when the log and its head file are both deleted.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import os
import secrets
from pathlib import Path

from pydantic import BaseModel, ValidationError

from kb.settings import Settings


class Anchor(BaseModel):
    """What the log's writer last recorded: record count, last record MAC, a MAC of both."""

    log: str
    count: int
    hash: str
    mac: str


def _private_temp(path: Path, text: str) -> Path:
    """A new 0600 file beside `path` holding `text`, to be moved or linked into place."""
    tmp = path.with_name(f".{path.name}.{secrets.token_hex(4)}.tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as out:
        out.write(text)
    return tmp


def load_key(settings: Settings, create: bool) -> bytes | None:
    """The key from NGOKB_AUDIT_KEY, else from the key file (created 0600 if `create`)."""
    if settings.audit_key is not None:
        return settings.audit_key.get_secret_value().encode()
    path = settings.audit_key_file
    if not path.is_file():
        if not create:
            return None
        path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        tmp = _private_temp(path, secrets.token_hex(32))
        try:
            os.link(tmp, path)  # atomic and never overwrites a key another process just made
        except FileExistsError:
            pass
        finally:
            tmp.unlink()
    return bytes.fromhex(path.read_text(encoding="utf-8").strip())


def mac(key: bytes, text: str) -> str:
    return hmac.new(key, text.encode(), hashlib.sha256).hexdigest()


def head_mac(key: bytes, log: Path, count: int, last: str) -> str:
    """The MAC binding a (count, last record MAC) pair to one log."""
    return mac(key, f"{log.resolve()}\n{count}\n{last}")


def anchor_path(settings: Settings, log: Path) -> Path:
    name = hashlib.sha256(str(log.resolve()).encode()).hexdigest()[:32]
    return settings.audit_anchor_dir / f"{name}.json"


def read_anchor(settings: Settings, log: Path) -> Anchor | None:
    path = anchor_path(settings, log)
    if not path.is_file():
        return None
    try:
        return Anchor.model_validate_json(path.read_text(encoding="utf-8"))
    except ValidationError:
        return Anchor(log=str(log), count=-1, hash="", mac="")  # unreadable: fails its MAC check


def write_anchor(settings: Settings, key: bytes, log: Path, count: int, last: str) -> None:
    path = anchor_path(settings, log)
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    anchor = Anchor(
        log=str(log.resolve()), count=count, hash=last, mac=head_mac(key, log, count, last)
    )
    os.replace(_private_temp(path, json.dumps(anchor.model_dump())), path)
