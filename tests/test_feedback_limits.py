"""The review queue takes a bounded number of reports: per chat session and per client address."""

from __future__ import annotations

from pathlib import Path

import gradio as gr
from starlette.requests import Request

from kb.settings import Settings
from tests.conftest import make_settings
from ui.chat import ChatHandlers
from ui.feedback import FeedbackStore
from ui.session import ChatSession

THANKS = "Your report was received; a staff member will review this answer."


def _handlers(settings: Settings) -> tuple[ChatHandlers, FeedbackStore]:
    store = FeedbackStore(settings, scrub=lambda text: text)
    return ChatHandlers(settings, store, mode="extractive"), store


def _request(host: str) -> gr.Request:
    scope = {"type": "http", "method": "POST", "path": "/", "headers": [], "client": (host, 5000)}
    return gr.Request(request=Request(scope))


def _session() -> ChatSession:
    return ChatSession(lang="en", last_audit_id="a1")


def test_reports_per_session_are_limited_with_a_clear_message(settings: Settings) -> None:
    handlers, store = _handlers(settings)
    session = _session()
    for n in range(settings.feedback_per_hour):
        status, box, session = handlers.report(f"wrong {n}", session, _request("10.0.0.1"))
        assert (status, box) == (THANKS, "")

    status, box, session = handlers.report("one too many", session, _request("10.0.0.1"))

    assert "at most 10 an hour" in status and "60 minutes" in status
    assert box == "one too many"  # kept, so the user can send it later
    assert len(store.reports()) == settings.feedback_per_hour
    other, _, _ = handlers.report("another session", _session(), _request("10.0.0.2"))
    assert other == THANKS


def test_reports_per_client_are_limited_across_new_sessions(tmp_path: Path) -> None:
    settings = make_settings(tmp_path / "data", feedback_per_client_per_hour=3)
    handlers, store = _handlers(settings)
    answers = [handlers.report("wrong", _session(), _request("10.0.0.9"))[0] for _ in range(5)]
    assert answers[:3] == [THANKS] * 3
    assert all("an hour" in answer for answer in answers[3:])
    assert len(store.reports()) == 3
    assert handlers.report("wrong", _session(), _request("10.0.0.10"))[0] == THANKS


def test_zero_means_no_limit(tmp_path: Path) -> None:
    settings = make_settings(tmp_path / "data", feedback_per_hour=0, feedback_per_client_per_hour=0)
    handlers, store = _handlers(settings)
    session = _session()
    for _ in range(25):
        assert handlers.report("wrong", session, _request("10.0.0.1"))[0] == THANKS
    assert len(store.reports()) == 25
