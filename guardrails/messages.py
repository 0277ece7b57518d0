"""Fixed texts the pipeline shows instead of a generated answer."""

from __future__ import annotations

from guardrails.chinese import is_chinese
from kb.settings import Settings


def crisis_message(language: str, settings: Settings) -> str:
    """The referral shown for crisis language: the organisation's human contact, in zh-TW or en."""
    contact = settings.human_contact
    if is_chinese(language):
        return (
            "聽起來你現在正經歷很艱難的處境，你的安全最重要。這個系統只能回答文件上的問題，"
            f"無法提供即時協助。請立即聯絡{contact}，與真人談一談。"
            "如果你或其他人有立即的危險，請馬上撥打當地的緊急電話（台灣：110 或 119）。"
        )
    return (
        "It sounds like you may be going through something very difficult, and your safety "
        "matters most. This system can only answer questions about documents and cannot help "
        f"in a crisis. Please contact {contact} now to talk with a person. If you or someone "
        "else is in immediate danger, call your local emergency number."
    )
