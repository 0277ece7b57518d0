"""Public chat handlers: ask (streamed), rate, report, clear."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from typing import Literal

import gradio as gr

from kb.model_line import ChatGate, Ticket
from kb.organisation import human_contact
from kb.pipeline import stream_answer
from kb.schema import Answer, Audience, InLine, Quotes
from kb.settings import Settings
from ui import render
from ui.access import signed_in
from ui.auth import Permission
from ui.client_address import client_address
from ui.feedback import FeedbackStore
from ui.i18n import from_text, t
from ui.limits import RateLimiter, ReportLimiter
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
        self.rate_limit = RateLimiter(settings.rate_limit_per_minute)
        self.gate = ChatGate(settings.chat_concurrency, settings.chat_max_waiting)
        self.report_limit = ReportLimiter(
            settings.feedback_per_hour, settings.feedback_per_client_per_hour
        )

    def ask(
        self, question: str, auth: object, chat: object, request: gr.Request | None = None
    ) -> Iterator[ChatUpdate]:
        """Stream an answer into the conversation: the quotes from the documents as soon as they
        are found, then the draft as it is written, then the final rendered answer.

        A question that is too long, too quick or meets a full line gets a message at once and
        no work is done; the question stays in the box to send again. A too-long question is
        still audited, as the length guard's refusal: data officers see every guard that fired.
        """
        session = ensure_session(chat)
        question = (question or "").strip()
        if not question:
            yield from self._notice(session, t("empty_question", session.lang))
            return
        limit = self.settings.max_question_chars
        # The interface follows the question's language, when it is one the interface has.
        session.lang = from_text(question[:limit]) or session.lang
        lang = session.lang
        if len(question) > limit:
            self._audit_refusal(question, self._audience(auth, request), session)
            text = t("question_too_long", lang, length=str(len(question)), limit=str(limit))
            yield from self._notice(session, text)
            return
        ticket = self.gate.join()
        if ticket is None:
            yield from self._notice(session, t("busy", lang), keep=question)
            return
        try:
            # Keyed on the address the server sees, not the session hash a client chooses.
            key = client_address(request) if request else None
            wait_s = self.rate_limit.wait_s(key or session.session_id)
            if wait_s:
                per_minute = str(self.settings.rate_limit_per_minute)
                text = t("rate_limited", lang, seconds=str(wait_s), limit=per_minute)
                yield from self._notice(session, text, keep=question)
                return
            audience = self._audience(auth, request)
            yield from self._answer(session, question, lang, audience, ticket)
        finally:
            self.gate.leave(ticket)

    def _audit_refusal(self, question: str, audience: Audience, session: ChatSession) -> None:
        """Let the pipeline refuse the question: it does so before reading it, and audits it."""
        try:
            for _ in stream_answer(
                question,
                self.settings,
                audience=audience,
                session_id=session.session_id,
                mode=self.mode,
            ):
                pass
        except Exception as exc:  # noqa: BLE001 - the user still gets the notice
            log.error("auditing a refused question failed: %s", type(exc).__name__)

    @staticmethod
    def _audience(auth: object, request: gr.Request | None) -> Audience:
        staff = signed_in(auth, request).can(Permission.ASK_STAFF_DOCUMENTS)
        return Audience.STAFF if staff else Audience.PUBLIC

    def _notice(self, session: ChatSession, text: str, keep: str = "") -> Iterator[ChatUpdate]:
        """Show `text` once, without adding it to the conversation; `keep` stays in the box."""
        session.messages.append(_bot(render.notice_message(text)))
        yield session.messages, keep, session
        session.messages.pop()

    def _answer(
        self, session: ChatSession, question: str, lang: str, audience: Audience, ticket: Ticket
    ) -> Iterator[ChatUpdate]:
        staff = audience is Audience.STAFF
        session.messages += [
            {"role": "user", "content": render.user_message(question)},
            _bot(render.pending_message("", lang)),
        ]
        yield session.messages, "", session
        partial, final, note = "", None, ""
        quotes: Quotes | None = None
        try:
            for item in stream_answer(
                question,
                self.settings,
                audience=audience,
                session_id=session.session_id,
                history=session.history,
                mode=self.mode,
                model_turn=self.gate.turn(ticket),
            ):
                if isinstance(item, Answer):
                    final = item
                    continue
                if isinstance(item, InLine):
                    note = t("waiting_in_line", lang, ahead=str(item.ahead)) if item.ahead else ""
                elif isinstance(item, Quotes):
                    quotes, note = item, ""
                elif isinstance(item, str):
                    partial, note = partial + item, ""
                else:
                    continue  # nothing this view shows
                pending = render.pending_message(partial, lang, note=note, quotes=quotes)
                session.messages[-1] = _bot(pending)
                yield session.messages, "", session
        except Exception as exc:  # noqa: BLE001 - the user gets a canned message, never a trace
            log.error("answer failed: %s", type(exc).__name__)
        if final is None:
            # The raw question must not stay in server state once we know nothing scrubbed it.
            session.messages[-2] = {"role": "user", "content": render.user_message("…")}
            contact = human_contact(self.settings, lang)
            session.messages[-1] = _bot(render.error_message(contact, lang))
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

    def report(
        self, reason: str, chat: object, request: gr.Request | None = None
    ) -> tuple[str, str, ChatSession]:
        """Report the session's latest answer with a reason (scrubbed before it is stored);
        past the hourly limit of reports the reason stays in the box and nothing is stored."""
        session = ensure_session(chat)
        if not session.last_audit_id:
            return t("no_answer_yet", session.lang), reason, session
        wait_min = self.report_limit.wait_minutes(session.session_id, client_address(request))
        if wait_min:
            limit = str(self.settings.feedback_per_hour)
            return (
                t("report_limited", session.lang, minutes=str(wait_min), limit=limit),
                reason,
                session,
            )
        self.feedback.report(session.last_audit_id, session.session_id, reason or "")
        return t("report_thanks", session.lang), "", session

    def clear(self, chat: object) -> tuple[list[dict[str, str]], str, ChatSession]:
        """Forget this session's conversation (a new session id, same language)."""
        old = ensure_session(chat)
        return [], "", ChatSession(lang=old.lang)
