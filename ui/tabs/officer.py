"""The data officer's tabs (hidden until signed in): the audit log, the review queue of
reports, the dashboard and retention."""

from __future__ import annotations

from typing import Any

import gradio as gr

from ui.i18n import LANGUAGES
from ui.localised import Localised
from ui.officer import OfficerHandlers
from ui.tabs.shared import SessionState, on_open_or_refresh, role_tab


class AuditTab:
    """The audit log: search with filters, CSV export, one answer in detail, the chain check."""

    def __init__(self, L: Localised) -> None:
        with role_tab(L, "tab_audit", "audit") as self.tab:
            with gr.Row():
                date_from = L.add(gr.Textbox(label=L.initial("date_from")), label="date_from")
                date_to = L.add(gr.Textbox(label=L.initial("date_to")), label="date_to")
                q_lang = L.add(
                    gr.Dropdown(
                        ["any", *LANGUAGES], value="any", label=L.initial("question_language")
                    ),
                    label="question_language",
                )
                fb_filter = L.add(
                    gr.Dropdown(
                        ["any", "up", "down", "none"],
                        value="any",
                        label=L.initial("feedback_filter"),
                    ),
                    label="feedback_filter",
                )
            with gr.Row():
                failures_only = L.add(
                    gr.Checkbox(label=L.initial("guard_failures_only")),
                    label="guard_failures_only",
                )
                reported_only = L.add(
                    gr.Checkbox(label=L.initial("reported_only")), label="reported_only"
                )
                self.search = L.add(
                    gr.Button(L.initial("search"), variant="primary", elem_id="ngokb-audit-search"),
                    value="search",
                )
                self.export = L.add(gr.Button(L.initial("export_csv")), value="export_csv")
            self.table = gr.Dataframe(
                label="Audit records",
                interactive=False,
                wrap=True,
                elem_id="ngokb-audit-table",
                column_widths=["13%", "12%", "7%", "7%", "13%", "10%", "7%", "6%", "25%"],
            )
            self.export_file = gr.File(label="CSV", interactive=False)
            with gr.Row(equal_height=True):
                self.audit_id = L.add(
                    gr.Textbox(label=L.initial("audit_id"), scale=4, elem_id="ngokb-audit-id"),
                    label="audit_id",
                )
                self.show = L.add(
                    gr.Button(L.initial("show_detail"), scale=1, elem_id="ngokb-show-detail"),
                    value="show_detail",
                )
            self.detail = gr.HTML("", elem_id="ngokb-detail")
            with gr.Row():
                self.verify = L.add(gr.Button(L.initial("verify_chain")), value="verify_chain")
                self.verify_result = gr.Markdown("")
        # The search's inputs, in the order OfficerHandlers.search and export_csv take them.
        self.filters = [date_from, date_to, q_lang, failures_only, reported_only, fb_filter]

    def wire(self, handlers: OfficerHandlers, state: SessionState) -> None:
        """Search (on click and when the tab opens), CSV export, one answer's detail (by id or
        a row picked in the table), and the hash chain's check."""
        auth, chat = state.auth, state.chat
        on_open_or_refresh(
            self.tab,
            self.search,
            handlers.search,
            state,
            [self.table],
            "audit_search",
            self.filters,
        )
        self.export.click(
            handlers.export_csv,
            [*self.filters, auth, chat],
            [self.export_file],
            api_name="audit_export",
        )
        self.show.click(
            handlers.detail, [self.audit_id, auth, chat], [self.detail], api_name="answer_detail"
        )

        def pick_row(evt: gr.SelectData, table: Any) -> str:
            row = evt.index[0] if isinstance(evt.index, list | tuple) else evt.index
            return str(table.iloc[row]["audit_id"]) if len(table) else ""

        self.table.select(pick_row, [self.table], [self.audit_id], api_visibility="private").then(
            handlers.detail, [self.audit_id, auth, chat], [self.detail], api_visibility="private"
        )
        self.verify.click(
            handlers.verify, [auth, chat], [self.verify_result], api_name="verify_audit"
        )


