"""Staff document handlers: upload with an audience and progress, list, delete with a receipt."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import gradio as gr
import pandas as pd
from gradio.utils import get_upload_folder

from ingest.loaders import SUPPORTED_SUFFIXES
from ingest.pipeline import IngestSummary, ingest_paths
from ingest.worker import UploadWorker
from kb.index import KnowledgeBase
from kb.schema import Audience
from kb.settings import Settings
from ui.access import require
from ui.auth import Permission
from ui.i18n import t
from ui.session import session_lang
from ui.upload_sweep import uploads_dir

DOCUMENT_COLUMNS = [
    "doc_id",
    "file_name",
    "audience",
    "language",
    "chunks",
    "version",
    "status",
    "ingested_at",
    "personal_data_removed",
    "flags",
]


def _merge(total: IngestSummary, part: IngestSummary) -> None:
    total.ok += part.ok
    total.unchanged += part.unchanged
    total.failed += part.failed
    total.flagged += part.flagged
    total.chunks_written += part.chunks_written
    total.recovered_writes += part.recovered_writes
    for kind, count in part.pii_counts.items():
        total.pii_counts[kind] = total.pii_counts.get(kind, 0) + count


class DocumentHandlers:
    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        # Uploaded files are read in a worker process with time and memory limits, so a hostile
        # file cannot freeze or kill the chat (ingest/worker.py).
        self.worker = UploadWorker(settings)

    @property
    def uploads_dir(self) -> Path:
        return uploads_dir(self.settings)

    def documents_table(
        self, auth: object, chat: object, request: gr.Request | None = None
    ) -> pd.DataFrame:
        """Every indexed document with its audience, version and status (staff only)."""
        require(auth, Permission.MANAGE_DOCUMENTS, chat, "list_documents", request)
        kb = KnowledgeBase(self.settings)
        try:
            docs = kb.documents()
        finally:
            kb.close()
        rows = [
            [
                d.doc_id,
                d.file_name,
                str(d.audience),
                d.language,
                d.chunk_count,
                d.version,
                d.status if not d.last_error else f"{d.status}: {d.last_error}",
                d.ingested_at or "",
                sum(d.pii_counts.values()),
                ", ".join(d.flags),
            ]
            for d in docs
        ]
        return pd.DataFrame(rows, columns=DOCUMENT_COLUMNS)

    def upload(
        self,
        files: list[str] | None,
        audience: str,
        auth: object,
        chat: object,
        progress: gr.Progress = gr.Progress(),  # noqa: B008 - Gradio's way to get a progress bar
        request: gr.Request | None = None,
    ) -> tuple[dict[str, Any], pd.DataFrame]:
        """Ingest uploaded files one by one (each read in the worker process, within its time and
        memory limits), then delete every copy of the raw upload.

        The original file holds unscrubbed personal data, so it is kept only while it is read:
        its transient copy under data_dir/uploads/<audience>/ gives a re-upload of the same name
        the same document identity (a changed file replaces its chunks), and Gradio's cached
        upload is removed too, whether the file was read or refused (no permission, unsupported
        type, too large).
        """
        try:
            return self._ingest_uploads(files, audience, auth, chat, progress, request)
        finally:
            cache = Path(get_upload_folder()).resolve()
            for upload in files or []:
                # Only Gradio's copies: a path a client names is never deleted.
                if Path(upload).resolve().is_relative_to(cache):
                    Path(upload).unlink(missing_ok=True)

    def _ingest_uploads(
        self,
        files: list[str] | None,
        audience: str,
        auth: object,
        chat: object,
        progress: gr.Progress,
        request: gr.Request | None,
    ) -> tuple[dict[str, Any], pd.DataFrame]:
        require(auth, Permission.MANAGE_DOCUMENTS, chat, "upload", request)
        if not files:
            raise gr.Error("No file was uploaded.", print_exception=False)
        target = Audience(audience)
        folder = self.uploads_dir / target.value
        folder.mkdir(parents=True, exist_ok=True, mode=0o700)
        summary = IngestSummary()
        for i, upload in enumerate(files):
            source = Path(upload)
            name = source.name
            progress((i, len(files)), desc=name, unit="files")
            if source.suffix.lower() not in SUPPORTED_SUFFIXES:
                summary.failed.append(f"{name}: unsupported file type")
                continue
            if source.stat().st_size > self.settings.max_file_mb * 1024 * 1024:
                mb = f"{self.settings.max_file_mb:g}"
                summary.failed.append(t("file_too_large", session_lang(chat), name=name, mb=mb))
                continue
            stored = folder / name
            try:
                shutil.copyfile(source, stored)
                read = self.worker.prepare
                _merge(summary, ingest_paths([stored], self.settings, target, prepare=read))
            finally:
                stored.unlink(missing_ok=True)
        progress((len(files), len(files)), desc="done", unit="files")
        return summary.model_dump(), self.documents_table(auth, chat, request)

    def delete(
        self, doc_ref: str, auth: object, chat: object, request: gr.Request | None = None
    ) -> tuple[dict[str, Any], pd.DataFrame]:
        """Delete a document's chunks from every index; return a receipt."""
        who = require(auth, Permission.MANAGE_DOCUMENTS, chat, "delete_document", request)
        doc_ref = (doc_ref or "").strip()
        if not doc_ref:
            raise gr.Error("Name the document to delete.", print_exception=False)
        kb = KnowledgeBase(self.settings)
        try:
            receipt = dict(kb.delete_document(doc_ref))
        finally:
            kb.close()
        receipt["by"] = f"{who.username} ({who.role})"
        return receipt, self.documents_table(auth, chat, request)
