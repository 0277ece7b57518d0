"""Shared fixtures for the UI tests: a real app on 127.0.0.1 over a copy of the sample KB.

No tests here. The app runs the real pipeline in extractive mode (no LLM) for speed; the one
LLM test builds its own app.
"""

from __future__ import annotations

import itertools
import shutil
import socket
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from gradio_client import Client

from kb.settings import Settings
from tests.conftest import make_settings
from ui import auth
from ui.app import launch_app
from ui.chat import AnswerMode

# Questions about the sample corpus: public zh-TW, public English, staff-only zh-TW.
ZH_QUESTION = "緊急租金補助每戶每次最高補助多少錢？"
EN_QUESTION = "How many food parcels were distributed in 2025?"
STAFF_QUESTION = "個案紀錄應於接觸後幾個工作天內完成？"
# The UI tests' clients reach the app as through a reverse proxy on 127.0.0.1: each names its own
# address in X-Forwarded-For (from 198.18.0.0/15, reserved for tests), so per-client limits
# treat them as different people, as they would be in a deployment behind a proxy.
TEST_PROXY = ["127.0.0.1"]
_addresses = (f"198.18.{n // 250}.{n % 250 + 1}" for n in itertools.count())
STAFF_ONLY_DOCS = {
    "case-note-template.zh-TW.txt",
    "case-note-2025-0312.zh-TW.txt",
    "case-note-2025-0419.zh-TW.txt",
    "staff-meeting-minutes-2025-10.big5.txt",
    "volunteer-roster-2025-q4.md",
}


@dataclass
class RunningApp:
    url: str
    settings: Settings
    staff_password: str
    officer_password: str


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def copy_kb(source: Settings, target: Path) -> Settings:
    """A private, writable copy of a prepared knowledge base."""
    shutil.copytree(source.data_dir, target)
    return make_settings(target)


def start(
    settings: Settings, monkeypatch: pytest.MonkeyPatch, mode: AnswerMode = "extractive"
) -> Iterator[RunningApp]:
    monkeypatch.delenv(auth.STAFF_PASSWORD_ENV, raising=False)
    monkeypatch.delenv(auth.OFFICER_PASSWORD_ENV, raising=False)
    staff_pw = auth.ensure_staff_credentials(settings)
    officer_pw = auth.ensure_officer_credentials(settings)
    assert staff_pw and officer_pw
    demo, url = launch_app(settings, port=free_port(), block=False, mode=mode)
    try:
        yield RunningApp(
            url=url, settings=settings, staff_password=staff_pw, officer_password=officer_pw
        )
    finally:
        demo.close()


def app_over_samples(
    samples_kb: Settings, tmp_path_factory: pytest.TempPathFactory, **overrides: object
) -> Iterator[RunningApp]:
    """The app over a writable copy of the sample KB, behind TEST_PROXY unless overridden."""
    settings = copy_kb(samples_kb, tmp_path_factory.mktemp("ui-kb") / "data")
    settings = settings.model_copy(update={"trusted_proxies": TEST_PROXY, **overrides})
    with pytest.MonkeyPatch.context() as monkeypatch:
        yield from start(settings, monkeypatch)


def module_app(
    samples_kb: Settings, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[RunningApp]:
    """The app over a copy of the sample KB; a test module makes it a module fixture."""
    yield from app_over_samples(samples_kb, tmp_path_factory)


def client_for(app: RunningApp, tmp_path: Path, address: str | None = None) -> Client:
    """A gradio_client session of its own (files it downloads go to `tmp_path`), coming from
    `address` (a fresh one by default) as far as an app trusting TEST_PROXY is concerned."""
    headers = {"X-Forwarded-For": address or next(_addresses)}
    return Client(app.url, verbose=False, download_files=str(tmp_path), headers=headers)


def message_text(message: dict[str, Any]) -> str:
    """The text of a chat message, whether its content is a string or a list of parts."""
    content = message["content"]
    if isinstance(content, list):
        return "".join(part.get("text", "") for part in content if isinstance(part, dict))
    return str(content)
