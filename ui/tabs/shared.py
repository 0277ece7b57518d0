"""What the views share: the session's server-side state, read by every tab's events, and the
shape of the tabs only a role sees."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import gradio as gr

from ui.localised import Localised


@dataclass(frozen=True)
class SessionState:
    """The role (written only by the sign-in handlers) and the chat session of one browser."""

    auth: gr.State
    chat: gr.State


def role_tab(L: Localised, key: str, tab_id: str) -> gr.Tab:
    """A tab for a role, hidden until someone with that role signs in (ui.signin.visibility)."""
    tab: gr.Tab = L.add(gr.Tab(L.initial(key), id=tab_id, visible=False), label=key)
    return tab


def on_open_or_refresh(
    tab: gr.Tab,
    refresh: gr.Button,
    fn: Callable[..., Any],
    state: SessionState,
    outputs: list[Any],
    api_name: str,
    filters: Sequence[Any] = (),
) -> None:
    """A tab's list or plots, loaded each time the tab opens and on its refresh button; `fn`
    takes the `filters`' values, then the session's state."""
    inputs = [*filters, state.auth, state.chat]
    gr.on([refresh.click, tab.select], fn, inputs, outputs, api_name=api_name)