class ReviewTab:
    """The review queue: users' reports, resolved into evaluation questions."""

    def __init__(self, L: Localised) -> None:
        with role_tab(L, "tab_review", "review") as self.tab:
            self.refresh = L.add(gr.Button(L.initial("refresh")), value="refresh")
            self.reports_table = gr.Dataframe(label="Reports", interactive=False, wrap=True)
            self.report_id = L.add(
                gr.Number(label=L.initial("report_id"), precision=0), label="report_id"
            )
            self.note = L.add(
                gr.Textbox(label=L.initial("resolution_note"), lines=2), label="resolution_note"
            )
            self.expected = L.add(
                gr.Textbox(label=L.initial("expected_keywords"), lines=2),
                label="expected_keywords",
            )
            self.answerable = L.add(
                gr.Checkbox(value=True, label=L.initial("answerable")), label="answerable"
            )
            self.resolve = L.add(
                gr.Button(L.initial("resolve"), variant="primary"), value="resolve"
            )
            self.resolved = gr.JSON(label="Resolved report")
            self.export_eval = L.add(gr.Button(L.initial("export_eval")), value="export_eval")
            self.eval_file = gr.File(label="JSONL", interactive=False)

    def wire(self, handlers: OfficerHandlers, state: SessionState) -> None:
        """The queue (on refresh and when the tab opens), resolving a report, the eval export."""
        auth, chat = state.auth, state.chat
        on_open_or_refresh(
            self.tab,
            self.refresh,
            handlers.review_queue,
            state,
            [self.reports_table],
            "review_queue",
        )
        self.resolve.click(
            handlers.resolve,
            [self.report_id, self.note, self.expected, self.answerable, auth, chat],
            [self.resolved, self.reports_table],
            api_name="resolve_report",
        )
        self.export_eval.click(
            handlers.export_eval, [auth, chat], [self.eval_file], api_name="export_eval"
        )


class DashboardTab:
    """Questions, refusals, guard failures and feedback per day, as plots."""

    def __init__(self, L: Localised) -> None:
        with role_tab(L, "tab_dashboard", "dashboard") as self.tab:
            self.refresh = L.add(
                gr.Button(L.initial("refresh_dashboard")), value="refresh_dashboard"
            )
            with gr.Row():
                per_day = gr.BarPlot(x="day", y="questions", title="Questions per day")
                refusal = gr.LinePlot(
                    x="day", y="refusal_rate", title="Refusal rate per day", y_lim=[0, 1]
                )
            with gr.Row():
                guard_plot = gr.BarPlot(x="guard", y="failures", title="Guard failures by type")
                feedback_plot = gr.BarPlot(x="feedback", y="count", title="Feedback")
        self.plots = [per_day, refusal, guard_plot, feedback_plot]  # as dashboard() returns them

    def wire(self, handlers: OfficerHandlers, state: SessionState) -> None:
        """The plots, on refresh and when the tab opens."""
        on_open_or_refresh(
            self.tab, self.refresh, handlers.dashboard, state, self.plots, "dashboard"
        )


class RetentionTab:
    """Applying the retention period to the audit log and feedback."""

    def __init__(self, L: Localised) -> None:
        with role_tab(L, "tab_retention", "retention") as self.tab:
            gr.Markdown(
                f"Retention period: **{L.settings.audit_retention_days} days**. Applying it "
                "erases question and answer text older than that from the audit log (the "
                "hash chain stays verifiable) and deletes old feedback. Documents are "
                "deleted from the Documents tab; both actions return a receipt."
            )
            self.apply = L.add(
                gr.Button(L.initial("apply_retention"), variant="stop"), value="apply_retention"
            )
            self.receipt = L.add(gr.JSON(label=L.initial("receipt")), label="receipt")

    def wire(self, handlers: OfficerHandlers, state: SessionState) -> None:
        self.apply.click(
            handlers.apply_retention,
            [state.auth, state.chat],
            [self.receipt],
            api_name="apply_retention",
        )
