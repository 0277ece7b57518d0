"""The one-server example files in deploy/ stay in step with the settings and the CLI."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

from kb.settings import Settings

DEPLOY = Path(__file__).resolve().parents[1] / "deploy"
ENV_FILE = DEPLOY / "ngo-kb.env"


def _variables() -> dict[str, str]:
    lines = ENV_FILE.read_text(encoding="utf-8").splitlines()
    pairs = [line.split("=", 1) for line in lines if line.strip() and not line.startswith("#")]
    return {key.strip(): value.strip() for key, value in pairs}


def test_every_variable_of_the_example_environment_is_a_setting() -> None:
    variables = _variables()
    assert len(variables) >= 8
    unknown = [
        k for k in variables if k.removeprefix("NGOKB_").lower() not in Settings.model_fields
    ]
    assert unknown == []


def test_the_example_environment_points_at_both_servers(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in [n for n in os.environ if n.startswith("NGOKB_")]:
        monkeypatch.delenv(name)
    settings = Settings(_env_file=ENV_FILE)  # type: ignore[call-arg]
    assert settings.chroma_url == "http://127.0.0.1:8001"
    assert settings.llm_backend == "openai"
    assert settings.openai_base_url == "http://127.0.0.1:8000/v1"
    assert settings.trusted_proxies == ["127.0.0.1"]
    assert settings.chat_concurrency == 8


def test_the_units_run_the_chroma_port_and_the_chat_the_environment_names() -> None:
    chroma = (DEPLOY / "ngo-kb-chroma.service").read_text(encoding="utf-8")
    chat = (DEPLOY / "ngo-kb.service").read_text(encoding="utf-8")
    port = re.search(r":(\d+)$", _variables()["NGOKB_CHROMA_URL"])
    assert port and f"--port {port.group(1)}" in chroma and "--host 127.0.0.1" in chroma
    assert re.search(r"^ExecStart=\S+/ngo-kb serve --host 127\.0\.0\.1", chat, re.MULTILINE)
    assert "EnvironmentFile=/etc/ngo-kb/ngo-kb.env" in chat
