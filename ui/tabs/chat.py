"""The public chat tab: the conversation, the question box, feedback and reports."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import gradio as gr

from kb.organisation import example_questions
from ui.chat import ChatHandlers
from ui.i18n import DEFAULT_LANGUAGE
from ui.localised import Localised
from ui.render import escape_text
from ui.session import session_lang
from ui.tabs.shared import SessionState


class ChatTab:
    """The public chat; its constructor builds the tab inside the current gr.Blocks."""

    def __init__(self, L: Localised) -> None:
        settings = L.settings
        with L.add(gr.Tab(L.initial("tab_chat"), id="chat"), label="tab_chat"):

            def chat_props(lang: str) -> dict[str, Any]:
                """The chat's label and, in the empty chat, the example questions a tap
                asks (none in a language the organisation gave none)."""
                examples = example_questions(settings, lang)
                intro = escape_text(L.text("examples_intro", lang)) if examples else None
                return {
                    "label": L.text("chat_label", lang),
                    "placeholder": intro,
                    "examples": [{"text": q} for q in examples] or None,
                }

            self.chatbot = L.add_props(
                gr.Chatbot(
                    elem_id="ngokb-chat",
                    height=480,
                    sanitize_html=True,
                    latex_delimiters=[],
                    feedback_options=None,
                    buttons=[],
                    layout="bubble",
                    **chat_props(DEFAULT_LANGUAGE),
                ),
                chat_props,
            )
            with gr.Row(equal_height=True, elem_id="ngokb-ask-row"):
                self.question = L.add(
                    gr.Textbox(
                        label=L.initial("question_label"),
                        lines=1,
                        max_lines=6,
                        scale=5,
                        placeholder=L.initial("question_placeholder"),
                        max_length=settings.max_question_chars,
                        elem_id="ngokb-question",
                    ),
                    label="question_label",
                    placeholder="question_placeholder",
                )
                self.send = L.add(
                    gr.Button(L.initial("send"), variant="primary", scale=1, elem_id="ngokb-send"),
                    value="send",
                )
            # Under the box it is about, read before typing.
            L.add(
                gr.Markdown("⚠️ " + L.initial("pii_reminder"), elem_id="ngokb-pii-reminder"),
                prefix="⚠️ ",
                value="pii_reminder",
            )
            L.add(gr.Markdown(L.initial("feedback_heading")), value="feedback_heading")
            with gr.Row():
                self.up = L.add(
                    gr.Button(L.initial("thumbs_up"), elem_id="ngokb-up"), value="thumbs_up"
                )
                self.down = L.add(
                    gr.Button(L.initial("thumbs_down"), elem_id="ngokb-down"), value="thumbs_down"
                )
                self.clear = L.add(
                    gr.Button(L.initial("clear"), elem_id="ngokb-clear"), value="clear"
                )
            with gr.Row(equal_height=True):
                self.reason = L.add(
                    gr.Textbox(
                        label=L.initial("report_reason"),
                        scale=5,
                        max_length=2000,
                        elem_id="ngokb-report-reason",
                    ),
                    label="report_reason",
                )
                self.report = L.add(
                    gr.Button(L.initial("report"), variant="stop", scale=1, elem_id="ngokb-report"),
                    value="report",
                )
            self.feedback_status = gr.Markdown("", elem_id="ngokb-feedback-status")

    def wire(self, handlers: ChatHandlers, state: SessionState, language: gr.Dropdown) -> None:
        """Asking (typed or a tapped example), feedback, reports and clearing; after an answer
        the `language` selector follows the question's language."""
        auth, chat = state.auth, state.chat
        gr.on(
            [self.send.click, self.question.submit],
            handlers.ask,
            [self.question, auth, chat],
            [self.chatbot, self.question, chat],
            api_name="ask",
            show_progress="minimal",
            concurrency_limit=None,  # ChatGate decides: answer, wait in line, or busy at once
        ).then(
            # The interface follows the question's language (set_language runs on the change).
            session_lang,
            [chat],
            [language],
            api_visibility="private",
            show_progress="hidden",
        )

        def ask_example(
            evt: gr.SelectData, auth_v: object, chat_v: object, request: gr.Request
        ) -> Iterator[Any]:
            """A tapped example question is asked as if typed (every check of `ask` applies)."""
            value = evt.value if isinstance(evt.value, dict) else {}
            yield from handlers.ask(str(value.get("text") or ""), auth_v, chat_v, request)

        self.chatbot.example_select(
            ask_example,
            [auth, chat],
            [self.chatbot, self.question, chat],
            api_visibility="private",
            show_progress="minimal",
            concurrency_limit=None,
        ).then(session_lang, [chat], [language], api_visibility="private", show_progress="hidden")
        feedback = [self.feedback_status, chat]
        self.up.click(handlers.thumbs_up, [chat], feedback, api_name="thumbs_up")
        self.down.click(handlers.thumbs_down, [chat], feedback, api_name="thumbs_down")
        self.report.click(
            handlers.report,
            [self.reason, chat],
            [self.feedback_status, self.reason, chat],
            api_name="report",
        )
        cleared = [self.chatbot, self.feedback_status, chat]
        self.clear.click(handlers.clear, [chat], cleared, api_name="clear")
        self.chatbot.clear(handlers.clear, [chat], cleared, api_visibility="private")
