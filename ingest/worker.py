"""Read uploaded files in a worker process with a time and a memory limit.

A hostile file (a DOCX whose XML expands hugely, a PDF of thousands of pages, text that makes a
parser slow) must not freeze or kill the web chat, so the web upload reads each file here: one
long-lived child process (`python -m ingest.worker`) loads, normalises, scrubs and chunks it
(ingest/prepare.py) and sends back scrubbed chunks only; the server embeds and writes them.

Rules:
- Wall clock: a file not read within `upload_timeout_s` is refused and the child is killed
  (a parser holding the CPU cannot be interrupted any other way); the next file starts a new one.
- Memory: the child's address space is capped (RLIMIT_AS) at its size once started plus
  `upload_memory_mb`; a file that needs more is refused and the child restarted.
- Privacy: the child writes nothing: its stdout and stderr go to /dev/null (replies use a
  private copy of the pipe), logging is off, and a failure crosses back as a type name only.
- Nothing is indexed from a refused file, so what was indexed before stays as it was.
"""

from __future__ import annotations

import json
import logging
import os
import resource
import select
import subprocess
import sys
import threading
import time
import warnings
import weakref
from pathlib import Path
from typing import IO, Literal

from pydantic import BaseModel

from ingest.errors import OUT_OF_MEMORY, IngestError
from ingest.prepare import PreparedDocument, prepare_file, prepare_parsed
from kb.schema import Audience, ParsedDocument, TextBlock
from kb.settings import Settings

log = logging.getLogger(__name__)

_START_TIMEOUT_S = 180.0  # loading the scrubber's models takes a few seconds on two cores
_PARENT_CHECK_S = 1.0
# Secrets are not needed to read files, so they never reach the child.
_SECRET_SETTINGS = {"openai_api_key", "audit_key"}
# Fictitious values of the common kinds in both languages, so that every model and recogniser
# loads before the cap.
_WARM_UP_TEXTS = (
    "港灣之光社區協會提供緊急食物援助，並協助租金補助。個案陳小明，身分證A123456789，"
    "電話0912-345-678，民國79年1月2日生，住臺北市萬華區西園路二段100號。",
    "The association offers emergency food aid. Contact John Smith at john@example.org,"
    " phone 0912-345-678 or +1 212 555 0100, born 2 January 1990.",
)


class WorkerRequest(BaseModel):
    path: str
    audience: Audience | None = None  # the one given for this ingest; None: the file's own


class WorkerReply(BaseModel):
    kind: Literal["ready", "ok", "refused", "memory", "failed"]
    document: PreparedDocument | None = None
    file_name: str | None = None
    reason: str | None = None
    error: str | None = None  # an exception's type name, never its message
    last: bool = False  # the child exits after this reply


# --- the child --------------------------------------------------------------------------------


def _silence() -> IO[bytes]:
    """Point stdout and stderr at /dev/null and turn logging and warnings off; returns a private
    copy of the original stdout for replies (a library printing cannot corrupt them)."""
    replies = os.fdopen(os.dup(1), "wb")
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, 1)
    os.dup2(devnull, 2)
    os.close(devnull)
    logging.disable(logging.CRITICAL)
    warnings.simplefilter("ignore")
    return replies


def _exit_with_parent() -> None:
    """Exit when the server dies (even by kill -9): the child then has no one to answer."""
    parent = os.getppid()

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(_PARENT_CHECK_S)
        os._exit(0)

    threading.Thread(target=watch, daemon=True).start()


