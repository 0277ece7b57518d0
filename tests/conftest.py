"""Shared fixtures: temporary knowledge bases built with the real stack (no doubles)."""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path

import pytest

os.environ.setdefault("ANONYMIZED_TELEMETRY", "False")
os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")
os.environ.setdefault("HF_HUB_OFFLINE", "1")
# The audit key and anchors live outside the data directory (by default in ~/.config/ngo-kb):
# the suite, and the servers and CLIs it starts, keep theirs in a temporary folder instead.
os.environ["NGOKB_AUDIT_KEY_FILE"] = str(
    Path(tempfile.mkdtemp(prefix="ngokb-test-audit-key-")) / "audit.key"
)
# Gradio's cache too: the app sweeps its own cache at start, never a folder others share.
os.environ["GRADIO_TEMP_DIR"] = str(Path(tempfile.mkdtemp(prefix="ngokb-test-gradio-")) / "cache")

from kb.settings import Settings, load_settings  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "samples" / "corpus"
SHARED = ROOT.parent / "shared"
SEEDS = SHARED / "corpus" / "seeds"
SEED_QUESTIONS = SHARED / "eval" / "seed-questions.jsonl"


def make_settings(data_dir: Path, **overrides: object) -> Settings:
    """Settings isolated from the developer's env/.env, on a given data directory."""
    return load_settings(data_dir=data_dir, **overrides)


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return make_settings(tmp_path / "data")


@pytest.fixture(scope="session")
def samples_dir() -> Path:
    return SAMPLES


@pytest.fixture(scope="session")
def seeds_dir() -> Path:
    if not SEEDS.is_dir():
        pytest.skip(f"the shared seed corpus is not present at {SEEDS}")
    return SEEDS


@pytest.fixture(scope="session")
def planted_pii() -> list[dict[str, str]]:
    return json.loads((ROOT / "samples" / "planted_pii.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="session")
def samples_kb(tmp_path_factory: pytest.TempPathFactory) -> Settings:
    """The bundled sample corpus ingested once, with its allowlist, for read-only tests."""
    from ingest.pipeline import ingest_paths

    settings = make_settings(tmp_path_factory.mktemp("samples-kb") / "data")
    settings.ensure_data_dir()
    (settings.allowlist_path).write_text(
        (ROOT / "samples" / "allowlist.txt").read_text(encoding="utf-8"), encoding="utf-8"
    )
    summary = ingest_paths([SAMPLES], settings)
    assert not summary.failed, summary.failed
    return settings


@pytest.fixture(scope="session")
def seeds_kb(tmp_path_factory: pytest.TempPathFactory, seeds_dir: Path) -> Settings:
    """The shared seed corpus ingested once, for read-only tests."""
    from ingest.pipeline import ingest_paths

    settings = make_settings(tmp_path_factory.mktemp("seeds-kb") / "data")
    summary = ingest_paths([seeds_dir], settings)
    assert not summary.failed, summary.failed
    return settings
