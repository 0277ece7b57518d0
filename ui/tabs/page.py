"""The page around the tabs: the header (title, language, AI disclosure, role banner) above, the
About panel below, and the language switch that relabels every localised component."""

from __future__ import annotations

import json
from typing import Any

import gradio as gr

from kb.index import KnowledgeBase
from kb.schema import Audience
from kb.settings import Settings
from ui.access import signed_in
from ui.i18n import (
    DEFAULT_LANGUAGE,
    HTML_LANG,
    LANGUAGE_NAMES,
    from_accept_language,
    normalise_language,
    t,
)
from ui.localised import Localised
from ui.render import escape_text
from ui.session import ChatSession, ensure_session
from ui.signin import role_note
from ui.tabs.shared import SessionState

SET_HTML_LANG_JS = (
    f"(lang, auth, chat) => {{ document.documentElement.lang = ({json.dumps(HTML_LANG)})[lang]"
    " || lang; return [lang, auth, chat]; }"
)


def disclosure_html(lang: str) -> str:
    """The AI disclosure: its first sentence always shown, on one line where it fits, the rest
    one tap away, so that on a phone the question box stays on the first screen."""
    summary = escape_text(t("ai_disclosure_summary", lang))
    more = escape_text(t("more_info", lang))
    detail = escape_text(t("ai_disclosure", lang))
    return (
        f'<details class="ngokb-disclosure-box"><summary><strong>{summary}</strong> '
        f'<span class="ngokb-more">{more}</span></summary><p>{detail}</p></details>'
    )


def public_documents_html(settings: Settings, lang: str) -> str:
    kb = KnowledgeBase(settings)
    try:
        names = sorted(
            {
                d.file_name
                for d in kb.documents()
                if d.audience is Audience.PUBLIC and d.status == "ok"
            }
        )
    finally:
        kb.close()
    label = t("public_documents", lang)
    items = "".join(f"<li>{escape_text(n)}</li>" for n in names) or "<li>—</li>"
    return f'<p>{escape_text(label)}</p><ul class="ngokb-doc-list">{items}</ul>'


class Header:
    """Title, language selector, AI disclosure and role banner; the selector and the banner are
    what other views' events write."""

    def __init__(self, L: Localised) -> None:
        # Phone first: header, one-line disclosure, then the chat; "About" is below the tabs.
        with gr.Row(elem_id="ngokb-header"):
            L.add(
                gr.Markdown("# " + L.initial("title"), elem_id="ngokb-title"),
                prefix="# ",
                value="title",
            )
            # A drop-down: six languages in one line, even on a phone.
            self.language = gr.Dropdown(
                choices=[(name, code) for code, name in LANGUAGE_NAMES.items()],
                value=DEFAULT_LANGUAGE,
                label=L.initial("language_label"),
                elem_id="ngokb-language",
                filterable=False,
                scale=0,
                min_width=170,
            )
            L.add(self.language, label="language_label")
        L.add_html(
            gr.HTML(disclosure_html(DEFAULT_LANGUAGE), elem_id="ngokb-disclosure"), disclosure_html
        )
        self.role_banner = gr.Markdown(L.initial("signed_out"), elem_id="ngokb-role-note")


def build_about(L: Localised) -> gr.HTML:
    """The About panel below the tabs; returns its list of public documents (filled on load)."""
    with L.add(
        gr.Accordion(L.initial("transparency_heading"), open=False, elem_id="ngokb-about"),
        label="transparency_heading",
    ):
        L.add(gr.Markdown(L.initial("transparency")), value="transparency")
        return gr.HTML("")


def wire_language(
    demo: gr.Blocks,
    L: Localised,
    state: SessionState,
    header: Header,
    public_docs: gr.HTML,
) -> None:
    """The session's language from the browser on load, and the selector's switch; wired after
    every view is built, since the switch relabels all of `L`'s components."""
    settings = L.settings

    def on_load(auth_v: object, chat_v: object, request: gr.Request) -> tuple[Any, ...]:
        session = ensure_session(chat_v)
        if not isinstance(chat_v, ChatSession):
            accept = request.headers.get("accept-language") if request else None
            session.lang = from_accept_language(accept)
        return session.lang, session, public_documents_html(settings, session.lang)

    def set_language(
        lang: str, auth_v: object, chat_v: object, request: gr.Request
    ) -> tuple[Any, ...]:
        """Switch the interface language of this session."""
        session = ensure_session(chat_v)
        session.lang = normalise_language(lang)
        return (
            session,
            role_note(signed_in(auth_v, request), session.lang),
            public_documents_html(settings, session.lang),
            *L.updates(session.lang),
        )

    demo.load(
        on_load,
        [state.auth, state.chat],
        [header.language, state.chat, public_docs],
        api_visibility="private",
    )
    header.language.change(
        set_language,
        [header.language, state.auth, state.chat],
        [state.chat, header.role_banner, public_docs, *L.components],
        js=SET_HTML_LANG_JS,
        api_name="set_language",
    )