def _address_space_bytes(field: str = "VmSize") -> int:
    """This process's address space now (VmSize) or at its largest so far (VmPeak)."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(f"{field}:"):
            return int(line.split()[1]) * 1024
    raise OSError(f"no {field} in /proc/self/status")


def _limit_memory(headroom_mb: float) -> None:
    """Cap the address space at what the started child uses plus `headroom_mb` (0: no cap)."""
    if headroom_mb <= 0:
        return
    soft = _address_space_bytes() + int(headroom_mb * 1024 * 1024)
    _, hard = resource.getrlimit(resource.RLIMIT_AS)
    if hard != resource.RLIM_INFINITY:
        soft = min(soft, hard)
    resource.setrlimit(resource.RLIMIT_AS, (soft, hard))


def _send(channel: IO[bytes], reply: WorkerReply) -> None:
    try:
        line = reply.model_dump_json().encode()
    except MemoryError:
        line = WorkerReply(kind="memory", file_name=reply.file_name).model_dump_json().encode()
    channel.write(line + b"\n")
    channel.flush()


def _crowded(peak_before: int, headroom_mb: float) -> bool:
    """Whether the last file took more than half the memory allowance. A parser that cannot
    allocate does not always say so (lxml reports "unknown error"), so a failure after such
    growth is taken for the memory limit, and the child restarts to free what it took."""
    if headroom_mb <= 0:
        return False
    return _address_space_bytes("VmPeak") - peak_before > headroom_mb * 1024 * 1024 / 2


def _read_one(path: Path, settings: Settings, audience: Audience | None) -> WorkerReply:
    peak_before = _address_space_bytes("VmPeak")
    reply = _prepare_reply(path, settings, audience)
    if reply.kind in ("refused", "failed") and _crowded(peak_before, settings.upload_memory_mb):
        return WorkerReply(kind="memory", file_name=path.name)
    return reply


def _prepare_reply(path: Path, settings: Settings, audience: Audience | None) -> WorkerReply:
    from ingest.pii import load_scrubber

    try:
        # Cached per data directory; rebuilt when the allowlist changes.
        document = prepare_file(path, load_scrubber(settings), settings, audience)
        return WorkerReply(kind="ok", document=document, file_name=path.name)
    except IngestError as exc:
        if exc.reason == OUT_OF_MEMORY:
            return WorkerReply(kind="memory", file_name=exc.file_name)
        return WorkerReply(kind="refused", file_name=exc.file_name, reason=exc.reason)
    except MemoryError:
        return WorkerReply(kind="memory", file_name=path.name)
    except Exception as exc:  # noqa: BLE001 - crosses back as a type name, never a message
        return WorkerReply(kind="failed", file_name=path.name, error=type(exc).__name__)


def main() -> None:
    """The child: settings on the first line of stdin, then one request per line."""
    replies = _silence()
    _exit_with_parent()
    requests = sys.stdin.buffer
    try:
        from ingest.pii import load_scrubber

        settings = Settings(**json.loads(requests.readline()))
        # Warm up (models, caches) before the cap, so the cap is what one file may add.
        for text in _WARM_UP_TEXTS:
            warm_up = ParsedDocument(file_name="warm-up.txt", blocks=[TextBlock(text=text)])
            prepare_parsed(warm_up, load_scrubber(settings), settings)
        _limit_memory(settings.upload_memory_mb)
    except Exception as exc:  # noqa: BLE001 - reported to the server by type
        _send(replies, WorkerReply(kind="failed", error=type(exc).__name__))
        return
    _send(replies, WorkerReply(kind="ready"))
    for line in requests:
        request = WorkerRequest.model_validate_json(line)
        peak_before = _address_space_bytes("VmPeak")
        reply = _read_one(Path(request.path), settings, request.audience)
        # Out of memory, or near it: a fresh child gives the next file all of it.
        reply.last = reply.kind == "memory" or _crowded(peak_before, settings.upload_memory_mb)
        _send(replies, reply)
        if reply.last:
            return


# --- the server's side ------------------------------------------------------------------------


class _TimedOut(Exception):
    pass


class _Stopped(Exception):
    pass


def _kill(process: subprocess.Popen[bytes]) -> int | None:
    if process.poll() is None:
        process.kill()
    try:
        code = process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        code = None
    for stream in (process.stdin, process.stdout):
        if stream is not None:
            try:
                stream.close()
            except OSError:
                pass
    return code


def _stopped_how(code: int | None) -> str:
    if code is not None and code < 0:
        return f"stopped by signal {-code}"
    return f"exit code {code}"


class UploadWorker:
    """The server's handle on the child process; `prepare` reads one file (one at a time)."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self._lock = threading.Lock()
        self._process: subprocess.Popen[bytes] | None = None
        self._buffer = bytearray()
        self._finalizer: weakref.finalize | None = None

    @property
    def pid(self) -> int | None:
        """The child's process id while it runs (tests watch it being replaced)."""
        process = self._process
        return process.pid if process is not None and process.poll() is None else None

    def prepare(self, path: Path, audience: Audience | None = None) -> PreparedDocument:
        """Read, scrub and chunk `path` in the child (for `audience`, else the file's own);
        IngestError naming the file and the reason when it is refused, takes too long or needs
        too much memory."""
        name = path.name
        seconds = self.settings.upload_timeout_s
        with self._lock:
            process = self._started(name)
            try:
                self._write(process, WorkerRequest(path=str(path), audience=audience))
                reply = self._read(process, time.monotonic() + seconds)
            except _TimedOut:
                self.close()
                log.warning("upload worker killed: a file took longer than %g s", seconds)
                raise IngestError(
                    name,
                    f"not indexed: reading it took longer than {seconds:g} s "
                    "(NGOKB_UPLOAD_TIMEOUT_S)",
                ) from None
            except _Stopped:
                how = _stopped_how(self.close())
                log.warning("upload worker stopped while reading a file (%s)", how)
                raise IngestError(
                    name,
                    f"not indexed: the reader stopped ({how}), most likely because it needed "
                    f"more than {self.settings.upload_memory_mb:g} MB of memory "
                    "(NGOKB_UPLOAD_MEMORY_MB)",
                ) from None
            if reply.last:
                self.close()
        return self._result(name, reply)

    def _result(self, name: str, reply: WorkerReply) -> PreparedDocument:
        if reply.kind == "ok" and reply.document is not None:
            return reply.document
        if reply.kind == "refused":
            raise IngestError(reply.file_name or name, reply.reason or "could not be read")
        if reply.kind == "memory":
            raise IngestError(
                name,
                f"not indexed: reading it needed more than {self.settings.upload_memory_mb:g} MB"
                " of memory (NGOKB_UPLOAD_MEMORY_MB)",
            )
        raise IngestError(name, f"could not parse the file ({reply.error or 'unknown error'})")

    def close(self) -> int | None:
        """Stop the child (it is started again on the next file); returns its exit code."""
        process, self._process = self._process, None
        self._buffer.clear()
        if self._finalizer is not None:
            self._finalizer.detach()
            self._finalizer = None
        return _kill(process) if process is not None else None

    def _started(self, name: str) -> subprocess.Popen[bytes]:
        if self._process is not None and self._process.poll() is None:
            return self._process
        self.close()
        package_root = str(Path(__file__).resolve().parents[1])
        env = dict(os.environ)
        env["PYTHONPATH"] = os.pathsep.join(p for p in (package_root, env.get("PYTHONPATH")) if p)
        process = subprocess.Popen(
            [sys.executable, "-m", "ingest.worker"],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            env=env,
            bufsize=0,
        )
        self._process = process
        self._finalizer = weakref.finalize(self, _kill, process)
        settings = self.settings.model_dump(mode="json", exclude=_SECRET_SETTINGS)
        try:
            assert process.stdin is not None
            process.stdin.write(json.dumps(settings).encode() + b"\n")
            process.stdin.flush()
            reply = self._read(process, time.monotonic() + _START_TIMEOUT_S)
        except (_TimedOut, _Stopped, OSError):
            reply = WorkerReply(kind="failed", error="no reply")
        if reply.kind != "ready":
            how = _stopped_how(self.close())
            log.warning("upload worker could not start (%s, %s)", reply.error, how)
            raise IngestError(name, f"not indexed: the reader could not start ({reply.error})")
        return process

    def _write(self, process: subprocess.Popen[bytes], request: WorkerRequest) -> None:
        assert process.stdin is not None
        try:
            process.stdin.write(request.model_dump_json().encode() + b"\n")
            process.stdin.flush()
        except OSError:
            raise _Stopped from None

    def _read(self, process: subprocess.Popen[bytes], deadline: float) -> WorkerReply:
        assert process.stdout is not None
        fd = process.stdout.fileno()
        while b"\n" not in self._buffer:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise _TimedOut
            ready, _, _ = select.select([fd], [], [], remaining)
            if not ready:
                raise _TimedOut
            data = os.read(fd, 1 << 20)
            if not data:
                raise _Stopped
            self._buffer += data
        line, _, rest = self._buffer.partition(b"\n")
        self._buffer = bytearray(rest)
        return WorkerReply.model_validate_json(bytes(line))


if __name__ == "__main__":
    main()
