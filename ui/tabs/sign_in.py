"""The sign-in tab: username, password, sign in and out."""

from __future__ import annotations

import gradio as gr

from ui.localised import Localised
from ui.signin import SignInHandlers
from ui.tabs.shared import SessionState


class SignInTab:
    """Username and password; the only view whose events change the role."""

    def __init__(self, L: Localised) -> None:
        with L.add(gr.Tab(L.initial("tab_sign_in"), id="signin"), label="tab_sign_in"):
            L.add(
                gr.Markdown("## " + L.initial("sign_in_heading")),
                prefix="## ",
                value="sign_in_heading",
            )
            self.username = L.add(
                gr.Textbox(label=L.initial("username"), elem_id="ngokb-user"), label="username"
            )
            self.password = L.add(
                gr.Textbox(label=L.initial("password"), type="password", elem_id="ngokb-password"),
                label="password",
            )
            with gr.Row():
                self.sign_in = L.add(
                    gr.Button(L.initial("sign_in"), variant="primary", elem_id="ngokb-sign-in"),
                    value="sign_in",
                )
                self.sign_out = L.add(
                    gr.Button(L.initial("sign_out"), elem_id="ngokb-sign-out"), value="sign_out"
                )
            self.status = gr.Markdown("", elem_id="ngokb-sign-in-status")

    def wire(
        self,
        handlers: SignInHandlers,
        state: SessionState,
        role_banner: gr.Markdown,
        role_tabs: list[gr.Tab],
    ) -> None:
        """Signing in and out sets the role, the banner, and which of `role_tabs` show, in the
        order ui.signin.visibility gives (documents, audit, review, dashboard, retention)."""
        outputs = [state.auth, self.status, role_banner, self.password, *role_tabs]
        gr.on(
            [self.sign_in.click, self.password.submit],
            handlers.sign_in,
            [self.username, self.password, state.chat],
            outputs,
            api_name="sign_in",
        )
        self.sign_out.click(handlers.sign_out, [state.chat], outputs, api_name="sign_out")
