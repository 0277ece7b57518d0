"""Server-side role checks for every staff and data-officer endpoint."""

from __future__ import annotations

import logging

import gradio as gr

from ui.auth import Permission, SignedIn
from ui.i18n import t
from ui.session import session_lang

log = logging.getLogger(__name__)


def signed_in(value: object) -> SignedIn:
    """The session's identity; anything that is not a SignedIn set by sign-in counts as public."""
    return value if isinstance(value, SignedIn) else SignedIn()


def require(auth: object, permission: Permission, chat: object, action: str) -> SignedIn:
    """Return the identity if it holds `permission`, else refuse the call with a gr.Error."""
    who = signed_in(auth)
    if not who.can(permission):
        log.warning("refused %s for role %s", action, who.role)
        raise gr.Error(t("not_allowed", session_lang(chat)), title="403", print_exception=False)
    return who
