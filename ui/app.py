"""The Gradio app: layout and event wiring. Handlers live in chat, documents, officer, signin.

Every endpoint is named (`api_name`) so it can be called and tested with gradio_client. Roles are
held in a server-side gr.State that only the sign-in handlers write, bound to the client cookie;
staff and officer handlers check both themselves, so hiding a tab is convenience, never the
protection.
"""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import gradio as gr
from starlette.middleware import Middleware

from kb.index import KnowledgeBase
from kb.organisation import example_questions, human_contact, organisation
from kb.schema import Audience
from kb.settings import Settings
from ui.access import signed_in
from ui.auth import first_run_notice
from ui.chat import AnswerMode, ChatHandlers
from ui.client_address import trusted_proxy_env
from ui.client_cookie import ClientCookie, SignedInClients
from ui.documents import DocumentHandlers
from ui.feedback import FeedbackStore, default_scrubber
from ui.file_gate import StaffOnlyFiles
from ui.i18n import (
    HTML_LANG,
    LANGUAGE_NAMES,
    LANGUAGES,
    from_accept_language,
    normalise_language,
    t,
)
from ui.limits import UploadLimitMessage
from ui.officer import OfficerHandlers
from ui.render import escape_text
from ui.session import ChatSession, ensure_session, session_lang
from ui.signin import SignInHandlers, role_note
from ui.upload_sweep import DELETE_CACHE, claim_upload_cache, sweep_at_start

CSS_PATH = Path(__file__).with_name("style.css")
A11Y_JS_PATH = Path(__file__).with_name("a11y.js")
SIGN_IN_TTL_S = 8 * 3600
# System fonts only: the default theme would fetch web fonts from the internet. Primary (orange)
# and stop (red) buttons one shade darker than Gradio's: white text on its orange-500 and
# red-500 has a contrast of 2.8 and 3.8, under the 4.5 WCAG AA asks of normal text.
THEME = gr.themes.Default(
    font=["system-ui", "Noto Sans CJK TC", "PingFang TC", "Microsoft JhengHei", "sans-serif"],
    font_mono=["ui-monospace", "monospace"],
).set(
    button_primary_background_fill="*primary_700",
    button_primary_background_fill_hover="*primary_800",
    button_primary_background_fill_dark="*primary_700",
    button_primary_background_fill_hover_dark="*primary_800",
    button_cancel_background_fill=gr.themes.colors.red.c700,
    button_cancel_background_fill_hover=gr.themes.colors.red.c800,
    button_cancel_background_fill_dark=gr.themes.colors.red.c700,
    button_cancel_background_fill_hover_dark=gr.themes.colors.red.c800,
)
SET_HTML_LANG_JS = (
    f"(lang, auth, chat) => {{ document.documentElement.lang = ({json.dumps(HTML_LANG)})[lang]"
    " || lang; return [lang, auth, chat]; }"
)


