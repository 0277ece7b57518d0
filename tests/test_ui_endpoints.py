"""Every named endpoint of the web app through gradio_client, including refusals by role.

Runs the real app (real pipeline in extractive mode, real Chroma, real Presidio) on 127.0.0.1.
"""

from __future__ import annotations

import csv
import json
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from gradio.utils import get_upload_folder
from gradio_client import Client, handle_file
from gradio_client.exceptions import AppError

from kb.audit import AuditLog
from kb.settings import Settings
from tests.test_ui_support import (
    EN_QUESTION,
    STAFF_ONLY_DOCS,
    STAFF_QUESTION,
    ZH_QUESTION,
    RunningApp,
    client_for,
    copy_kb,
    message_text,
    module_app,
    start,
)
from ui.feedback import FeedbackStore

ui_app = pytest.fixture(scope="module")(module_app)

# Fictitious but valid in format (the Taiwan ID passes its checksum).
PLANTED_ID = "A123456789"
PLANTED_PHONE = "0912-345-678"
THANKS = ("謝謝您的意見。", "Thank you for your feedback.")
NO_ANSWER_YET = ("目前還沒有可以評分的回答。", "There is no answer to rate yet.")

STAFF_ENDPOINTS: dict[str, tuple[Any, ...]] = {
    "/list_documents": (),
    "/delete_document": ("annual-report-2025.md",),
}
OFFICER_ENDPOINTS: dict[str, tuple[Any, ...]] = {
    "/audit_search": ("", "", "any", False, False, "any"),
    "/audit_export": ("", "", "any", False, False, "any"),
    "/answer_detail": ("x",),
    "/verify_audit": (),
    "/review_queue": (),
    "/resolve_report": (1, "note", "", True),
    "/export_eval": (),
    "/dashboard": (),
    "/apply_retention": (),
}


def _ask(client: Client, question: str) -> tuple[list[dict[str, Any]], int]:
    job = client.submit(question, api_name="/ask")
    messages, cleared = job.result(timeout=300)
    assert cleared == ""  # the question box is emptied
    return messages, len(job.outputs())


def _sign_in(client: Client, user: str, password: str) -> str:
    status, banner, cleared_password = client.predict(user, password, api_name="/sign_in")
    assert cleared_password == ""
    return str(status)


def _table(value: dict[str, Any]) -> list[dict[str, Any]]:
    return [dict(zip(value["headers"], row, strict=True)) for row in value["data"]]


def test_every_endpoint_is_named(ui_app: RunningApp, tmp_path: Path) -> None:
    api = client_for(ui_app, tmp_path).view_api(return_format="dict", print_info=False)
    named = set(api["named_endpoints"])
    expected = {
        "/ask",
        "/thumbs_up",
        "/thumbs_down",
        "/report",
        "/clear",
        "/sign_in",
        "/sign_out",
        "/set_language",
        "/upload",
        *STAFF_ENDPOINTS,
        *OFFICER_ENDPOINTS,
    }
    assert expected <= named


def test_public_answer_in_chinese_has_source_cards(
    ui_app: RunningApp,
    tmp_path: Path,
) -> None:
    messages, updates = _ask(client_for(ui_app, tmp_path), ZH_QUESTION)
    assert updates >= 2  # a placeholder first, then the final answer
    user, bot = message_text(messages[-2]), message_text(messages[-1])
    assert ZH_QUESTION in user
    assert "20,000" in bot
    assert '<details class="ngokb-source"' in bot and "<summary>" in bot
    assert "來源" in bot and "AI" in bot  # zh-TW labels and the AI disclosure
    assert not any(doc in bot for doc in STAFF_ONLY_DOCS)


def test_public_answer_in_english(ui_app: RunningApp, tmp_path: Path) -> None:
    messages, _ = _ask(client_for(ui_app, tmp_path), EN_QUESTION)
    bot = message_text(messages[-1])
    assert "Sources" in bot and "annual-report-2025.md" in bot


def test_personal_data_is_removed_and_the_user_is_told(
    ui_app: RunningApp,
    tmp_path: Path,
) -> None:
    question = f"我的身分證字號是 {PLANTED_ID}，電話 {PLANTED_PHONE}，{ZH_QUESTION}"
    messages, _ = _ask(client_for(ui_app, tmp_path), question)
    user, bot = message_text(messages[-2]), message_text(messages[-1])
    assert PLANTED_ID not in user and PLANTED_PHONE not in user  # shown as the system kept it
    assert "已從您的問題中移除個人資料" in bot and "身分證字號 (1)" in bot
    assert PLANTED_ID not in AuditLog(ui_app.settings).path.read_text(encoding="utf-8")


def test_script_in_a_question_comes_back_escaped(
    ui_app: RunningApp,
    tmp_path: Path,
) -> None:
    messages, _ = _ask(client_for(ui_app, tmp_path), "<script>alert(1)</script> What is rent aid?")
    user = message_text(messages[-2])
    assert "<script>" not in user and "&lt;script&gt;" in user


