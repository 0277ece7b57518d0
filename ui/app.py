"""The Gradio app: builds the views of ui/tabs/, then wires them to the handlers (in chat,
documents, officer, signin), and serves it.

Every endpoint is named (`api_name`) so it can be called and tested with gradio_client. Roles are
held in a server-side gr.State that only the sign-in handlers write, bound to the client cookie;
staff and officer handlers check both themselves, so hiding a tab is convenience, never the
protection.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import gradio as gr
from starlette.middleware import Middleware

from kb.organisation import organisation
from kb.settings import Settings
from ui.auth import first_run_notice
from ui.chat import AnswerMode, ChatHandlers
from ui.client_address import trusted_proxy_env
from ui.client_cookie import ClientCookie, SignedInClients
from ui.documents import DocumentHandlers
from ui.feedback import FeedbackStore, default_scrubber
from ui.file_gate import StaffOnlyFiles
from ui.limits import UploadLimitMessage
from ui.localised import Localised
from ui.officer import OfficerHandlers
from ui.signin import SignInHandlers
from ui.tabs.chat import ChatTab
from ui.tabs.officer import AuditTab, DashboardTab, RetentionTab, ReviewTab
from ui.tabs.page import Header, build_about, wire_language
from ui.tabs.shared import SessionState
from ui.tabs.sign_in import SignInTab
from ui.tabs.staff import DocumentsTab
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

    with gr.Blocks(
        title=settings.organisation_name, analytics_enabled=False, delete_cache=DELETE_CACHE
    ) as demo:
        state = SessionState(auth=gr.State(None, time_to_live=SIGN_IN_TTL_S), chat=gr.State(None))
        # Every view is built before any is wired: the language switch relabels them all.
        header = Header(L)
        with gr.Tabs():
            chat_tab = ChatTab(L)
            sign_in_tab = SignInTab(L)
            docs_tab = DocumentsTab(L)
            officer_tabs = (
                AuditTab(L),
                ReviewTab(L),
                DashboardTab(L),
                RetentionTab(L),
            )
        public_docs = build_about(L)

        wire_language(demo, L, state, header, public_docs)
        chat_tab.wire(chat_h, state, header.language)
        role_tabs = [docs_tab.tab, *(view.tab for view in officer_tabs)]
        sign_in_tab.wire(signin_h, state, header.role_banner, role_tabs)
        docs_tab.wire(docs_h, state)
        for view in officer_tabs:
            view.wire(officer_h, state)
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
