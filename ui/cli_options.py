"""Shared by the `ngo-kb` command modules: the --data-dir option and the settings it loads."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from kb.settings import Settings, load_settings

DataDir = Annotated[
    Path | None,
    typer.Option(
        "--data-dir",
        help="Knowledge-base directory (default: NGOKB_DATA_DIR or ~/.local/share/ngo-kb).",
    ),
]


def _settings(data_dir: Path | None, **overrides: object) -> Settings:
    return load_settings(data_dir=data_dir, **overrides)