def test_feedback_and_report_are_stored_scrubbed(
    ui_app: RunningApp,
    tmp_path: Path,
) -> None:
    client = client_for(ui_app, tmp_path)
    assert client.predict(api_name="/thumbs_up") in NO_ANSWER_YET
    _ask(client, EN_QUESTION)
    assert client.predict(api_name="/thumbs_down") in THANKS
    status, box = client.predict(f"Wrong number, call me {PLANTED_PHONE}", api_name="/report")
    assert box == "" and status
    store = FeedbackStore(ui_app.settings)
    reports = store.reports("open")
    assert reports and "Wrong number" in reports[-1].reason
    assert PLANTED_PHONE not in reports[-1].reason
    last = reports[-1].audit_id
    assert store.ratings()[last]["down"] == 1
    assert AuditLog(ui_app.settings).get(last) is not None  # keyed by a real audit record


@pytest.mark.parametrize("endpoint", sorted({**STAFF_ENDPOINTS, **OFFICER_ENDPOINTS}))
def test_public_session_is_refused(
    ui_app: RunningApp,
    tmp_path: Path,
    endpoint: str,
) -> None:
    args = {**STAFF_ENDPOINTS, **OFFICER_ENDPOINTS}[endpoint]
    with pytest.raises(AppError, match="沒有權限|Not allowed"):
        client_for(ui_app, tmp_path).predict(*args, api_name=endpoint)


def _cached_uploads(name: str) -> list[Path]:
    """Gradio's cached copies of an uploaded file, by its name."""
    return list(Path(get_upload_folder()).rglob(name))


def test_public_session_cannot_upload(ui_app: RunningApp, tmp_path: Path) -> None:
    doc = tmp_path / f"sneaky-{uuid.uuid4().hex}.md"
    doc.write_text("# Sneaky\n\nThis should never be indexed.\n", encoding="utf-8")
    # Gradio's upload route itself refuses a client that is not signed in (ui/file_gate.py).
    with pytest.raises(httpx.HTTPStatusError, match="403"):
        client_for(ui_app, tmp_path).predict([handle_file(str(doc))], "public", api_name="/upload")
    # A refused upload holds unscrubbed personal data as much as an ingested one: Gradio keeps
    # no copy of it.
    assert _cached_uploads(doc.name) == []


def test_wrong_password_stays_public(ui_app: RunningApp, tmp_path: Path) -> None:
    client = client_for(ui_app, tmp_path)
    assert "錯誤" in _sign_in(client, "staff", "not-the-password")
    with pytest.raises(AppError):
        client.predict(api_name="/list_documents")


def test_staff_sees_staff_documents_and_manages_documents(
    ui_app: RunningApp,
    tmp_path: Path,
) -> None:
    staff = client_for(ui_app, tmp_path)
    assert "staff" in _sign_in(staff, "staff", ui_app.staff_password)
    docs = {row["file_name"]: row for row in _table(staff.predict(api_name="/list_documents"))}
    assert STAFF_ONLY_DOCS <= set(docs)
    assert docs["volunteer-roster-2025-q4.md"]["audience"] == "staff"

    staff_answer = message_text(_ask(staff, STAFF_QUESTION)[0][-1])
    public_answer = message_text(_ask(client_for(ui_app, tmp_path), STAFF_QUESTION)[0][-1])
    assert any(doc in staff_answer for doc in STAFF_ONLY_DOCS)
    assert not any(doc in public_answer for doc in STAFF_ONLY_DOCS)

    upload = tmp_path / "opening-hours.md"
    upload.write_text(
        "# Opening hours\n\nThe Wanhua centre opens at 09:30 on Sundays.\n", encoding="utf-8"
    )
    summary, table = staff.predict([handle_file(str(upload))], "public", api_name="/upload")
    assert summary["ok"] == ["opening-hours.md"] and not summary["failed"]
    row = next(r for r in _table(table) if r["file_name"] == "opening-hours.md")
    assert row["audience"] == "public"
    # The raw upload is not kept anywhere: only its scrubbed chunks are.
    assert not (ui_app.settings.data_dir / "uploads" / "public" / "opening-hours.md").exists()
    assert _cached_uploads("opening-hours.md") == []

    receipt, table = staff.predict("opening-hours.md", api_name="/delete_document")
    assert receipt["removed"] and receipt["removed"][0]["file_name"] == "opening-hours.md"
    assert "opening-hours.md" not in {r["file_name"] for r in _table(table)}

    for endpoint, args in OFFICER_ENDPOINTS.items():  # staff is not a data officer
        with pytest.raises(AppError):
            staff.predict(*args, api_name=endpoint)

    staff.predict(api_name="/sign_out")
    with pytest.raises(AppError):
        staff.predict(api_name="/list_documents")


