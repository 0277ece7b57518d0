"""Sign-in and sign-out: the only handlers that write a session's role."""

from __future__ import annotations

import gradio as gr

from kb.settings import Settings
from ui.auth import Permission, SignedIn, TooManyAttempts, authenticate
from ui.client_address import client_address
from ui.client_cookie import SignedInClients, client_token, token_digest
from ui.i18n import t
from ui.session import session_lang


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
    def __init__(self, settings: Settings, clients: SignedInClients) -> None:
        self.settings = settings
        self.clients = clients

    def sign_in(
        self, username: str, password: str, chat: object, request: gr.Request
    ) -> tuple[object, ...]:
        """Check credentials; on success the session's role changes on the server.

        A client that failed too often is told how long to wait, at once (its attempt is not
        checked, so a right password is never called wrong)."""
        lang = session_lang(chat)
        client = client_address(request)
        token = client_token(request)
        if token is None:  # the role is bound to the client cookie: without it, no sign-in
            who = SignedIn()
            return (who, t("sign_in_no_cookie", lang), role_note(who, lang), "", *visibility(who))
        try:
            who = authenticate(self.settings, username or "", password or "", client)
            message = t("sign_in_failed", lang)
        except TooManyAttempts as busy:
            who, message = None, t("sign_in_wait", lang, seconds=str(busy.wait_s))
        if who is None:
            who = SignedIn()
            return (who, message, role_note(who, lang), "", *visibility(who))
        who = who.model_copy(update={"client_digest": token_digest(token)})
        self.clients.add(who.client_digest or "")
        note = role_note(who, lang)
        return (who, note, note, "", *visibility(who))

    def sign_out(self, chat: object, request: gr.Request) -> tuple[object, ...]:
        """Back to public mode."""
        self.clients.remove(request)
        lang = session_lang(chat)
        who = SignedIn()
        return (who, t("signed_out", lang), role_note(who, lang), "", *visibility(who))