class Localised:
    """Components whose label/placeholder/value come from the catalogue, per language."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.values = {"org": settings.organisation_name, "mb": f"{settings.max_file_mb:g}"}
        self.items: list[tuple[Any, Callable[[str], dict[str, Any]]]] = []

    def text(self, key: str, lang: str) -> str:
        return t(key, lang, contact=human_contact(self.settings, lang), **self.values)

    def add(self, component: Any, prefix: str = "", **keys: str) -> Any:
        """Register `component`; `keys` maps a property to a catalogue key; `prefix` goes
        before the value (e.g. a Markdown heading mark)."""

        def update(lang: str) -> dict[str, Any]:
            return gr.update(
                **{
                    attr: (prefix if attr == "value" else "") + self.text(key, lang)
                    for attr, key in keys.items()
                }
            )

        self.items.append((component, update))
        return component

    def add_html(self, component: Any, build: Callable[[str], str]) -> Any:
        """Register a component whose value `build(lang)` makes from several strings."""
        self.items.append((component, lambda lang: gr.update(value=build(lang))))
        return component

    def add_props(self, component: Any, build: Callable[[str], dict[str, Any]]) -> Any:
        """Register a component whose properties `build(lang)` gives (as keyword arguments)."""
        self.items.append((component, lambda lang: gr.update(**build(lang))))
        return component

    def updates(self, lang: str) -> list[dict[str, Any]]:
        return [update(lang) for _, update in self.items]

    @property
    def components(self) -> list[Any]:
        return [component for component, _ in self.items]


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


def _public_documents_html(settings: Settings, lang: str) -> str:
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


def build_app(
    settings: Settings, mode: AnswerMode = "auto", clients: SignedInClients | None = None
) -> gr.Blocks:
    """Build the whole web app (public chat, sign-in, staff documents, data-officer views);
    `clients` learns which client cookies are signed in (for the file routes)."""
    settings.ensure_data_dir()
    organisation(settings)  # a broken organisation file fails now, not in a crisis referral
    feedback = FeedbackStore(settings, scrub=default_scrubber(settings))
    chat_h = ChatHandlers(settings, feedback, mode)
    docs_h = DocumentHandlers(settings)
    officer_h = OfficerHandlers(settings, feedback)
    signin_h = SignInHandlers(settings, clients or SignedInClients(SIGN_IN_TTL_S))
    L = Localised(settings)
    lang0 = "zh-TW"

    with gr.Blocks(
        title=settings.organisation_name, analytics_enabled=False, delete_cache=DELETE_CACHE
    ) as demo:
        auth = gr.State(None, time_to_live=SIGN_IN_TTL_S)
        chat = gr.State(None)

        # Phone first: header, one-line disclosure, then the chat; "About" is below the tabs.
        with gr.Row(elem_id="ngokb-header"):
            L.add(
                gr.Markdown("# " + L.text("title", lang0), elem_id="ngokb-title"),
                prefix="# ",
                value="title",
            )
            # A drop-down: six languages in one line, even on a phone.
            language = gr.Dropdown(
                choices=[(name, code) for code, name in LANGUAGE_NAMES.items()],
                value=lang0,
                label=L.text("language_label", lang0),
                elem_id="ngokb-language",
                filterable=False,
                scale=0,
                min_width=170,
            )
            L.add(language, label="language_label")
        L.add_html(gr.HTML(disclosure_html(lang0), elem_id="ngokb-disclosure"), disclosure_html)
        role_banner = gr.Markdown(L.text("signed_out", lang0), elem_id="ngokb-role-note")

        with gr.Tabs():
            with L.add(gr.Tab(L.text("tab_chat", lang0), id="chat"), label="tab_chat"):

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

                chatbot = L.add_props(
                    gr.Chatbot(
                        elem_id="ngokb-chat",
                        height=480,
                        sanitize_html=True,
                        latex_delimiters=[],
                        feedback_options=None,
                        buttons=[],
                        layout="bubble",
                        **chat_props(lang0),
                    ),
                    chat_props,
                )
                with gr.Row(equal_height=True, elem_id="ngokb-ask-row"):
                    question = L.add(
                        gr.Textbox(
                            label=L.text("question_label", lang0),
                            lines=1,
                            max_lines=6,
                            scale=5,
                            placeholder=L.text("question_placeholder", lang0),
                            max_length=settings.max_question_chars,
                            elem_id="ngokb-question",
                        ),
                        label="question_label",
                        placeholder="question_placeholder",
                    )
                    send = L.add(
                        gr.Button(
                            L.text("send", lang0), variant="primary", scale=1, elem_id="ngokb-send"
                        ),
                        value="send",
                    )
                # Under the box it is about, read before typing.
                L.add(
                    gr.Markdown("⚠️ " + L.text("pii_reminder", lang0), elem_id="ngokb-pii-reminder"),
                    prefix="⚠️ ",
                    value="pii_reminder",
                )
                L.add(gr.Markdown(L.text("feedback_heading", lang0)), value="feedback_heading")
                with gr.Row():
                    up = L.add(
                        gr.Button(L.text("thumbs_up", lang0), elem_id="ngokb-up"), value="thumbs_up"
                    )
                    down = L.add(
                        gr.Button(L.text("thumbs_down", lang0), elem_id="ngokb-down"),
                        value="thumbs_down",
                    )
                    clear = L.add(
                        gr.Button(L.text("clear", lang0), elem_id="ngokb-clear"), value="clear"
                    )
                with gr.Row(equal_height=True):
                    reason = L.add(
                        gr.Textbox(
                            label=L.text("report_reason", lang0),
                            scale=5,
                            max_length=2000,
                            elem_id="ngokb-report-reason",
                        ),
                        label="report_reason",
                    )
                    report = L.add(
                        gr.Button(
                            L.text("report", lang0), variant="stop", scale=1, elem_id="ngokb-report"
                        ),
                        value="report",
                    )
                feedback_status = gr.Markdown("", elem_id="ngokb-feedback-status")

            with L.add(gr.Tab(L.text("tab_sign_in", lang0), id="signin"), label="tab_sign_in"):
                L.add(
                    gr.Markdown("## " + L.text("sign_in_heading", lang0)),
                    prefix="## ",
                    value="sign_in_heading",
                )
                username = L.add(
                    gr.Textbox(label=L.text("username", lang0), elem_id="ngokb-user"),
                    label="username",
                )
                password = L.add(
                    gr.Textbox(
                        label=L.text("password", lang0), type="password", elem_id="ngokb-password"
                    ),
                    label="password",
                )
                with gr.Row():
                    sign_in = L.add(
                        gr.Button(
                            L.text("sign_in", lang0), variant="primary", elem_id="ngokb-sign-in"
                        ),
                        value="sign_in",
                    )
                    sign_out = L.add(
                        gr.Button(L.text("sign_out", lang0), elem_id="ngokb-sign-out"),
                        value="sign_out",
                    )
                sign_in_status = gr.Markdown("", elem_id="ngokb-sign-in-status")

            with L.add(
                gr.Tab(L.text("tab_documents", lang0), id="documents", visible=False),
                label="tab_documents",
            ) as docs_tab:
                files = L.add(
                    gr.File(
                        label=L.text("upload_files", lang0),
                        file_count="multiple",
                        type="filepath",
                        elem_id="ngokb-files",
                        # No file_types: Gradio would refuse other types before the handler
                        # runs and keep the file; the handler refuses them and deletes it.
                    ),
                    label="upload_files",
                )
                audience = L.add(
                    gr.Radio(
                        choices=["staff", "public"], value="staff", label=L.text("audience", lang0)
                    ),
                    label="audience",
                )
                upload = L.add(
                    gr.Button(L.text("upload", lang0), variant="primary", elem_id="ngokb-upload"),
                    value="upload",
                )
                upload_result = gr.JSON(label="Ingest summary", elem_id="ngokb-upload-result")
                docs_refresh = L.add(gr.Button(L.text("refresh", lang0)), value="refresh")
                docs_table = L.add(
                    gr.Dataframe(
                        label=L.text("documents", lang0),
                        interactive=False,
                        wrap=True,
                        elem_id="ngokb-documents",
                    ),
                    label="documents",
                )
                with gr.Row(equal_height=True):
                    doc_ref = L.add(
                        gr.Textbox(label=L.text("doc_ref", lang0), scale=4), label="doc_ref"
                    )
                    delete = L.add(
                        gr.Button(L.text("delete_document", lang0), variant="stop", scale=1),
                        value="delete_document",
                    )
                delete_receipt = L.add(gr.JSON(label=L.text("receipt", lang0)), label="receipt")

            with L.add(
                gr.Tab(L.text("tab_audit", lang0), id="audit", visible=False), label="tab_audit"
            ) as audit_tab:
                with gr.Row():
                    date_from = L.add(
                        gr.Textbox(label=L.text("date_from", lang0)), label="date_from"
                    )
                    date_to = L.add(gr.Textbox(label=L.text("date_to", lang0)), label="date_to")
                    q_lang = L.add(
                        gr.Dropdown(
                            ["any", *LANGUAGES],
                            value="any",
                            label=L.text("question_language", lang0),
                        ),
                        label="question_language",
                    )
                    fb_filter = L.add(
                        gr.Dropdown(
                            ["any", "up", "down", "none"],
                            value="any",
                            label=L.text("feedback_filter", lang0),
                        ),
                        label="feedback_filter",
                    )
                with gr.Row():
                    failures_only = L.add(
                        gr.Checkbox(label=L.text("guard_failures_only", lang0)),
                        label="guard_failures_only",
                    )
                    reported_only = L.add(
                        gr.Checkbox(label=L.text("reported_only", lang0)), label="reported_only"
                    )
                    search = L.add(
                        gr.Button(
                            L.text("search", lang0), variant="primary", elem_id="ngokb-audit-search"
                        ),
                        value="search",
                    )
                    export = L.add(gr.Button(L.text("export_csv", lang0)), value="export_csv")
                audit_table = gr.Dataframe(
                    label="Audit records",
                    interactive=False,
                    wrap=True,
                    elem_id="ngokb-audit-table",
                    column_widths=["13%", "12%", "7%", "7%", "13%", "10%", "7%", "6%", "25%"],
                )
                export_file = gr.File(label="CSV", interactive=False)
                with gr.Row(equal_height=True):
                    audit_id = L.add(
                        gr.Textbox(
                            label=L.text("audit_id", lang0), scale=4, elem_id="ngokb-audit-id"
                        ),
                        label="audit_id",
                    )
                    show = L.add(
                        gr.Button(
                            L.text("show_detail", lang0), scale=1, elem_id="ngokb-show-detail"
                        ),
                        value="show_detail",
                    )
                detail = gr.HTML("", elem_id="ngokb-detail")
                with gr.Row():
                    verify = L.add(gr.Button(L.text("verify_chain", lang0)), value="verify_chain")
                    verify_result = gr.Markdown("")

            with L.add(
                gr.Tab(L.text("tab_review", lang0), id="review", visible=False), label="tab_review"
            ) as review_tab:
                review_refresh = L.add(gr.Button(L.text("refresh", lang0)), value="refresh")
                reports_table = gr.Dataframe(label="Reports", interactive=False, wrap=True)
                report_id = L.add(
                    gr.Number(label=L.text("report_id", lang0), precision=0), label="report_id"
                )
                note = L.add(
                    gr.Textbox(label=L.text("resolution_note", lang0), lines=2),
                    label="resolution_note",
                )
                expected = L.add(
                    gr.Textbox(label=L.text("expected_keywords", lang0), lines=2),
                    label="expected_keywords",
                )
                answerable = L.add(
                    gr.Checkbox(value=True, label=L.text("answerable", lang0)), label="answerable"
                )
                resolve = L.add(
                    gr.Button(L.text("resolve", lang0), variant="primary"), value="resolve"
                )
                resolved = gr.JSON(label="Resolved report")
                export_eval = L.add(gr.Button(L.text("export_eval", lang0)), value="export_eval")
                eval_file = gr.File(label="JSONL", interactive=False)

            with L.add(
                gr.Tab(L.text("tab_dashboard", lang0), id="dashboard", visible=False),
                label="tab_dashboard",
            ) as dashboard_tab:
                dash_refresh = L.add(
                    gr.Button(L.text("refresh_dashboard", lang0)), value="refresh_dashboard"
                )
                with gr.Row():
                    per_day = gr.BarPlot(x="day", y="questions", title="Questions per day")
                    refusal = gr.LinePlot(
                        x="day", y="refusal_rate", title="Refusal rate per day", y_lim=[0, 1]
                    )
                with gr.Row():
                    guard_plot = gr.BarPlot(x="guard", y="failures", title="Guard failures by type")
                    feedback_plot = gr.BarPlot(x="feedback", y="count", title="Feedback")

            with L.add(
                gr.Tab(L.text("tab_retention", lang0), id="retention", visible=False),
                label="tab_retention",
            ) as retention_tab:
                gr.Markdown(
                    f"Retention period: **{settings.audit_retention_days} days**. Applying it "
                    "erases question and answer text older than that from the audit log (the "
                    "hash chain stays verifiable) and deletes old feedback. Documents are "
                    "deleted from the Documents tab; both actions return a receipt."
                )
                retention = L.add(
                    gr.Button(L.text("apply_retention", lang0), variant="stop"),
                    value="apply_retention",
                )
                retention_receipt = L.add(gr.JSON(label=L.text("receipt", lang0)), label="receipt")

        with L.add(
            gr.Accordion(L.text("transparency_heading", lang0), open=False, elem_id="ngokb-about"),
            label="transparency_heading",
        ):
            L.add(gr.Markdown(L.text("transparency", lang0)), value="transparency")
            public_docs = gr.HTML("")

        tabs = [docs_tab, audit_tab, review_tab, dashboard_tab, retention_tab]

        # --- language -------------------------------------------------------------------------
        def on_load(auth_v: object, chat_v: object, request: gr.Request) -> tuple[Any, ...]:
            session = ensure_session(chat_v)
            if not isinstance(chat_v, ChatSession):
                header = request.headers.get("accept-language") if request else None
                session.lang = from_accept_language(header)
            return session.lang, session, _public_documents_html(settings, session.lang)

        def set_language(
            lang: str, auth_v: object, chat_v: object, request: gr.Request
        ) -> tuple[Any, ...]:
            """Switch the interface language of this session."""
            session = ensure_session(chat_v)
            session.lang = normalise_language(lang)
            return (
                session,
                role_note(signed_in(auth_v, request), session.lang),
                _public_documents_html(settings, session.lang),
                *L.updates(session.lang),
            )

        demo.load(on_load, [auth, chat], [language, chat, public_docs], api_visibility="private")
        language.change(
            set_language,
            [language, auth, chat],
            [chat, role_banner, public_docs, *L.components],
            js=SET_HTML_LANG_JS,
            api_name="set_language",
        )

        # --- public chat ----------------------------------------------------------------------
        gr.on(
            [send.click, question.submit],
            chat_h.ask,
            [question, auth, chat],
            [chatbot, question, chat],
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
            yield from chat_h.ask(str(value.get("text") or ""), auth_v, chat_v, request)

        chatbot.example_select(
            ask_example,
            [auth, chat],
            [chatbot, question, chat],
            api_visibility="private",
            show_progress="minimal",
            concurrency_limit=None,
        ).then(session_lang, [chat], [language], api_visibility="private", show_progress="hidden")
        up.click(chat_h.thumbs_up, [chat], [feedback_status, chat], api_name="thumbs_up")
        down.click(chat_h.thumbs_down, [chat], [feedback_status, chat], api_name="thumbs_down")
        report.click(
            chat_h.report, [reason, chat], [feedback_status, reason, chat], api_name="report"
        )
        clear.click(chat_h.clear, [chat], [chatbot, feedback_status, chat], api_name="clear")
        chatbot.clear(
            chat_h.clear, [chat], [chatbot, feedback_status, chat], api_visibility="private"
        )

        # --- sign-in --------------------------------------------------------------------------
        signin_outputs = [auth, sign_in_status, role_banner, password, *tabs]
        gr.on(
            [sign_in.click, password.submit],
            signin_h.sign_in,
            [username, password, chat],
            signin_outputs,
            api_name="sign_in",
        )
        sign_out.click(signin_h.sign_out, [chat], signin_outputs, api_name="sign_out")

        # --- staff documents ------------------------------------------------------------------
        gr.on(
            [docs_refresh.click, docs_tab.select],
            docs_h.documents_table,
            [auth, chat],
            [docs_table],
            api_name="list_documents",
        )
        upload.click(
            docs_h.upload,
            [files, audience, auth, chat],
            [upload_result, docs_table],
            api_name="upload",
        )
        delete.click(
            docs_h.delete,
            [doc_ref, auth, chat],
            [delete_receipt, docs_table],
            api_name="delete_document",
        )

        # --- data officer ---------------------------------------------------------------------
        filters = [date_from, date_to, q_lang, failures_only, reported_only, fb_filter]
        gr.on(
            [search.click, audit_tab.select],
            officer_h.search,
            [*filters, auth, chat],
            [audit_table],
            api_name="audit_search",
        )
        export.click(
            officer_h.export_csv, [*filters, auth, chat], [export_file], api_name="audit_export"
        )
        show.click(officer_h.detail, [audit_id, auth, chat], [detail], api_name="answer_detail")

        def pick_row(evt: gr.SelectData, table: Any) -> str:
            row = evt.index[0] if isinstance(evt.index, list | tuple) else evt.index
            return str(table.iloc[row]["audit_id"]) if len(table) else ""

        audit_table.select(pick_row, [audit_table], [audit_id], api_visibility="private").then(
            officer_h.detail, [audit_id, auth, chat], [detail], api_visibility="private"
        )
        verify.click(officer_h.verify, [auth, chat], [verify_result], api_name="verify_audit")
        gr.on(
            [review_refresh.click, review_tab.select],
            officer_h.review_queue,
            [auth, chat],
            [reports_table],
            api_name="review_queue",
        )
        resolve.click(
            officer_h.resolve,
            [report_id, note, expected, answerable, auth, chat],
            [resolved, reports_table],
            api_name="resolve_report",
        )
        export_eval.click(officer_h.export_eval, [auth, chat], [eval_file], api_name="export_eval")
        gr.on(
            [dash_refresh.click, dashboard_tab.select],
            officer_h.dashboard,
            [auth, chat],
            [per_day, refusal, guard_plot, feedback_plot],
            api_name="dashboard",
        )
        retention.click(
            officer_h.apply_retention, [auth, chat], [retention_receipt], api_name="apply_retention"
        )
    return demo


def launch_app(
    settings: Settings,
    host: str = "127.0.0.1",
    port: int = 7860,
    open_browser: bool = False,
    block: bool = True,
    mode: AnswerMode = "auto",
) -> tuple[gr.Blocks, str]:
    """Build and start the app; with block=False return at once (for tests) with the local URL."""
    cache = claim_upload_cache(settings)  # before the app is built: Gradio reads it then
    sweep_at_start(settings, cache)
    clients = SignedInClients(SIGN_IN_TTL_S)
    demo = build_app(settings, mode=mode, clients=clients)
    demo.queue(max_size=64, default_concurrency_limit=1)
    max_file_bytes = int(settings.max_file_mb * 1024 * 1024)
    # Read by uvicorn as the server starts: only these proxies may name the client's address.
    os.environ.update(trusted_proxy_env(settings))
    _, url, _ = demo.launch(
        server_name=host,
        server_port=port,
        inbrowser=open_browser,
        prevent_thread_lock=not block,
        css=CSS_PATH.read_text(encoding="utf-8"),
        js=A11Y_JS_PATH.read_text(encoding="utf-8"),
        theme=THEME,
        footer_links=[],
        ssr_mode=False,
        mcp_server=False,
        enable_monitoring=False,
        pwa=False,
        show_error=False,
        quiet=True,
        max_file_size=max_file_bytes,
        # Questions waiting in line hold a thread each; the other events keep Gradio's 40.
        max_threads=40 + settings.chat_concurrency + settings.chat_max_waiting,
        app_kwargs={
            "middleware": [
                Middleware(ClientCookie),
                Middleware(StaffOnlyFiles, signed_in=clients, cache_dir=Path(demo.GRADIO_CACHE)),
                Middleware(UploadLimitMessage, max_mb=settings.max_file_mb),
            ]
        },
    )
    return demo, url


def serve(
    settings: Settings, host: str = "127.0.0.1", port: int = 7860, open_browser: bool = False
) -> None:
    """Run the web app until interrupted (what `ngo-kb serve` calls). Binds 127.0.0.1 by default.

    On first run it creates the staff and data-officer passwords and prints them once.
    """
    notice = first_run_notice(settings)
    if notice:
        print(notice, file=sys.stderr)
    if host not in ("127.0.0.1", "localhost", "::1"):
        print(
            f"Warning: listening on {host}; put it behind an HTTPS reverse proxy before "
            "anyone else can reach it.",
            file=sys.stderr,
        )
    launch_app(settings, host=host, port=port, open_browser=open_browser, block=True)
