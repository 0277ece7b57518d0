"""The catalogue (manifest): one SQLite file holding documents, chunk texts and the keyword index.

Chroma holds the vectors; this database is the source of truth for which chunk versions are live.
Writes to Chroma are bracketed by `pending` rows committed here first, so a crash at any point
leaves a record of what to clean up (see KnowledgeBase.recover).
"""

from __future__ import annotations

import json
import os
import secrets
import sqlite3
import threading
from collections.abc import Iterable, Iterator
from contextlib import closing, contextmanager
from datetime import UTC, datetime
from pathlib import Path

from kb.keyword import fts_document, fts_phrase, fts_query
from kb.schema import Audience, Chunk, Document

_SCHEMA = """
CREATE TABLE IF NOT EXISTS documents (
    doc_id TEXT PRIMARY KEY, path TEXT NOT NULL, file_name TEXT NOT NULL, sha256 TEXT NOT NULL,
    size INTEGER NOT NULL, audience TEXT NOT NULL, language TEXT NOT NULL,
    chunk_count INTEGER NOT NULL, version INTEGER NOT NULL, status TEXT NOT NULL,
    last_error TEXT, ingested_at TEXT, pii_counts TEXT NOT NULL DEFAULT '{}',
    flags TEXT NOT NULL DEFAULT '[]'
);
CREATE TABLE IF NOT EXISTS chunks (
    row INTEGER PRIMARY KEY, chunk_id TEXT NOT NULL UNIQUE, doc_id TEXT NOT NULL,
    version INTEGER NOT NULL, audience TEXT NOT NULL, body TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS chunks_doc ON chunks(doc_id);
CREATE VIRTUAL TABLE IF NOT EXISTS chunks_fts USING fts5(
    tokens, chunk_id UNINDEXED, audience UNINDEXED, tokenize = 'unicode61'
);
CREATE TABLE IF NOT EXISTS pending (
    doc_id TEXT NOT NULL, version INTEGER NOT NULL, op TEXT NOT NULL, since TEXT NOT NULL,
    PRIMARY KEY (doc_id, version)
);
CREATE TABLE IF NOT EXISTS pii_hashes (
    doc_id TEXT NOT NULL, value_hash TEXT NOT NULL, PRIMARY KEY (doc_id, value_hash)
);
CREATE INDEX IF NOT EXISTS pii_hashes_value ON pii_hashes (value_hash);
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
"""


def now_iso() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def version_ref(doc_id: str, version: int) -> str:
    """The LlamaIndex ref_doc_id under which one version's vectors are stored in Chroma."""
    return f"{doc_id}@v{version}"


