"""Server-side role checks for every staff and data-officer endpoint.

A role counts only on a request carrying the client cookie it was bound to at sign-in
(ui/client_cookie.py): a session hash replayed from another client is public.
"""

from __future__ import annotations

import logging

import gradio as gr

from ui.auth import Permission, SignedIn
from ui.client_cookie import same_client
from ui.i18n import t
from ui.session import session_lang

log = logging.getLogger(__name__)


def signed_in(value: object, request: object) -> SignedIn:
    """The identity of the session making `request`: public unless sign-in set it and the
    request carries the client cookie it was bound to."""
    if not isinstance(value, SignedIn) or value.username is None:
        return SignedIn()
    if not same_client(value.client_digest, request):
        log.warning("refused the role of a session used without its client cookie")
        return SignedIn()
    return value


def require(
    auth: object, permission: Permission, chat: object, action: str, request: object
) -> SignedIn:
    """Return the identity if it holds `permission`, else refuse the call with a gr.Error."""
    who = signed_in(auth, request)
    if not who.can(permission):
        log.warning("refused %s for role %s", action, who.role)
        raise gr.Error(t("not_allowed", session_lang(chat)), title="403", print_exception=False)
    return who
