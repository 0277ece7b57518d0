"""Read `<file name>.meta.json`, the optional sidecar that declares a document's audience/title."""

from __future__ import annotations

import json
from pathlib import Path

from pydantic import BaseModel, ConfigDict, ValidationError

from ingest.errors import IngestError
from kb.schema import Audience

SIDECAR_SUFFIX = ".meta.json"
_MAX_SIDECAR_BYTES = 64 * 1024


class SidecarMeta(BaseModel):
    model_config = ConfigDict(extra="forbid")

    audience: Audience | None = None
    title: str | None = None


def sidecar_path(path: Path) -> Path:
    return path.with_name(path.name + SIDECAR_SUFFIX)


def read_sidecar(path: Path) -> SidecarMeta | None:
    """The sidecar next to `path`, None when there is none; IngestError when it is invalid."""
    meta_path = sidecar_path(path)
    if not meta_path.is_file():
        return None
    what = f"invalid sidecar {meta_path.name}"
    try:
        if meta_path.stat().st_size > _MAX_SIDECAR_BYTES:
            raise IngestError(path.name, f"{what}: larger than {_MAX_SIDECAR_BYTES} bytes")
        raw = json.loads(meta_path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise IngestError(path.name, f"{what}: cannot read ({type(exc).__name__})") from None
    except (UnicodeDecodeError, json.JSONDecodeError):
        raise IngestError(path.name, f"{what}: not valid UTF-8 JSON") from None
    if not isinstance(raw, dict):
        raise IngestError(path.name, f"{what}: expected a JSON object")
    try:
        return SidecarMeta.model_validate(raw)
    except ValidationError as exc:
        fields = sorted({str(err["loc"][0]) for err in exc.errors() if err["loc"]})
        raise IngestError(path.name, f"{what}: bad field(s) {', '.join(fields)}") from None
