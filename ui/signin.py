"""Sign-in and sign-out: the only handlers that write a session's role."""

from __future__ import annotations

import time

import gradio as gr

from kb.settings import Settings
from ui.auth import Permission, SignedIn, authenticate
from ui.i18n import t
from ui.session import session_lang

_FAILED_SIGN_IN_DELAY_S = 1.0


def role_note(who: SignedIn, lang: str) -> str:
    """The banner saying who is signed in (and that staff answers use staff documents)."""
    if who.username is None:
        return t("signed_out", lang)
    role = t(f"role_{who.role.value}", lang)
    note = t("signed_in_as", lang, user=who.username, role=role)
    if who.can(Permission.ASK_STAFF_DOCUMENTS):
        note += " " + t("staff_mode_note", lang)
    return note


def visibility(who: SignedIn) -> tuple[dict[str, object], ...]:
    """Tab visibility for (documents, audit, review, dashboard, retention)."""
    docs = who.can(Permission.MANAGE_DOCUMENTS)
    audit = who.can(Permission.AUDIT)
    return (gr.update(visible=docs),) + tuple(gr.update(visible=audit) for _ in range(4))


class SignInHandlers:
    def __init__(self, settings: Settings) -> None:
        self.settings = settings

    def sign_in(self, username: str, password: str, chat: object) -> tuple[object, ...]:
        """Check credentials; on success the session's role changes on the server."""
        lang = session_lang(chat)
        who = authenticate(self.settings, username or "", password or "")
        if who is None:
            time.sleep(_FAILED_SIGN_IN_DELAY_S)
            who = SignedIn()
            return (who, t("sign_in_failed", lang), role_note(who, lang), "", *visibility(who))
        note = role_note(who, lang)
        return (who, note, note, "", *visibility(who))

    def sign_out(self, chat: object) -> tuple[object, ...]:
        """Back to public mode."""
        lang = session_lang(chat)
        who = SignedIn()
        return (who, t("signed_out", lang), role_note(who, lang), "", *visibility(who))