def test_data_officer_views(ui_app: RunningApp, tmp_path: Path) -> None:
    public = client_for(ui_app, tmp_path)
    _ask(public, ZH_QUESTION)
    public.predict("the amount looks wrong", api_name="/report")

    officer = client_for(ui_app, tmp_path)
    assert "officer" in _sign_in(officer, "officer", ui_app.officer_password)

    rows = _table(officer.predict("", "", "any", False, False, "any", api_name="/audit_search"))
    assert rows and any(r["question"] == ZH_QUESTION for r in rows)
    assert rows == sorted(rows, key=lambda r: r["time"], reverse=True)
    zh_rows = _table(
        officer.predict("", "", "zh-TW", False, False, "any", api_name="/audit_search")
    )
    assert zh_rows and all(r["language"].startswith("zh") for r in zh_rows)
    reported = _table(officer.predict("", "", "any", False, True, "any", api_name="/audit_search"))
    assert reported and all(r["reported"] == "yes" for r in reported)
    future = _table(
        officer.predict("2999-01-01", "", "any", False, False, "any", api_name="/audit_search")
    )
    assert future == []

    csv_path = officer.predict("", "", "any", False, False, "any", api_name="/audit_export")
    with open(csv_path, encoding="utf-8") as fh:
        exported = list(csv.DictReader(fh))
    assert len(exported) == len(rows) and "answer" in exported[0]

    audit_id = reported[0]["audit_id"]
    detail = officer.predict(audit_id, api_name="/answer_detail")
    assert audit_id in detail and "Retrieved passages" in detail and "pii_question" in detail
    assert "extractive mode requested" in detail  # why no model wrote this answer
    with pytest.raises(AppError):
        officer.predict("no-such-id", api_name="/answer_detail")

    assert officer.predict(api_name="/verify_audit").startswith("✅")

    queue = _table(officer.predict(api_name="/review_queue"))
    report = next(r for r in queue if r["audit_id"] == audit_id and r["status"] == "open")
    resolved, queue = officer.predict(
        report["report_id"],
        "Checked: the answer was right.",
        "20,000|兩萬\n12個月",
        True,
        api_name="/resolve_report",
    )
    assert resolved["status"] == "resolved" and resolved["resolved_by"] == "officer"
    eval_path = officer.predict(api_name="/export_eval")
    lines = [json.loads(line) for line in Path(eval_path).read_text(encoding="utf-8").splitlines()]
    entry = next(e for e in lines if e["audit_id"] == audit_id)
    assert entry["question"] == ZH_QUESTION
    assert entry["expected"] == [["20,000", "兩萬"], ["12個月"]]

    per_day, refusal, guards, feedback = officer.predict(api_name="/dashboard")
    assert per_day["data"] and refusal["data"] and feedback["data"]
    assert sum(row[1] for row in per_day["data"]) == len(rows)

    receipt = officer.predict(api_name="/apply_retention")
    assert receipt["action"] == "retention" and receipt["audit_records_text_erased"] == 0


def test_language_switch_updates_the_interface(
    ui_app: RunningApp,
    tmp_path: Path,
) -> None:
    client = client_for(ui_app, tmp_path)
    outputs = client.predict("en", api_name="/set_language")
    assert "Public mode" in outputs[0]
    assert any("You are talking to an AI assistant" in str(o) for o in outputs)
    values = [str(o.get("value", "")) for o in outputs if isinstance(o, dict)]
    assert "# Harbour Light Community Association knowledge assistant" in values
    assert "目前為公眾模式" in client.predict("zh-TW", api_name="/set_language")[0]


def test_clear_forgets_the_conversation(ui_app: RunningApp, tmp_path: Path) -> None:
    client = client_for(ui_app, tmp_path)
    _ask(client, EN_QUESTION)
    messages, status = client.predict(api_name="/clear")
    assert messages == [] and status == ""
    assert client.predict(api_name="/thumbs_up") in NO_ANSWER_YET


@pytest.fixture()
def llm_app(
    samples_kb: Settings, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> Iterator[RunningApp]:
    settings = copy_kb(samples_kb, tmp_path / "llm-kb")
    if not settings.resolved_model_path.is_file():
        pytest.skip("the embedded model file is not installed")
    yield from start(settings, monkeypatch, mode="auto")


@pytest.mark.slow
def test_streamed_llm_answer(llm_app: RunningApp, tmp_path: Path) -> None:
    client = client_for(llm_app, tmp_path)
    job = client.submit(EN_QUESTION, api_name="/ask")
    messages, _ = job.result(timeout=300)
    streamed = [message_text(update[0][-1]) for update in job.outputs()[:-1]]
    bot = message_text(messages[-1])
    assert len(streamed) > 3, "the answer should arrive in several streamed updates"
    # While it streams, the draft says it is not yet checked; the guarded answer replaces it.
    assert any("ngokb-draft-note" in text for text in streamed), streamed[-1]
    # The quotes from the documents come first, alone above the placeholder, and stay above.
    first = next(n for n, text in enumerate(streamed) if "ngokb-quotes" in text)
    assert not any("ngokb-draft-note" in text for text in streamed[: first + 1])
    assert "From the documents" in streamed[first] and "Writing the answer" in streamed[first]
    assert "ngokb-draft" not in bot
    assert any(n in bot for n in ("12,460", "12460", "4,812", "4812")), bot
    assert '<details class="ngokb-source"' in bot
