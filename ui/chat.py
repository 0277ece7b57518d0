"""Public chat handlers: ask (streamed), rate, report, clear."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from typing import Literal

from kb.pipeline import stream_answer
from kb.schema import Answer, Audience
from kb.settings import Settings
from ui import render
from ui.access import signed_in
from ui.auth import Permission
from ui.feedback import FeedbackStore
from ui.i18n import from_text, t
from ui.session import ChatSession, ensure_session

log = logging.getLogger(__name__)

AnswerMode = Literal["auto", "extractive"]
ChatUpdate = tuple[list[dict[str, str]], str, ChatSession]


def _bot(content: str) -> dict[str, str]:
    return {"role": "assistant", "content": content}


class ChatHandlers:
    """Chat tab handlers; the audience comes from the signed-in role, never from the client."""

    def __init__(self, settings: Settings, feedback: FeedbackStore, mode: AnswerMode) -> None:
        self.settings = settings
        self.feedback = feedback
        self.mode = mode

    def ask(self, question: str, auth: object, chat: object) -> Iterator[ChatUpdate]:
        """Stream an answer into the conversation: deltas first, then the final rendered answer."""
        session = ensure_session(chat)
        question = (question or "").strip()
        if not question:
            session.messages.append(
                _bot(render.pending_message(t("empty_question", session.lang), session.lang))
            )
            yield session.messages, "", session
            session.messages.pop()
            return
        lang = from_text(question) or session.lang
        staff = signed_in(auth).can(Permission.ASK_STAFF_DOCUMENTS)
        audience = Audience.STAFF if staff else Audience.PUBLIC
        session.messages += [
            {"role": "user", "content": render.user_message(question)},
            _bot(render.pending_message("", lang)),
        ]
        yield session.messages, "", session
        partial, final = "", None
        try:
            for item in stream_answer(
                question,
                self.settings,
                audience=audience,
                session_id=session.session_id,
                history=session.history,
                mode=self.mode,
            ):
                if isinstance(item, Answer):
                    final = item
                else:
                    partial += item
                    session.messages[-1] = _bot(render.pending_message(partial, lang))
                    yield session.messages, "", session
        except Exception as exc:  # noqa: BLE001 - the user gets a canned message, never a trace
            log.error("answer failed: %s", type(exc).__name__)
        if final is None:
            # The raw question must not stay in server state once we know nothing scrubbed it.
            session.messages[-2] = {"role": "user", "content": render.user_message("…")}
            session.messages[-1] = _bot(render.error_message(self.settings.human_contact, lang))
            yield session.messages, "", session
            return
        # Show the question as the system kept it, so the user sees what was removed.
        session.messages[-2] = {"role": "user", "content": render.user_message(final.question)}
        session.messages[-1] = _bot(render.answer_message(final, lang, staff=staff))
        session.history.append((final.question, final.answer))
        session.last_audit_id = final.audit_id or None
        yield session.messages, "", session

    def _rate(self, rating: Literal["up", "down"], chat: object) -> tuple[str, ChatSession]:
        session = ensure_session(chat)
        if not session.last_audit_id:
            return t("no_answer_yet", session.lang), session
        self.feedback.rate(session.last_audit_id, session.session_id, rating)
        return t("feedback_thanks", session.lang), session

    def thumbs_up(self, chat: object) -> tuple[str, ChatSession]:
        """Rate the session's latest answer as helpful."""
        return self._rate("up", chat)

    def thumbs_down(self, chat: object) -> tuple[str, ChatSession]:
        """Rate the session's latest answer as not helpful."""
        return self._rate("down", chat)

    def report(self, reason: str, chat: object) -> tuple[str, str, ChatSession]:
        """Report the session's latest answer with a reason (scrubbed before it is stored)."""
        session = ensure_session(chat)
        if not session.last_audit_id:
            return t("no_answer_yet", session.lang), reason, session
        self.feedback.report(session.last_audit_id, session.session_id, reason or "")
        return t("report_thanks", session.lang), "", session

    def clear(self, chat: object) -> tuple[list[dict[str, str]], str, ChatSession]:
        """Forget this session's conversation (a new session id, same language)."""
        old = ensure_session(chat)
        return [], "", ChatSession(lang=old.lang)
