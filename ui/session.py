"""Per-browser-session chat state, kept on the server in a gr.State (never sent to the client)."""

from __future__ import annotations

import uuid

from pydantic import BaseModel, Field

from ui.i18n import DEFAULT_LANGUAGE


class ChatSession(BaseModel):
    """What one session has said so far. Holds scrubbed questions only."""

    session_id: str = Field(default_factory=lambda: uuid.uuid4().hex)
    lang: str = DEFAULT_LANGUAGE
    messages: list[dict[str, str]] = Field(default_factory=list)
    history: list[tuple[str, str]] = Field(default_factory=list)
    last_audit_id: str | None = None


def ensure_session(value: object) -> ChatSession:
    """The session held in state, or a fresh one (API clients never fire the page-load event)."""
    return value.model_copy(deep=True) if isinstance(value, ChatSession) else ChatSession()


def session_lang(value: object) -> str:
    return value.lang if isinstance(value, ChatSession) else DEFAULT_LANGUAGE
