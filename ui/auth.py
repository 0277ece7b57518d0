"""Sign-in for staff and data officers: scrypt-hashed credentials in a private file under data_dir.

There is no default password. On first run `ensure_staff_credentials` / `ensure_officer_credentials`
take the password from the environment or generate one, store only its hash, and hand the plain
password back once so the CLI can show it.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import math
import os
import secrets
import threading
import time
from collections import OrderedDict
from collections.abc import Callable
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
_FREE_FAILURES = 3
_MAX_BACKOFF_S = 300.0
_FORGET_AFTER_S = 900.0


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
    # sha256 of the client cookie the sign-in request carried (ui/client_cookie.py).
    client_digest: str | None = None

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


class TooManyAttempts(Exception):
    """This client failed too often: its next attempt is not checked for `wait_s` seconds."""

    def __init__(self, wait_s: int) -> None:
        super().__init__(f"try again in {wait_s} s")
        self.wait_s = wait_s


class SignInBackoff:
    """Per-client backoff after failed sign-ins, in place of locking the user name.

    After 3 failures a client waits 2, 4, 8 ... seconds (at most 300) after each further failure
    before its next attempt is checked; a success or 15 quiet minutes clear it. A stranger's
    failures never slow the owner on another client, and nothing sleeps in a shared worker.
    """

    def __init__(
        self, max_clients: int = 10_000, clock: Callable[[], float] = time.monotonic
    ) -> None:
        self.max_clients = max(1, max_clients)
        self.clock = clock
        self._lock = threading.Lock()
        self._failures: OrderedDict[str, tuple[int, float]] = OrderedDict()

    def wait_s(self, client: str) -> int:
        """0 if the client may try now, else the whole seconds it must wait."""
        now = self.clock()
        with self._lock:
            count, last = self._failures.get(client, (0, now))
            if now - last >= _FORGET_AFTER_S:
                self._failures.pop(client, None)
                return 0
            if count < _FREE_FAILURES:
                return 0
            delay = min(2.0 ** (count - _FREE_FAILURES + 1), _MAX_BACKOFF_S)
            return max(0, math.ceil(delay - (now - last)))

    def fail(self, client: str) -> None:
        with self._lock:
            count, _ = self._failures.pop(client, (0, 0.0))
            self._failures[client] = (count + 1, self.clock())
            while len(self._failures) > self.max_clients:
                self._failures.popitem(last=False)

    def clear(self, client: str) -> None:
        with self._lock:
            self._failures.pop(client, None)


_backoff = SignInBackoff()


def authenticate(
    settings: Settings, username: str, password: str, client: str = "local"
) -> SignedIn | None:
    """The identity for valid credentials, or None; raises TooManyAttempts while `client` (its
    address) is backing off, before any password is checked."""
    wait_s = _backoff.wait_s(client)
    if wait_s:
        raise TooManyAttempts(wait_s)
    username = username.strip()
    stored = _load(settings).get(username) if username and password else None
    if stored is None or not verify_password(password, stored):
        _backoff.fail(client)
        return None
    _backoff.clear(client)
    return SignedIn(role=stored.role, username=username)
