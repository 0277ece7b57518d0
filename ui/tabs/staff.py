"""The staff's Documents tab: upload, list and delete documents (hidden until signed in)."""

from __future__ import annotations

import gradio as gr

from ui.documents import DocumentHandlers
from ui.localised import Localised
from ui.tabs.shared import SessionState, on_open_or_refresh, role_tab


class DocumentsTab:
    """The knowledge base's documents: upload (staff or public), list, delete."""

    def __init__(self, L: Localised) -> None:
        with role_tab(L, "tab_documents", "documents") as self.tab:
            self.files = L.add(
                gr.File(
                    label=L.initial("upload_files"),
                    file_count="multiple",
                    type="filepath",
                    elem_id="ngokb-files",
                    # No file_types: Gradio would refuse other types before the handler
                    # runs and keep the file; the handler refuses them and deletes it.
                ),
                label="upload_files",
            )
            self.audience = L.add(
                gr.Radio(choices=["staff", "public"], value="staff", label=L.initial("audience")),
                label="audience",
            )
            self.upload = L.add(
                gr.Button(L.initial("upload"), variant="primary", elem_id="ngokb-upload"),
                value="upload",
            )
            self.upload_result = gr.JSON(label="Ingest summary", elem_id="ngokb-upload-result")
            self.refresh = L.add(gr.Button(L.initial("refresh")), value="refresh")
            self.table = L.add(
                gr.Dataframe(
                    label=L.initial("documents"),
                    interactive=False,
                    wrap=True,
                    elem_id="ngokb-documents",
                ),
                label="documents",
            )
            with gr.Row(equal_height=True):
                self.doc_ref = L.add(
                    gr.Textbox(label=L.initial("doc_ref"), scale=4), label="doc_ref"
                )
                self.delete = L.add(
                    gr.Button(L.initial("delete_document"), variant="stop", scale=1),
                    value="delete_document",
                )
            self.delete_receipt = L.add(gr.JSON(label=L.initial("receipt")), label="receipt")

    def wire(self, handlers: DocumentHandlers, state: SessionState) -> None:
        """The list (on refresh and when the tab opens), upload and delete."""
        auth, chat = state.auth, state.chat
        on_open_or_refresh(
            self.tab, self.refresh, handlers.documents_table, state, [self.table], "list_documents"
        )
        self.upload.click(
            handlers.upload,
            [self.files, self.audience, auth, chat],
            [self.upload_result, self.table],
            api_name="upload",
        )
        self.delete.click(
            handlers.delete,
            [self.doc_ref, auth, chat],
            [self.delete_receipt, self.table],
            api_name="delete_document",
        )
