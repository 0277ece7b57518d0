"""Interface strings in Traditional Chinese and English, and how a session's language is chosen."""

from __future__ import annotations

import re

from ingest.language import HAN_CHAR

LANGUAGES = ("zh-TW", "en")
DEFAULT_LANGUAGE = "zh-TW"
LANGUAGE_NAMES = {"zh-TW": "繁體中文", "en": "English"}

_LATIN = re.compile(r"[A-Za-z]")

CATALOGUE: dict[str, dict[str, str]] = {
    "title": {"zh-TW": "{org} 知識問答", "en": "{org} knowledge assistant"},
    "ai_disclosure": {
        "zh-TW": "**您正在與 AI 助理對話，不是真人。** 回答由電腦程式根據本會文件自動產生，"
        "可能有錯，請查看所附的來源。",
        "en": "**You are talking to an AI assistant, not a person.** Answers are generated "
        "automatically from our documents and can be wrong: please check the sources shown.",
    },
    "transparency_heading": {"zh-TW": "關於這個服務", "en": "About this service"},
    "transparency": {
        "zh-TW": "- **用途：** 回答關於 {org} 服務與公開資料的問題。\n"
        "- **資料來源：** 只使用本會已審核的文件；每個回答都附上編號來源。\n"
        "- **限制：** 可能會答錯或找不到答案；不能提供醫療、法律或緊急協助。\n"
        "- **隱私：** 問題中的個人資料會先被移除再處理；紀錄只保存去識別化的內容。\n"
        "- **找真人協助：** {contact}",
        "en": "- **Purpose:** answers questions about {org}'s services and public information.\n"
        "- **Sources:** only the organisation's reviewed documents; every answer shows "
        "numbered sources.\n"
        "- **Limits:** it can be wrong or find no answer; it cannot give medical, legal or "
        "emergency help.\n"
        "- **Privacy:** personal data is removed from questions before processing; logs keep "
        "only de-identified text.\n"
        "- **Talk to a person:** {contact}",
    },
    "pii_reminder": {
        "zh-TW": "請勿輸入個人資料（姓名、身分證字號、電話、地址、病歷等）。",
        "en": "Please do not type personal data (names, ID numbers, phone numbers, addresses, "
        "health details).",
    },
    "language_label": {"zh-TW": "介面語言", "en": "Interface language"},
    "chat_label": {"zh-TW": "對話", "en": "Conversation"},
    "question_label": {"zh-TW": "您的問題", "en": "Your question"},
    "question_placeholder": {
        "zh-TW": "在這裡輸入問題，按 Enter 送出",
        "en": "Type your question here and press Enter",
    },
    "send": {"zh-TW": "送出", "en": "Send"},
    "clear": {"zh-TW": "清除對話", "en": "Clear conversation"},
    "thinking": {"zh-TW": "正在查找文件…", "en": "Searching the documents…"},
    "sources": {"zh-TW": "來源", "en": "Sources"},
    "writing_answer": {"zh-TW": "正在撰寫回答…", "en": "Writing the answer…"},
    "written_answer": {"zh-TW": "回答：", "en": "Answer:"},
    "pii_removed": {
        "zh-TW": "已從您的問題中移除個人資料：{items}。",
        "en": "Personal data was removed from your question: {items}.",
    },
    "draft_unchecked": {
        "zh-TW": "草稿：正在與文件核對，內容可能會改變。",
        "en": "Draft: still being checked against the documents, so it may change.",
    },
    "sentences_removed": {
        "zh-TW": "AI 的回答中有些內容在文件裡找不到根據，已經刪去。"
        "這個回答可能不完整，請查看來源。",
        "en": "Some of the AI's answer was removed because the documents do not back it up. "
        "This answer may be incomplete: please check the sources.",
    },
    "answer_disclosure": {
        "zh-TW": "此回答由 AI 根據本會文件產生，請查看來源。",
        "en": "This answer was written by an AI system from the organisation's documents. "
        "Check the sources shown.",
    },
    "empty_question": {"zh-TW": "請先輸入問題。", "en": "Please type a question first."},
    "question_too_long": {
        "zh-TW": "您的問題太長（{length} 字），上限是 {limit} 字。請縮短後再送出。",
        "en": "Your question is too long ({length} characters; the limit is {limit}). "
        "Please shorten it and send it again.",
    },
    "rate_limited": {
        "zh-TW": "您發問的速度太快了，請等 {seconds} 秒後再送出（每分鐘最多 {limit} 個問題）。",
        "en": "You are asking very quickly; please wait {seconds} seconds and send your "
        "question again (at most {limit} questions a minute).",
    },
    "busy": {
        "zh-TW": "目前使用的人很多，系統忙碌中。請稍候一下，再送出您的問題。",
        "en": "The service is busy: many people are asking right now. Please wait a moment "
        "and send your question again.",
    },
    "waiting_in_line": {
        "zh-TW": "排隊中：前面還有 {ahead} 個問題，輪到您時就會開始回答。",
        "en": "Waiting in line: {ahead} question(s) ahead of yours; it will be answered in turn.",
    },
    "error_answer": {
        "zh-TW": "抱歉，系統暫時無法回答。請稍後再試，或聯絡：{contact}",
        "en": "Sorry, the system cannot answer right now. Please try again later or contact "
        "{contact}",
    },
    "feedback_heading": {"zh-TW": "這個回答有幫助嗎？", "en": "Was this answer helpful?"},
    "thumbs_up": {"zh-TW": "👍 有幫助", "en": "👍 Helpful"},
    "thumbs_down": {"zh-TW": "👎 沒有幫助", "en": "👎 Not helpful"},
    "report_reason": {
        "zh-TW": "回報問題：這個回答哪裡有錯或不妥？（請勿輸入個人資料）",
        "en": "Report this answer: what is wrong with it? (no personal data please)",
    },
    "report": {"zh-TW": "回報這個回答", "en": "Report this answer"},
    "feedback_thanks": {"zh-TW": "謝謝您的意見。", "en": "Thank you for your feedback."},
    "report_limited": {
        "zh-TW": "您回報得太頻繁了（每小時最多 {limit} 則），請 {minutes} 分鐘後再送出。",
        "en": "You have sent many reports (at most {limit} an hour); please send this one "
        "again in {minutes} minutes.",
    },
    "report_thanks": {
        "zh-TW": "已收到您的回報，工作人員會檢視這個回答。",
        "en": "Your report was received; a staff member will review this answer.",
    },
    "no_answer_yet": {
        "zh-TW": "目前還沒有可以評分的回答。",
        "en": "There is no answer to rate yet.",
    },
    "sign_in_heading": {"zh-TW": "工作人員登入", "en": "Staff sign-in"},
    "username": {"zh-TW": "帳號", "en": "User name"},
    "password": {"zh-TW": "密碼", "en": "Password"},
    "sign_in": {"zh-TW": "登入", "en": "Sign in"},
    "sign_out": {"zh-TW": "登出", "en": "Sign out"},
    "signed_in_as": {"zh-TW": "已登入：{user}（{role}）", "en": "Signed in as {user} ({role})"},
    "signed_out": {"zh-TW": "目前為公眾模式。", "en": "Public mode: not signed in."},
    "sign_in_failed": {"zh-TW": "帳號或密碼錯誤。", "en": "Wrong user name or password."},
    "sign_in_for_files": {
        "zh-TW": "請先以工作人員身分登入，才能上傳或下載檔案。",
        "en": "Sign in as staff to upload or download files.",
    },
    "sign_in_no_cookie": {
        "zh-TW": "無法登入：請允許本網站使用 Cookie 後重新載入頁面。",
        "en": "Cannot sign in: allow cookies for this site and reload the page.",
    },
    "sign_in_wait": {
        "zh-TW": "這個裝置登入失敗太多次，請等 {seconds} 秒後再試。",
        "en": "Too many failed sign-ins from this device; please wait {seconds} seconds and "
        "try again.",
    },
    "role_public": {"zh-TW": "公眾", "en": "public"},
    "role_staff": {"zh-TW": "工作人員", "en": "staff"},
    "role_data_officer": {"zh-TW": "資料保護專員", "en": "data officer"},
    "staff_mode_note": {
        "zh-TW": "工作人員模式：回答會使用工作人員與公開文件。",
        "en": "Staff mode: answers use staff and public documents.",
    },
    "tab_chat": {"zh-TW": "問答", "en": "Ask"},
    "tab_sign_in": {"zh-TW": "登入", "en": "Sign in"},
    "tab_documents": {"zh-TW": "文件管理", "en": "Documents"},
    "tab_audit": {"zh-TW": "稽核紀錄", "en": "Audit log"},
    "tab_review": {"zh-TW": "回報審查", "en": "Review queue"},
    "tab_dashboard": {"zh-TW": "統計", "en": "Dashboard"},
    "tab_retention": {"zh-TW": "保存與刪除", "en": "Retention"},
    "upload_files": {
        "zh-TW": "上傳文件（PDF、DOCX、HTML、Markdown、TXT；每個檔案最大 {mb} MB）",
        "en": "Upload documents (PDF, DOCX, HTML, Markdown, TXT; at most {mb} MB each)",
    },
    "file_too_large": {
        "zh-TW": "「{name}」太大：每個檔案最大 {mb} MB。",
        "en": '"{name}" is too large: each file may be at most {mb} MB.',
    },
    "audience": {"zh-TW": "可見對象", "en": "Who may see them"},
    "upload": {"zh-TW": "上傳並建立索引", "en": "Upload and index"},
    "documents": {"zh-TW": "已建立索引的文件", "en": "Indexed documents"},
    "refresh": {"zh-TW": "重新整理", "en": "Refresh"},
    "doc_ref": {
        "zh-TW": "要刪除的文件（doc_id 或檔名）",
        "en": "Document to delete (doc_id or file name)",
    },
    "delete_document": {"zh-TW": "刪除文件", "en": "Delete document"},
    "receipt": {"zh-TW": "收據", "en": "Receipt"},
    "date_from": {"zh-TW": "開始日期（YYYY-MM-DD）", "en": "From date (YYYY-MM-DD)"},
    "date_to": {"zh-TW": "結束日期（YYYY-MM-DD）", "en": "To date (YYYY-MM-DD)"},
    "question_language": {"zh-TW": "問題語言", "en": "Question language"},
    "guard_failures_only": {"zh-TW": "只看防護失敗", "en": "Guard failures only"},
    "reported_only": {"zh-TW": "只看被回報的", "en": "Reported only"},
    "feedback_filter": {"zh-TW": "使用者評價", "en": "User feedback"},
    "search": {"zh-TW": "搜尋", "en": "Search"},
    "export_csv": {"zh-TW": "匯出 CSV", "en": "Export CSV"},
    "audit_id": {"zh-TW": "紀錄編號（audit_id）", "en": "Record id (audit_id)"},
    "show_detail": {"zh-TW": "顯示詳細", "en": "Show detail"},
    "verify_chain": {"zh-TW": "驗證紀錄完整性", "en": "Verify log integrity"},
    "report_id": {"zh-TW": "回報編號", "en": "Report id"},
    "resolution_note": {"zh-TW": "處理說明", "en": "Resolution note"},
    "expected_keywords": {
        "zh-TW": "正確答案要點（每行一項，可接受的寫法以 | 分隔，可留空）",
        "en": "Expected answer facts (one per line, accepted variants separated by |; optional)",
    },
    "answerable": {"zh-TW": "文件中有答案", "en": "Answerable from the documents"},
    "resolve": {"zh-TW": "標記為已處理", "en": "Mark resolved"},
    "export_eval": {
        "zh-TW": "匯出已處理案例為評測題（JSONL）",
        "en": "Export resolved cases as eval questions (JSONL)",
    },
    "apply_retention": {"zh-TW": "執行保存期限清理", "en": "Apply retention period"},
    "refresh_dashboard": {"zh-TW": "更新統計", "en": "Refresh dashboard"},
    "not_allowed": {
        "zh-TW": "沒有權限：請以具備權限的帳號登入。",
        "en": "Not allowed: sign in with an account that has this role.",
    },
}

