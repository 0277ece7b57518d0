"""The public chat under load and at its limits, through gradio_client against the real app.

The real pipeline (extractive mode, real Chroma and Presidio over a copy of the sample corpus)
answers everywhere except in the full-line test: there a stand-in that takes 3 s per answer holds
the line deterministically (slow answers are the fault under test; a real slow answer would make
the test's timing depend on the machine's load).
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import httpx
import pytest
from gradio_client import Client, handle_file

from kb.audit import AuditLog
from kb.catalog import Catalog
from kb.model_line import ChatGate, ModelTurn, wait_in_line
from kb.schema import Answer, Audience, AuditRecord, InLine, Status
from kb.settings import Settings
from kb.steps.question import TOO_LONG
from tests.conftest import make_settings
from tests.test_ui_support import (
    TEST_PROXY,
    RunningApp,
    client_for,
    copy_kb,
    message_text,
    start,
)
from ui import chat
from ui.limits import RateLimiter

SESSIONS = 20
RATE_LIMIT = 3
BUSY = ("系統忙碌中", "The service is busy")
WAITING = ("排隊中", "Waiting in line")
ERROR = ("系統暫時無法回答", "cannot answer right now")


class EchoPipeline:
    """Stands in for kb.pipeline.stream_answer in the full-line test only: it answers slowly on
    purpose and records the questions it was asked."""

    def __init__(self, delay_s: float) -> None:
        self.delay_s = delay_s
        self.asked: list[str] = []
        self._lock = threading.Lock()

    def __call__(
        self,
        question: str,
        settings: Settings,
        audience: Audience = Audience.STAFF,
        session_id: str | None = None,
        history: list[tuple[str, str]] | None = None,
        mode: str = "auto",
        model_turn: ModelTurn | None = None,
    ) -> Iterator[str | InLine | Answer]:
        with self._lock:
            self.asked.append(question)
        if model_turn is not None:  # waits for its turn and says so, as the pipeline does
            yield from wait_in_line(model_turn)
        time.sleep(self.delay_s)
        yield "echo: "
        earlier = " | ".join(q for q, _ in history or [])
        text = f"echo: {question} [history: {earlier}]"
        yield text[len("echo: ") :]
        yield Answer(
            question=question,
            answer=text,
            language="en",
            refused=False,
            backend="extractive",
            model="none",
            status=Status.ANSWERED_EXTRACTIVE,
            audit_id=f"load-{len(self.asked)}",
        )


STAND_INS: dict[Path, EchoPipeline] = {}
REAL_PIPELINE = chat.stream_answer


def _pipeline_of_the_app(question: str, settings: Settings, **kwargs: Any) -> Iterator[Any]:
    """Both apps run in this process: the full-line app's stand-in, else the real pipeline."""
    pipeline = STAND_INS.get(settings.data_dir, REAL_PIPELINE)
    return pipeline(question, settings, **kwargs)


