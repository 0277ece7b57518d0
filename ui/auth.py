"""Sign-in for staff and data officers: scrypt-hashed credentials in a private file under data_dir.

There is no default password. On first run `ensure_staff_credentials` / `ensure_officer_credentials`
take the password from the environment or generate one, store only its hash, and hand the plain
password back once so the CLI can show it.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import os
import secrets
import threading
import time
from enum import StrEnum
from pathlib import Path

from pydantic import BaseModel

from kb.settings import Settings

CREDENTIALS_FILE = "ui_credentials.json"
STAFF_USER = "staff"
OFFICER_USER = "officer"
STAFF_PASSWORD_ENV = "NGOKB_STAFF_PASSWORD"
OFFICER_PASSWORD_ENV = "NGOKB_OFFICER_PASSWORD"

_SCRYPT_N, _SCRYPT_R, _SCRYPT_P = 2**14, 8, 1
_MAX_FAILURES = 5
_LOCKOUT_S = 300.0


class Role(StrEnum):
    PUBLIC = "public"
    STAFF = "staff"
    DATA_OFFICER = "data_officer"


class Permission(StrEnum):
    ASK_STAFF_DOCUMENTS = "ask_staff_documents"
    MANAGE_DOCUMENTS = "manage_documents"
    AUDIT = "audit"


ROLE_PERMISSIONS: dict[Role, frozenset[Permission]] = {
    Role.PUBLIC: frozenset(),
    Role.STAFF: frozenset({Permission.ASK_STAFF_DOCUMENTS, Permission.MANAGE_DOCUMENTS}),
    Role.DATA_OFFICER: frozenset(
        {Permission.ASK_STAFF_DOCUMENTS, Permission.MANAGE_DOCUMENTS, Permission.AUDIT}
    ),
}


class SignedIn(BaseModel):
    """A session's identity. Written only by the sign-in and sign-out handlers."""

    role: Role = Role.PUBLIC
    username: str | None = None

    def can(self, permission: Permission) -> bool:
        return permission in ROLE_PERMISSIONS[self.role]


class PasswordHash(BaseModel):
    role: Role
    salt: str
    hash: str
    n: int = _SCRYPT_N
    r: int = _SCRYPT_R
    p: int = _SCRYPT_P


def credentials_path(settings: Settings) -> Path:
    return settings.data_dir / CREDENTIALS_FILE


def hash_password(password: str, role: Role) -> PasswordHash:
    salt = secrets.token_bytes(16)
    digest = hashlib.scrypt(
        password.encode(), salt=salt, n=_SCRYPT_N, r=_SCRYPT_R, p=_SCRYPT_P, dklen=32
    )
    return PasswordHash(role=role, salt=salt.hex(), hash=digest.hex())


def verify_password(password: str, stored: PasswordHash) -> bool:
    digest = hashlib.scrypt(
        password.encode(),
        salt=bytes.fromhex(stored.salt),
        n=stored.n,
        r=stored.r,
        p=stored.p,
        dklen=32,
    )
    return hmac.compare_digest(digest.hex(), stored.hash)


def _load(settings: Settings) -> dict[str, PasswordHash]:
    path = credentials_path(settings)
    if not path.exists():
        return {}
    raw = json.loads(path.read_text(encoding="utf-8"))
    return {user: PasswordHash.model_validate(rec) for user, rec in raw.get("users", {}).items()}


def _save(settings: Settings, users: dict[str, PasswordHash]) -> None:
    settings.ensure_data_dir()
    path = credentials_path(settings)
    tmp = path.with_suffix(".tmp")
    payload = {"users": {user: rec.model_dump() for user, rec in users.items()}}
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as fh:
        json.dump(payload, fh, indent=2)
    os.replace(tmp, path)


def set_password(settings: Settings, username: str, role: Role, password: str) -> None:
    """Create or replace one user's credentials (e.g. for a CLI password reset)."""
    if len(password) < 8:
        raise ValueError("password must have at least 8 characters")
    users = _load(settings)
    users[username] = hash_password(password, role)
    _save(settings, users)


def _ensure(settings: Settings, username: str, role: Role, env_var: str) -> str | None:
    users = _load(settings)
    from_env = os.environ.get(env_var)
    if from_env:
        current = users.get(username)
        if current is None or current.role != role or not verify_password(from_env, current):
            set_password(settings, username, role, from_env)
        return None
    if username in users:
        return None
    generated = secrets.token_urlsafe(12)
    set_password(settings, username, role, generated)
    return generated


def ensure_staff_credentials(settings: Settings) -> str | None:
    """Make sure the `staff` user exists; return a newly generated password once, else None."""
    return _ensure(settings, STAFF_USER, Role.STAFF, STAFF_PASSWORD_ENV)


def ensure_officer_credentials(settings: Settings) -> str | None:
    """Make sure the `officer` (data officer) user exists; same contract as for staff."""
    return _ensure(settings, OFFICER_USER, Role.DATA_OFFICER, OFFICER_PASSWORD_ENV)


def first_run_notice(settings: Settings) -> str | None:
    """Create missing staff/officer credentials; a message naming any new password, else None."""
    created = {
        user: password
        for user, password in (
            (STAFF_USER, ensure_staff_credentials(settings)),
            (OFFICER_USER, ensure_officer_credentials(settings)),
        )
        if password
    }
    if not created:
        return None
    lines = [
        f"New sign-in credentials (only their hashes are kept in {credentials_path(settings)}):"
    ]
    lines += [f"  user {user!r}: password {password}" for user, password in created.items()]
    lines.append(
        f"Write them down now; they are not shown again. To choose your own, set "
        f"{STAFF_PASSWORD_ENV} / {OFFICER_PASSWORD_ENV} before starting."
    )
    return "\n".join(lines)


class _Throttle:
    """Locks a user name for a while after repeated failed sign-ins (per process)."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._failures: dict[str, list[float]] = {}

    def locked(self, username: str) -> bool:
        now = time.monotonic()
        with self._lock:
            recent = [t for t in self._failures.get(username, []) if now - t < _LOCKOUT_S]
            self._failures[username] = recent
            return len(recent) >= _MAX_FAILURES

    def fail(self, username: str) -> None:
        with self._lock:
            self._failures.setdefault(username, []).append(time.monotonic())

    def clear(self, username: str) -> None:
        with self._lock:
            self._failures.pop(username, None)


_throttle = _Throttle()


def authenticate(settings: Settings, username: str, password: str) -> SignedIn | None:
    """The identity for valid credentials, or None (also while the user name is locked out)."""
    username = username.strip()
    if not username or not password or _throttle.locked(username):
        return None
    stored = _load(settings).get(username)
    if stored is None or not verify_password(password, stored):
        _throttle.fail(username)
        return None
    _throttle.clear(username)
    return SignedIn(role=stored.role, username=username)