STATUS_LABELS_ZH = {
    "answered": "已根據文件回答",
    "answered_extractive": "以文件原文摘錄回答（沒有自動生成的文字）",
    "unanswerable_no_passages": "未回答：找不到相關的文件段落",
    "unanswerable_not_supported": "未回答：文件內容不足以支持回答",
    "guardrail_input": "已拒絕：問題被輸入防護擋下",
    "guardrail_output": "已拒絕：草稿回答被輸出防護擋下",
    "crisis_referral": "已轉介真人協助（偵測到危機用語）",
    "error": "未回答：系統發生內部錯誤",
}

PII_TYPE_NAMES: dict[str, dict[str, str]] = {
    "PERSON": {"zh-TW": "姓名", "en": "name"},
    "PHONE": {"zh-TW": "電話號碼", "en": "phone number"},
    "EMAIL": {"zh-TW": "電子郵件", "en": "e-mail address"},
    "TW_NATIONAL_ID": {"zh-TW": "身分證字號", "en": "ID number"},
    "TW_ARC": {"zh-TW": "居留證號碼", "en": "residence permit number"},
    "HK_ID": {"zh-TW": "香港身分證號碼", "en": "Hong Kong ID number"},
    "PRC_ID": {"zh-TW": "居民身分證號碼", "en": "PRC ID number"},
    "ADDRESS": {"zh-TW": "地址", "en": "address"},
    "CREDIT_CARD": {"zh-TW": "信用卡號", "en": "card number"},
    "IBAN": {"zh-TW": "銀行帳號", "en": "bank account"},
    "IP_ADDRESS": {"zh-TW": "IP 位址", "en": "IP address"},
    "DATE_OF_BIRTH": {"zh-TW": "出生日期", "en": "date of birth"},
    "US_SSN": {"zh-TW": "美國社會安全號碼", "en": "US social security number"},
    "UK_NINO": {"zh-TW": "英國國民保險號碼", "en": "UK National Insurance number"},
    "PASSPORT": {"zh-TW": "護照號碼", "en": "passport number"},
    "BANK_ACCOUNT": {"zh-TW": "銀行帳號", "en": "bank account number"},
}