@pytest.fixture(scope="module")
def load_app(
    samples_kb: Settings, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[RunningApp]:
    """The real app over a copy of the sample corpus: default line (1 answer at a time, 20
    waiting), 3 questions a minute per client address, 1 MB uploads, behind TEST_PROXY."""
    settings = copy_kb(samples_kb, tmp_path_factory.mktemp("load") / "data")
    settings = make_settings(
        settings.data_dir,
        rate_limit_per_minute=RATE_LIMIT,
        max_file_mb=1,
        trusted_proxies=TEST_PROXY,
    )
    with pytest.MonkeyPatch.context() as monkeypatch:
        yield from start(settings, monkeypatch)


def _records(app: RunningApp) -> list[AuditRecord]:
    return AuditLog(app.settings).records()


@pytest.fixture(scope="module")
def tiny_app(
    tmp_path_factory: pytest.TempPathFactory,
) -> Iterator[tuple[RunningApp, EchoPipeline]]:
    """One answer at a time, one waiting, answers that take 3 s (the stand-in)."""
    settings = make_settings(
        tmp_path_factory.mktemp("full-line") / "data",
        chat_concurrency=1,
        chat_max_waiting=1,
        trusted_proxies=TEST_PROXY,
    )
    settings.ensure_data_dir()
    pipeline = STAND_INS[settings.data_dir] = EchoPipeline(3.0)
    with pytest.MonkeyPatch.context() as monkeypatch:
        monkeypatch.setattr(chat, "stream_answer", _pipeline_of_the_app)
        for app in start(settings, monkeypatch):
            yield app, pipeline


def _ask(client: Client, question: str, timeout_s: float = 120) -> tuple[list[str], str, list[str]]:
    """The conversation's texts, the question box, and every update's last message."""
    job = client.submit(question, api_name="/ask")
    messages, box = job.result(timeout=timeout_s)
    updates = [message_text(out[0][-1]) for out in job.outputs() if out and out[0]]
    return [message_text(m) for m in messages], box, updates


# (question, follow-up that only makes sense after it, the public document that answers both)
TOPICS = [
    ("Tell me about the training for new volunteers.", "How many hours is it?",
     "volunteer-handbook.en.pdf"),
    ("Tell me about the CCTV cameras at the service centre.", "How long are they kept?",
     "privacy-policy.html"),
    ("Tell me about the new community kitchen.", "How many meals by December?",
     "annual-report-2025.md"),
    ("緊急租金補助的申請資格是什麼？", "每戶每次最高補助多少錢？",
     "service-eligibility-policy.zh-TW.docx"),
]  # fmt: skip


def _questions(i: int) -> tuple[str, str, str]:
    first, follow_up, document = TOPICS[i % len(TOPICS)]
    return f"[S{i:02d}] {first}", f"[S{i:02d}] {follow_up}", document


def test_twenty_sessions_at_once_keep_to_their_own_questions(
    load_app: RunningApp, tmp_path: Path
) -> None:
    app = load_app
    records_before = len(_records(app))
    start_line = threading.Barrier(SESSIONS)

    def session(i: int) -> tuple[list[str], list[str]]:
        client = client_for(app, tmp_path)
        first, follow_up, _ = _questions(i)
        start_line.wait(timeout=30)
        _, box1, updates1 = _ask(client, first, timeout_s=600)
        conversation, box2, updates2 = _ask(client, follow_up, timeout_s=600)
        assert box1 == box2 == ""
        return conversation, updates1 + updates2

    started = time.perf_counter()
    with ThreadPoolExecutor(max_workers=SESSIONS) as pool:
        futures = [pool.submit(session, i) for i in range(SESSIONS)]
        outcomes = [f.exception(timeout=900) or f.result() for f in futures]
    elapsed = time.perf_counter() - started
    errors = [o for o in outcomes if isinstance(o, BaseException)]
    print(f"\n{SESSIONS} sessions x 2 questions, real pipeline: {len(errors)} errors "
          f"in {elapsed:.1f} s")  # fmt: skip
    assert not errors, errors

    saw_waiting = 0
    for i, (conversation, updates) in enumerate(outcomes):
        first, follow_up, _ = _questions(i)
        assert len(conversation) == 4, conversation
        user1, bot1, user2, bot2 = conversation
        assert first in user1 and follow_up in user2
        assert bot1.strip() and bot2.strip()
        others = [f"[S{j:02d}]" for j in range(SESSIONS) if j != i]
        assert not any(o in m for o in others for m in conversation), (i, conversation)
        assert not any(e in u for e in (*BUSY, *ERROR) for u in updates)
        saw_waiting += any(w in u for w in WAITING for u in updates)
    # The line holds the model; extractive answers use none, so none of them waits in it
    # (the line with the model: tests/test_quotes_first.py).
    assert saw_waiting == 0, f"{saw_waiting} sessions waited in line without a model"

    # The audit log says which session asked what: each session's own two questions, in order,
    # and its follow-up was searched with its own first question (it cites that topic's document).
    records = _records(app)[records_before:]
    assert len(records) == 2 * SESSIONS
    by_session: dict[str, list[AuditRecord]] = {}
    for record in records:
        by_session.setdefault(record.session_id, []).append(record)
    assert len(by_session) == SESSIONS
    catalog = Catalog(app.settings.manifest_path)
    try:
        names = {d.doc_id: d.file_name for d in catalog.documents()}
    finally:
        catalog.close()
    for pair in by_session.values():
        i = int((pair[0].question or "")[2:4])
        first, follow_up, document = _questions(i)
        assert [r.question for r in pair] == [first, follow_up]
        cited = {names[chunk_id.split(":")[0]] for chunk_id in pair[1].cited_ids}
        assert document in cited, (i, cited)


def test_a_full_line_says_busy_at_once(
    tiny_app: tuple[RunningApp, EchoPipeline], tmp_path: Path
) -> None:
    app, pipeline = tiny_app
    flood = 6
    clients = [client_for(app, tmp_path) for _ in range(flood)]
    start_line = threading.Barrier(flood)

    def session(i: int) -> tuple[int, list[str], str, list[str], float]:
        question = f"[F{i}] How do I apply for rent aid?"
        start_line.wait(timeout=30)
        began = time.perf_counter()
        conversation, box, updates = _ask(clients[i], question)
        return i, conversation, box, updates, time.perf_counter() - began

    with ThreadPoolExecutor(max_workers=flood) as pool:
        outcomes = list(pool.map(session, range(flood), timeout=60))
    busy = [o for o in outcomes if any(b in o[3][-1] for b in BUSY)]
    served = [o for o in outcomes if "echo:" in o[1][-1]]
    print(f"\nflood of {flood} on a line of 1+1: {len(served)} served, {len(busy)} busy")
    assert len(served) == 2 and len(busy) == flood - 2, outcomes
    waited = [o for o in served if any(w in u for w in WAITING for u in o[3])]
    assert len(waited) == 1, served  # the second one waited for the first, and was told so
    for i, conversation, box, updates, took in busy:
        assert len(conversation) == 1  # only the note: the question was not taken
        assert box == f"[F{i}] How do I apply for rent aid?"  # it stays in the box to resend
        assert "The service is busy" in updates[-1]  # an English question, an English note
        assert took < pipeline.delay_s  # at once, not after waiting for an answer
    assert len(pipeline.asked) == 2

    i = busy[0][0]  # once the line is free, the same session is answered; the note is gone
    conversation, _, _ = _ask(clients[i], f"[F{i}] How do I apply for rent aid?")
    assert len(conversation) == 2 and "echo: [F" in conversation[-1]


def test_rate_limit_per_client_address(load_app: RunningApp, tmp_path: Path) -> None:
    app = load_app
    quick, other = client_for(app, tmp_path, "198.51.100.20"), client_for(app, tmp_path)
    for n in range(RATE_LIMIT):
        conversation, _, _ = _ask(quick, f"[R{n}] What is rent aid?")
        assert f"[R{n}] What is rent aid?" in conversation[-2] and conversation[-1].strip()
    asked_before = len(_records(app))

    conversation, box, updates = _ask(quick, "[R9] What is rent aid?")
    assert box == "[R9] What is rent aid?"
    assert "You are asking very quickly; please wait" in updates[-1]
    seconds = int(updates[-1].split("please wait ")[1].split(" seconds")[0])
    assert 1 <= seconds <= 60
    assert len(conversation) == 2 * RATE_LIMIT + 1  # the note is shown after the conversation
    conversation, _, updates = _ask(quick, "[R9] 緊急租金補助怎麼申請？")
    assert "您發問的速度太快了" in updates[-1]
    assert len(conversation) == 2 * RATE_LIMIT + 1  # and not kept in it
    # A new session from the same address is the same client: a fresh session hash is free.
    _, _, updates = _ask(client_for(app, tmp_path, "198.51.100.20"), "[R9] What is rent aid?")
    assert "You are asking very quickly; please wait" in updates[-1]
    assert len(_records(app)) == asked_before  # no work was done for the refused questions

    conversation, _, _ = _ask(other, "[O1] What is rent aid?")
    assert "[O1] What is rent aid?" in conversation[-2] and conversation[-1].strip()
    assert len(_records(app)) == asked_before + 1


def test_long_question_and_large_upload_get_clear_messages(
    load_app: RunningApp, tmp_path: Path
) -> None:
    app = load_app
    limit = app.settings.max_question_chars
    asked_before = len(_records(app))
    conversation, box, updates = _ask(client_for(app, tmp_path), "rent aid? " * (limit // 5))
    assert len(conversation) == 1 and box == ""
    assert f"Your question is too long ({limit // 5 * 10 - 1} characters" in updates[-1]
    assert f"the limit is {limit})" in updates[-1]
    _, _, updates = _ask(client_for(app, tmp_path), "補" * (limit + 1))
    assert f"您的問題太長（{limit + 1} 字），上限是 {limit} 字" in updates[-1]
    # Each refusal is audited as the length guard's, without the text it did not read.
    refused = _records(app)[asked_before:]
    assert [r.status for r in refused] == [Status.GUARDRAIL_INPUT] * 2
    assert all(r.question == TOO_LONG for r in refused)
    verdicts = [[(v.name, v.status) for v in r.guardrails] for r in refused]
    assert verdicts == [[("length", "fail")]] * 2
    audit_text = app.settings.audit_path.read_text(encoding="utf-8")
    assert "rent aid? rent aid?" not in audit_text and "補補補" not in audit_text

    staff = client_for(app, tmp_path)
    staff.predict("staff", app.staff_password, api_name="/sign_in")
    big = tmp_path / "big-handbook.txt"
    big.write_bytes(b"Opening hours are 09:00 to 17:00.\n" * 40_000)  # 1.4 MB
    # gradio_client (like the browser) checks the size before sending and names file and limit.
    with pytest.raises(
        ValueError, match=r"big-handbook\.txt exceeds the maximum file size of 1048576"
    ):
        staff.predict([handle_file(str(big))], "public", api_name="/upload")
    # A client that sends it anyway is refused by the server, in both languages (as staff: the
    # upload route is closed to clients that are not signed in).
    with big.open("rb") as fh:
        response = httpx.post(
            f"{app.url}gradio_api/upload",
            files=[("files", ("big-handbook.txt", fh))],
            cookies=staff.cookies,
        )
    assert response.status_code == 413
    assert "「big-handbook.txt」太大：每個檔案最大 1 MB" in response.text
    assert '"big-handbook.txt" is too large: each file may be at most 1 MB.' in response.text
    listed = staff.predict(api_name="/list_documents")["data"]
    assert listed and not any("big-handbook" in str(row) for row in listed)


def test_rate_limiter_forgets_old_sessions() -> None:
    now = [0.0]
    limiter = RateLimiter(2, max_sessions=3, clock=lambda: now[0])
    assert limiter.wait_s("a") == limiter.wait_s("a") == 0
    now[0] = 20.0
    assert limiter.wait_s("a") == 40  # the first of the two was 60 - 20 seconds ago
    for key in "bcd":
        assert limiter.wait_s(key) == 0
    assert len(limiter) == 3  # "a", least recently active, was forgotten
    now[0] = 200.0
    assert limiter.wait_s("e") == 0 and len(limiter) == 1  # idle sessions are dropped
    assert RateLimiter(0).wait_s("x") == 0


def test_chat_gate_lines_up_and_refuses_beyond() -> None:
    gate = ChatGate(concurrency=1, max_waiting=2)
    first, second, third = gate.join(), gate.join(), gate.join()
    assert first and second and third and gate.join() is None
    assert gate.wait(first, 0) == 0
    assert gate.wait(second, 0) == 1 and gate.wait(third, 0) == 2
    gate.leave(first)
    assert gate.wait(second, 0) == 0 and gate.wait(third, 0) == 1
    assert gate.join() is not None  # a place in line freed up