class Catalog:
    """Thread-safe access to the manifest database."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._lock = threading.RLock()
        self._db = sqlite3.connect(path, check_same_thread=False, isolation_level=None, timeout=30)
        # SQLite gives its -wal and -shm files the database file's mode: owner only.
        for suffix in ("", "-wal", "-shm"):
            if os.path.exists(f"{path}{suffix}"):
                os.chmod(f"{path}{suffix}", 0o600)
        self._db.execute("PRAGMA journal_mode=WAL")
        self._db.execute("PRAGMA synchronous=FULL")
        self._db.executescript(_SCHEMA)

    def close(self) -> None:
        with self._lock:
            self._db.close()

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        with self._lock:
            self._db.execute("BEGIN IMMEDIATE")
            try:
                yield self._db
            except BaseException:
                self._db.execute("ROLLBACK")
                raise
            self._db.execute("COMMIT")

    # --- documents -------------------------------------------------------------------------

    def get_document(self, doc_id: str) -> Document | None:
        with self._lock:
            row = self._db.execute("SELECT * FROM documents WHERE doc_id=?", (doc_id,)).fetchone()
            cols = [c[0] for c in self._db.execute("SELECT * FROM documents LIMIT 0").description]
        return _document(dict(zip(cols, row, strict=True))) if row else None

    def documents(self) -> list[Document]:
        with self._lock:
            cur = self._db.execute("SELECT * FROM documents ORDER BY file_name, path")
            cols = [c[0] for c in cur.description]
            rows = cur.fetchall()
        return [_document(dict(zip(cols, row, strict=True))) for row in rows]

    def find_documents(self, ref: str) -> list[Document]:
        """Documents matching an id, a file name or a path."""
        return [d for d in self.documents() if ref in (d.doc_id, d.file_name, d.path)]

    def record_failure(self, doc: Document) -> None:
        """Remember a failed file without touching any chunk of an earlier good version."""
        with self.transaction() as db:
            existing = db.execute("SELECT status FROM documents WHERE doc_id=?", (doc.doc_id,))
            if existing.fetchone() is None:
                _upsert_document(db, doc)
            else:
                db.execute(
                    "UPDATE documents SET last_error=? WHERE doc_id=?", (doc.last_error, doc.doc_id)
                )

    def counts(self) -> tuple[int, int]:
        with self._lock:
            docs = self._db.execute("SELECT COUNT(*) FROM documents WHERE status='ok'").fetchone()
            chunks = self._db.execute("SELECT COUNT(*) FROM chunks").fetchone()
        return int(docs[0]), int(chunks[0])

    # --- the two-phase write around Chroma -----------------------------------------------

    def begin_write(self, doc_id: str, version: int) -> None:
        with self.transaction() as db:
            db.execute(
                "INSERT OR REPLACE INTO pending VALUES (?,?,?,?)",
                (doc_id, version, "add", now_iso()),
            )

    def commit_document(
        self, doc: Document, chunks: list[Chunk], value_hashes: list[str]
    ) -> int | None:
        """Make `doc.version` live in one transaction; returns the replaced version, if any."""
        with self.transaction() as db:
            old = db.execute("SELECT version FROM documents WHERE doc_id=?", (doc.doc_id,))
            old_row = old.fetchone()
            old_version = int(old_row[0]) if old_row else None
            _delete_rows(db, doc.doc_id)
            if old_version is not None and old_version != doc.version:
                db.execute(
                    "INSERT OR REPLACE INTO pending VALUES (?,?,?,?)",
                    (doc.doc_id, old_version, "remove", now_iso()),
                )
            for c in chunks:
                row = db.execute(
                    "INSERT INTO chunks (chunk_id, doc_id, version, audience, body) "
                    "VALUES (?,?,?,?,?)",
                    (c.chunk_id, c.doc_id, c.version, c.audience.value, c.model_dump_json()),
                ).lastrowid
                db.execute(
                    "INSERT INTO chunks_fts (rowid, tokens, chunk_id, audience) VALUES (?,?,?,?)",
                    (row, fts_document(c.text + " " + c.section), c.chunk_id, c.audience.value),
                )
            db.executemany(
                "INSERT OR IGNORE INTO pii_hashes VALUES (?,?)",
                [(doc.doc_id, h) for h in set(value_hashes)],
            )
            _upsert_document(db, doc)
            db.execute(
                "DELETE FROM pending WHERE doc_id=? AND version=?", (doc.doc_id, doc.version)
            )
            _bump_index_version(db)
        return old_version

    def remove_document(self, doc_id: str) -> tuple[Document | None, int]:
        """Drop a document's rows in one transaction; its vectors are queued for removal."""
        doc = self.get_document(doc_id)
        with self.transaction() as db:
            removed = db.execute("SELECT COUNT(*) FROM chunks WHERE doc_id=?", (doc_id,)).fetchone()
            if doc is not None:
                db.execute(
                    "INSERT OR REPLACE INTO pending VALUES (?,?,?,?)",
                    (doc_id, doc.version, "remove", now_iso()),
                )
            _delete_rows(db, doc_id)
            db.execute("DELETE FROM documents WHERE doc_id=?", (doc_id,))
            db.execute("DELETE FROM pii_hashes WHERE doc_id=?", (doc_id,))
            _bump_index_version(db)
        return doc, int(removed[0])

    def pending(self) -> list[tuple[str, int, str]]:
        with self._lock:
            rows = self._db.execute("SELECT doc_id, version, op FROM pending").fetchall()
        return [(str(r[0]), int(r[1]), str(r[2])) for r in rows]

    def clear_pending(self, doc_id: str, version: int) -> None:
        with self.transaction() as db:
            db.execute("DELETE FROM pending WHERE doc_id=? AND version=?", (doc_id, version))

    def live_versions(self) -> dict[str, int]:
        with self._lock:
            rows = self._db.execute("SELECT doc_id, version FROM documents WHERE status='ok'")
            return {str(r[0]): int(r[1]) for r in rows.fetchall()}

    # --- reads -----------------------------------------------------------------------------

    def chunks_by_id(self, chunk_ids: list[str]) -> dict[str, Chunk]:
        if not chunk_ids:
            return {}
        marks = ",".join("?" * len(chunk_ids))
        with self._lock:
            rows = self._db.execute(
                f"SELECT chunk_id, body FROM chunks WHERE chunk_id IN ({marks})", chunk_ids
            ).fetchall()
        return {str(cid): Chunk.model_validate_json(body) for cid, body in rows}

    def keyword_search(
        self, question: str, audience: Audience, limit: int
    ) -> list[tuple[str, float]]:
        """(chunk_id, bm25 score) best first; the audience filter is part of the query."""
        match = fts_query(question)
        if match is None:
            return []
        visible = audience.visible()
        marks = ",".join("?" * len(visible))
        with self._lock:
            rows = self._db.execute(
                "SELECT chunk_id, bm25(chunks_fts) AS rank FROM chunks_fts "
                f"WHERE chunks_fts MATCH ? AND audience IN ({marks}) ORDER BY rank LIMIT ?",
                (match, *visible, limit),
            ).fetchall()
        return [(str(cid), -float(rank)) for cid, rank in rows]

    def term_counts(self, terms: list[str]) -> tuple[int, dict[str, int]]:
        """The number of chunks, and of chunks holding each term as the keyword search matches
        it (every audience: a count is a weight, never a text)."""
        counts: dict[str, int] = {}
        with self._lock:
            total = int(self._db.execute("SELECT count(*) FROM chunks").fetchone()[0])
            for term in dict.fromkeys(terms):
                if phrase := fts_phrase(term):
                    counts[term] = int(
                        self._db.execute(
                            "SELECT count(*) FROM chunks_fts WHERE chunks_fts MATCH ?", (phrase,)
                        ).fetchone()[0]
                    )
        return total, counts

    def chunk_ids(self) -> list[str]:
        with self._lock:
            return [str(r[0]) for r in self._db.execute("SELECT chunk_id FROM chunks").fetchall()]

    def documents_with_hash(self, value_hash: str) -> list[str]:
        with self._lock:
            rows = self._db.execute(
                "SELECT doc_id FROM pii_hashes WHERE value_hash=?", (value_hash,)
            ).fetchall()
        return [str(r[0]) for r in rows]

    def store_namespace(self) -> str:
        """This knowledge base's own random name (made once, kept in the catalogue): its vector
        collections carry it, so knowledge bases sharing one Chroma server never see, count or
        delete each other's vectors."""
        with self._lock, self._db:
            self._db.execute(
                "INSERT OR IGNORE INTO meta VALUES ('store_namespace', ?)", (secrets.token_hex(4),)
            )
            row = self._db.execute("SELECT value FROM meta WHERE key='store_namespace'").fetchone()
        return str(row[0])

    def index_version(self) -> str:
        with self._lock:
            row = self._db.execute("SELECT value FROM meta WHERE key='index_version'").fetchone()
        return str(row[0]) if row else "0"