def normalise_language(code: str | None) -> str:
    """Map any language tag to one the interface has ('zh*' -> zh-TW, otherwise en)."""
    if code and code.strip().lower().startswith("zh"):
        return "zh-TW"
    if code and code.strip().lower().startswith("en"):
        return "en"
    return DEFAULT_LANGUAGE


def t(key: str, lang: str, **values: str) -> str:
    """The catalogue string for `key` in `lang`, with `{placeholders}` filled in."""
    entry = CATALOGUE[key]
    text = entry.get(normalise_language(lang), entry["en"])
    return text.format(**values) if values else text


def both_languages(key: str, **values: str) -> str:
    """The catalogue string in every language, for replies that have no session language."""
    return " / ".join(t(key, lang, **values) for lang in LANGUAGES)


def from_accept_language(header: str | None) -> str:
    """Pick the interface language from an HTTP Accept-Language header, honouring q-values."""
    if not header:
        return DEFAULT_LANGUAGE
    ranked: list[tuple[float, int, str]] = []
    for position, part in enumerate(header.split(",")):
        tag, _, params = part.strip().partition(";")
        weight = 1.0
        if params.strip().startswith("q="):
            try:
                weight = float(params.strip()[2:])
            except ValueError:
                weight = 0.0
        ranked.append((-weight, position, tag.strip().lower()))
    for _, _, tag in sorted(ranked):
        if tag.startswith("zh"):
            return "zh-TW"
        if tag.startswith("en"):
            return "en"
    return DEFAULT_LANGUAGE


def from_text(text: str) -> str | None:
    """The language a question is written in, or None when it has no letters to tell by."""
    cjk = len(HAN_CHAR.findall(text))
    latin = len(_LATIN.findall(text))
    if cjk == 0 and latin == 0:
        return None
    # One CJK character carries about as much as a short English word.
    return "zh-TW" if cjk * 3 >= latin else "en"


def status_label(status: str, english_label: str, lang: str) -> str:
    """The human label of an answer status in the interface language."""
    if normalise_language(lang) == "zh-TW":
        return STATUS_LABELS_ZH.get(status, english_label)
    return english_label


def pii_type_name(entity: str, lang: str) -> str:
    names = PII_TYPE_NAMES.get(entity.upper())
    if names is None:
        return entity.replace("_", " ").lower()
    return names[normalise_language(lang)]
