"""Fixed texts the answer pipeline gives instead of a generated answer, per language."""

from __future__ import annotations

from collections.abc import Collection, Sequence

from kb.schema import Status
from kb.years import ROC_OFFSET

_TEXTS: dict[Status, dict[str, str]] = {
    Status.UNANSWERABLE_NO_PASSAGES: {
        "en": "I could not find this in the organisation's documents, so I cannot answer it.",
        "zh-TW": "我在本機構的文件中找不到相關內容，因此無法回答這個問題。",
        "vi": "Tôi không tìm thấy nội dung này trong tài liệu của tổ chức, nên không thể trả lời.",
        "id": "Saya tidak menemukan hal ini di dokumen organisasi, jadi saya tidak bisa "
        "menjawabnya.",
        "tl": "Hindi ko ito nakita sa mga dokumento ng organisasyon, kaya hindi ko ito masasagot.",
        "th": "ฉันไม่พบเรื่องนี้ในเอกสารขององค์กร จึงไม่สามารถตอบได้",
    },
    Status.UNANSWERABLE_NOT_SUPPORTED: {
        "en": "The documents do not say this, so I cannot answer it reliably.",
        "zh-TW": "文件中沒有足以回答這個問題的內容，我無法可靠地回答。",
        "vi": "Tài liệu không nói về điều này, nên tôi không thể trả lời một cách đáng tin cậy.",
        "id": "Dokumen tidak menyebutkan hal ini, jadi saya tidak bisa menjawabnya dengan pasti.",
        "tl": "Hindi ito sinasabi ng mga dokumento, kaya hindi ko ito masasagot nang tiyak.",
        "th": "เอกสารไม่ได้กล่าวถึงเรื่องนี้ ฉันจึงไม่สามารถตอบได้อย่างน่าเชื่อถือ",
    },
    Status.GUARDRAIL_INPUT: {
        "en": "I cannot help with that request. Please ask a question about the "
        "organisation's documents.",
        "zh-TW": "我無法處理這個請求。請提出與本機構文件有關的問題。",
        "vi": "Tôi không thể giúp với yêu cầu này. Vui lòng hỏi về tài liệu của tổ chức.",
        "id": "Saya tidak bisa membantu permintaan itu. Silakan bertanya tentang dokumen "
        "organisasi.",
        "tl": "Hindi ko matutulungan ang kahilingang iyan. Magtanong po tungkol sa mga "
        "dokumento ng organisasyon.",
        "th": "ฉันช่วยเรื่องนี้ไม่ได้ กรุณาถามคำถามเกี่ยวกับเอกสารขององค์กร",
    },
    Status.GUARDRAIL_OUTPUT: {
        "en": "I cannot answer that safely. Please contact a staff member.",
        "zh-TW": "我無法安全地回答這個問題，請聯絡工作人員。",
        "vi": "Tôi không thể trả lời điều này một cách an toàn. Vui lòng liên hệ nhân viên.",
        "id": "Saya tidak bisa menjawabnya dengan aman. Silakan hubungi staf.",
        "tl": "Hindi ko ito masasagot nang ligtas. Makipag-ugnayan po sa isang kawani.",
        "th": "ฉันไม่สามารถตอบเรื่องนี้ได้อย่างปลอดภัย กรุณาติดต่อเจ้าหน้าที่",
    },
    Status.ERROR: {
        "en": "Something went wrong and no answer was produced. Please try again later.",
        "zh-TW": "系統發生問題，未能產生回答，請稍後再試。",
        "vi": "Đã xảy ra lỗi và không có câu trả lời. Vui lòng thử lại sau.",
        "id": "Terjadi kesalahan dan tidak ada jawaban. Silakan coba lagi nanti.",
        "tl": "May nangyaring mali at walang nabuong sagot. Pakisubukang muli mamaya.",
        "th": "เกิดข้อผิดพลาดและไม่มีคำตอบ กรุณาลองใหม่ภายหลัง",
    },
}

_YEARS_NOT_MENTIONED = {
    "en": "The documents do not mention {years}, so I cannot answer this reliably.",
    "zh-TW": "文件中沒有提到{years}的內容，因此我無法可靠地回答。",
}

_EXTRACTIVE_LEAD = {
    "en": "Relevant passages from the documents:",
    "zh-TW": "以下是文件中的相關段落：",
    "vi": "Các đoạn liên quan trong tài liệu:",
    "id": "Bagian dokumen yang relevan:",
    "tl": "Mga kaugnay na bahagi ng mga dokumento:",
    "th": "ข้อความที่เกี่ยวข้องจากเอกสาร:",
}