def known_value_hashes(path: Path, hashes: Iterable[str]) -> set[str]:
    """Those of `hashes` that are keyed hashes of a value removed from an indexed document.

    Read-only and without the vector store, so it works on a full disk or a lost store too.
    """
    wanted = list(set(hashes))
    if not wanted or not path.is_file():
        return set()
    found: set[str] = set()
    with closing(sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=30)) as db:
        for start in range(0, len(wanted), 500):  # SQLite caps the number of bound parameters
            batch = wanted[start : start + 500]
            marks = ",".join("?" * len(batch))
            rows = db.execute(
                f"SELECT DISTINCT value_hash FROM pii_hashes WHERE value_hash IN ({marks})", batch
            ).fetchall()
            found.update(str(r[0]) for r in rows)
    return found


def _delete_rows(db: sqlite3.Connection, doc_id: str) -> None:
    db.execute(
        "DELETE FROM chunks_fts WHERE rowid IN (SELECT row FROM chunks WHERE doc_id=?)", (doc_id,)
    )
    db.execute("DELETE FROM chunks WHERE doc_id=?", (doc_id,))


def _bump_index_version(db: sqlite3.Connection) -> None:
    db.execute(
        "INSERT INTO meta VALUES ('index_version', '1') ON CONFLICT(key) "
        "DO UPDATE SET value = CAST(CAST(value AS INTEGER) + 1 AS TEXT)"
    )


def _upsert_document(db: sqlite3.Connection, doc: Document) -> None:
    db.execute(
        "INSERT OR REPLACE INTO documents VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
        (
            doc.doc_id,
            doc.path,
            doc.file_name,
            doc.sha256,
            doc.size,
            doc.audience.value,
            doc.language,
            doc.chunk_count,
            doc.version,
            doc.status,
            doc.last_error,
            doc.ingested_at,
            json.dumps(doc.pii_counts),
            json.dumps(doc.flags),
        ),
    )


def _document(row: dict[str, object]) -> Document:
    row["pii_counts"] = json.loads(str(row["pii_counts"]))
    row["flags"] = json.loads(str(row["flags"]))
    return Document.model_validate(row)
