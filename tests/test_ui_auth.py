"""Staff/officer credentials: generated once, only hashes stored, env override, backoff."""

from __future__ import annotations

import json
import stat
from pathlib import Path

import pytest

from kb.settings import Settings, load_settings
from ui import auth


@pytest.fixture()
def settings(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Settings:
    monkeypatch.delenv(auth.STAFF_PASSWORD_ENV, raising=False)
    monkeypatch.delenv(auth.OFFICER_PASSWORD_ENV, raising=False)
    monkeypatch.setattr(auth, "_backoff", auth.SignInBackoff())
    return load_settings(data_dir=tmp_path / "data")


def test_first_run_generates_a_password_once_and_stores_only_its_hash(settings: Settings) -> None:
    password = auth.ensure_staff_credentials(settings)
    assert password and len(password) >= 12
    assert auth.ensure_staff_credentials(settings) is None  # second run: nothing new to show
    path = auth.credentials_path(settings)
    text = path.read_text()
    assert password not in text
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert json.loads(text)["users"]["staff"]["role"] == "staff"
    who = auth.authenticate(settings, "staff", password)
    assert who is not None and who.role is auth.Role.STAFF
    assert auth.authenticate(settings, "staff", password + "x") is None


def test_officer_is_a_separate_user_with_the_audit_permission(settings: Settings) -> None:
    staff_pw = auth.ensure_staff_credentials(settings)
    officer_pw = auth.ensure_officer_credentials(settings)
    assert staff_pw and officer_pw and staff_pw != officer_pw
    officer = auth.authenticate(settings, "officer", officer_pw)
    staff = auth.authenticate(settings, "staff", staff_pw)
    assert officer is not None and officer.can(auth.Permission.AUDIT)
    assert staff is not None and not staff.can(auth.Permission.AUDIT)
    assert auth.authenticate(settings, "officer", staff_pw) is None
    assert not auth.SignedIn().can(auth.Permission.MANAGE_DOCUMENTS)


def test_password_from_environment_is_used_and_not_returned(
    settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(auth.STAFF_PASSWORD_ENV, "correct horse battery")
    assert auth.ensure_staff_credentials(settings) is None
    assert auth.authenticate(settings, "staff", "correct horse battery") is not None
    monkeypatch.setenv(auth.STAFF_PASSWORD_ENV, "another long secret")
    auth.ensure_staff_credentials(settings)
    assert auth.authenticate(settings, "staff", "correct horse battery") is None
    assert auth.authenticate(settings, "staff", "another long secret") is not None


ATTACKER, OWNER = "203.0.113.66", "198.51.100.7"


def test_failures_slow_the_client_that_fails_never_the_owner(
    settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    now = [1000.0]
    monkeypatch.setattr(auth, "_backoff", auth.SignInBackoff(clock=lambda: now[0]))
    password = auth.ensure_staff_credentials(settings)
    assert password
    for _ in range(3):
        assert auth.authenticate(settings, "staff", "wrong password", ATTACKER) is None
    with pytest.raises(auth.TooManyAttempts) as waiting:
        auth.authenticate(settings, "staff", "wrong password", ATTACKER)
    assert waiting.value.wait_s == 2
    # The owner, on another client, signs in at once: the user name is not locked.
    who = auth.authenticate(settings, "staff", password, OWNER)
    assert who is not None and who.role is auth.Role.STAFF
    # The failing client is told to wait, never that a right password is wrong ...
    with pytest.raises(auth.TooManyAttempts):
        auth.authenticate(settings, "staff", password, ATTACKER)
    now[0] += 2
    assert auth.authenticate(settings, "staff", "still wrong", ATTACKER) is None
    with pytest.raises(auth.TooManyAttempts) as waiting:  # ... and waits longer each time
        auth.authenticate(settings, "staff", password, ATTACKER)
    assert waiting.value.wait_s == 4
    now[0] += 4
    assert auth.authenticate(settings, "staff", password, ATTACKER) is not None


def test_backoff_is_bounded_in_time_and_memory() -> None:
    now = [0.0]
    backoff = auth.SignInBackoff(max_clients=2, clock=lambda: now[0])
    for _ in range(30):
        backoff.fail("a")
    assert backoff.wait_s("a") == 300  # at most five minutes
    now[0] = 901.0
    assert backoff.wait_s("a") == 0  # forgotten after 15 quiet minutes
    for client in ("b", "c", "d"):
        for _ in range(5):
            backoff.fail(client)
    assert backoff.wait_s("b") == 0 and backoff.wait_s("d") > 0  # the oldest was dropped


def test_short_passwords_are_rejected(settings: Settings) -> None:
    with pytest.raises(ValueError):
        auth.set_password(settings, "staff", auth.Role.STAFF, "short")


def test_first_run_notice_names_new_passwords_once(settings: Settings) -> None:
    notice = auth.first_run_notice(settings)
    assert notice and "'staff'" in notice and "'officer'" in notice
    assert str(auth.credentials_path(settings)) in notice
    staff_line = next(line for line in notice.splitlines() if "'staff'" in line)
    password = staff_line.rsplit("password ", 1)[1]
    assert auth.authenticate(settings, "staff", password) is not None
    assert auth.first_run_notice(settings) is None