# Above the passage sentences shown while the model writes: they are quotes, not the answer.
_QUOTES_LABEL = {
    "en": "From the documents (quoted):",
    "zh-TW": "文件中的相關內容（原文摘錄）：",
    "vi": "Từ tài liệu (trích nguyên văn):",
    "id": "Dari dokumen (kutipan):",
    "tl": "Mula sa mga dokumento (sipi):",
    "th": "จากเอกสาร (ข้อความที่ยกมา):",
}

# After those quotes, when the checks gave no written answer: the quotes stay the documents'
# own words, and the user must not read them as an answer the system vouched for.
_QUOTES_WITHOUT_ANSWER = {
    "en": "No written answer was given: the quotes above are the documents' own words, not "
    "an answer to the question.",
    "zh-TW": "未提供撰寫的回答：上方的摘錄是文件原文，並非對問題的回答。",
    "vi": "Không có câu trả lời được viết: các trích dẫn ở trên là nguyên văn tài liệu, không "
    "phải câu trả lời cho câu hỏi.",
    "id": "Tidak ada jawaban tertulis: kutipan di atas adalah kata-kata dokumen itu sendiri, "
    "bukan jawaban atas pertanyaan.",
    "tl": "Walang naibigay na nakasulat na sagot: ang mga sipi sa itaas ay mismong salita ng "
    "mga dokumento, hindi sagot sa tanong.",
    "th": "ไม่มีคำตอบที่เขียนขึ้น: ข้อความที่ยกมาข้างต้นเป็นถ้อยคำของเอกสารเอง ไม่ใช่คำตอบของคำถาม",
}


_MAY_WANT_TO_READ = {
    "en": "These passages may be related:",
    "zh-TW": "以下段落或許相關，可自行參閱：",
    "vi": "Các đoạn sau có thể liên quan:",
    "id": "Bagian berikut mungkin terkait:",
    "tl": "Maaaring may kaugnayan ang mga bahaging ito:",
    "th": "ข้อความต่อไปนี้อาจเกี่ยวข้อง:",
}


_GROUPS_SET_ASIDE = {
    "en": "The documents say nothing specific about {terms}, so this answer is what they say "
    "for everyone.",
    "zh-TW": "文件中沒有特別提到{terms}，以下是文件對所有人的說明。",
}


def _pick(table: dict[str, str], language: str) -> str:
    """The text in `language`, Chinese for either script, else English."""
    return table["zh-TW"] if language.startswith("zh") else table.get(language, table["en"])


def status_message(status: Status, language: str) -> str:
    return _pick(_TEXTS[status], language)


def years_not_mentioned(
    years: Sequence[int], language: str, written_as_roc: Collection[int] = ()
) -> str:
    """Said instead of an answer when the question asks about years no passage mentions: the
    user learns which part of the question the documents do not cover. A year the question
    wrote as a Republic of China year is named that way too (民國108年 is 2019)."""
    roc = {year: year - ROC_OFFSET for year in written_as_roc}
    if language.startswith("zh"):
        named = (f"民國{roc[y]}年（{y}年）" if y in roc else f"{y}年" for y in years)
        return _YEARS_NOT_MENTIONED["zh-TW"].format(years="、".join(named))
    named = (f"{y} (ROC year {roc[y]})" if y in roc else str(y) for y in years)
    return _YEARS_NOT_MENTIONED["en"].format(years=" or ".join(named))


def extractive_lead(language: str) -> str:
    return _pick(_EXTRACTIVE_LEAD, language)


def quotes_label(language: str) -> str:
    """Said above the passage sentences shown before the model is asked."""
    return _pick(_QUOTES_LABEL, language)


def quotes_without_answer(language: str) -> str:
    """Said after those quotes when the answer was refused or failed."""
    return _pick(_QUOTES_WITHOUT_ANSWER, language)


def may_want_to_read(language: str) -> str:
    """Said before the passages named with a refusal of an answer that was off the question."""
    return _pick(_MAY_WANT_TO_READ, language)


def groups_set_aside_note(terms: list[str], language: str) -> str:
    """Said before an answer given as if the question named no group (see the pipeline)."""
    if language.startswith("zh"):
        return _GROUPS_SET_ASIDE["zh-TW"].format(terms="、".join(f"「{t}」" for t in terms))
    return _GROUPS_SET_ASIDE["en"].format(terms=" or ".join(f'"{t}"' for t in terms))
