"""The web app in a real headless Chromium, answering with quotes only: ask in zh-TW and English,
expand a citation, check an injected script does not run, lay out on a phone in the six interface
languages, and save screenshots of the chat, staff upload and audit views.

Needs Debian's `chromium`, `chromium-driver` and `fonts-noto-cjk` (installed by the CI command).
Screenshots go to test-artifacts/screenshots/ (gitignored).
"""

# The tests take the imported `browser` fixture as a parameter of the same name.
# ruff: noqa: F811
from __future__ import annotations

import time
from pathlib import Path

import pytest

from kb.audit import AuditLog
from tests.test_ui_browser_support import (  # noqa: F401 - `browser` is the shared driver fixture
    CHROMEDRIVER,
    CHROMIUM,
    PHONE_QUESTIONS,
    SCREENSHOTS,
    ask,
    browser,
    choose_language,
    css,
    on_first_screen,
    open_tab,
    phone,
    sign_in,
    wait_for,
)
from tests.test_ui_support import EN_QUESTION, ZH_QUESTION, RunningApp, module_app
from ui.i18n import HTML_LANG, LANGUAGE_NAMES, t

selenium = pytest.importorskip("selenium")
from selenium import webdriver  # noqa: E402
from selenium.webdriver.common.by import By  # noqa: E402

ui_app = pytest.fixture(scope="module")(module_app)
XSS_QUESTION = '<img src=x onerror="window.__pwned=1"><script>window.__pwned=2</script> 租金補助？'

pytestmark = pytest.mark.skipif(
    not (CHROMIUM and CHROMEDRIVER),
    reason="needs Debian chromium + chromium-driver (apt-get install -y chromium chromium-driver "
    "fonts-noto-cjk)",
)


def test_public_chat_in_a_real_browser(browser: webdriver.Chrome, ui_app: RunningApp) -> None:
    browser.get(ui_app.url)
    wait_for(lambda: css(browser, "#ngokb-question textarea"), timeout=60, what="the page")
    # Interface language from Accept-Language (zh-TW), with the AI disclosure on top.
    assert css(browser, "button#ngokb-send")[0].text == "送出"
    assert "AI 助理" in css(browser, "#ngokb-disclosure")[0].text
    assert css(browser, "#ngokb-question textarea")[0].get_attribute("aria-label") or css(
        browser, "#ngokb-question label"
    ), "the question box needs a label for screen readers"

    answer = ask(browser, ZH_QUESTION)
    states = browser.execute_script("return window.__states")
    assert len(states) >= 2, f"the answer should arrive in steps, saw {states}"
    assert "20,000" in answer.text

    card = css(browser, "#ngokb-chat details.ngokb-source")[-1]
    assert card.get_attribute("open") is None
    card.find_element(By.TAG_NAME, "summary").click()
    wait_for(lambda: card.get_attribute("open") is not None, timeout=10, what="card to open")
    assert card.find_element(By.TAG_NAME, "blockquote").is_displayed()
    assert ".docx" in card.find_element(By.TAG_NAME, "summary").text
    browser.save_screenshot(str(SCREENSHOTS / "public-chat-zh.png"))

    # Switch the interface to English with the language picker, then ask in English.
    choose_language(browser, "English")
    wait_for(
        lambda: css(browser, "button#ngokb-send")[0].text == "Send",
        timeout=30,
        what="English interface",
    )
    assert browser.execute_script("return document.documentElement.lang") == "en"
    answer = ask(browser, EN_QUESTION)
    sources = css(browser, "#ngokb-chat .ngokb-sources")[-1]
    assert "Sources" in sources.text and "annual-report-2025.md" in sources.text
    browser.save_screenshot(str(SCREENSHOTS / "public-chat-en.png"))

    # An injected script or event handler in a question must not run, and shows as text.
    ask(browser, XSS_QUESTION)
    assert browser.execute_script("return window.__pwned") is None
    assert "<script>" in css(browser, "#ngokb-chat .ngokb-question")[-1].text

    # Offline and private: the page loads nothing from other hosts (no web fonts, no CDNs).
    resources = browser.execute_script(
        "return performance.getEntriesByType('resource').map(e => e.name)"
    )
    foreign = [u for u in resources if not u.startswith((ui_app.url.rstrip("/"), "data:", "blob:"))]
    assert foreign == [], foreign

    browser.set_window_size(390, 844)  # phone width
    time.sleep(1)
    browser.save_screenshot(str(SCREENSHOTS / "public-chat-phone.png"))
    width = browser.execute_script("return document.documentElement.scrollWidth")
    assert width <= 400, f"the page scrolls sideways at phone width ({width}px)"
    browser.set_window_size(1280, 1000)


def test_staff_upload_and_audit_views(
    browser: webdriver.Chrome,
    ui_app: RunningApp,
    tmp_path: Path,
) -> None:
    browser.get(ui_app.url)
    wait_for(lambda: css(browser, "#ngokb-question textarea"), timeout=60, what="the page")
    assert not [t for t in css(browser, "button[role='tab']") if t.text.strip() == "文件管理"]
    ask(browser, ZH_QUESTION)  # so that the audit log has a record to show

    sign_in(browser, "staff", ui_app.staff_password)
    open_tab(browser, "文件管理")
    doc = tmp_path / "library-hours.md"
    doc.write_text(
        "# Library hours\n\nThe reading room opens at 10:00 on Saturdays.\n", encoding="utf-8"
    )
    css(browser, "#ngokb-files input[type='file']")[0].send_keys(str(doc))
    wait_for(
        lambda: "library-hours" in css(browser, "#ngokb-files")[0].text,
        timeout=30,
        what="the file to upload",
    )
    css(browser, "button#ngokb-upload")[0].click()
    wait_for(
        lambda: '"library-hours.md"' in css(browser, "#ngokb-upload-result")[0].text,
        what="the ingest summary",
    )
    table = css(browser, "#ngokb-documents")[0]
    browser.execute_script("arguments[0].scrollIntoView({block: 'center'})", table)
    wait_for(lambda: "library-hours.md" in table.text, timeout=30, what="the document list")
    browser.save_screenshot(str(SCREENSHOTS / "staff-upload.png"))

    sign_in(browser, "officer", ui_app.officer_password)
    open_tab(browser, "稽核紀錄")
    cell = wait_for(
        lambda: css(browser, "#ngokb-audit-table [role='gridcell'][data-testid='cell-0-1']")[0],
        timeout=60,
        what="audit rows",
    )
    latest = max(AuditLog(ui_app.settings).records(), key=lambda r: r.time)
    assert cell.text.strip() == latest.audit_id  # newest first
    cell.click()  # selecting a row opens that answer's detail
    wait_for(
        lambda: latest.audit_id in css(browser, "#ngokb-detail")[0].text,
        timeout=60,
        what="the detail of the selected row",
    )
    field = css(browser, "#ngokb-audit-id textarea, #ngokb-audit-id input")[0]
    assert field.get_attribute("value") == latest.audit_id
    css(browser, "button#ngokb-show-detail")[0].click()
    wait_for(
        lambda: "Retrieved passages" in css(browser, "#ngokb-detail")[0].text,
        timeout=60,
        what="answer detail",
    )
    browser.save_screenshot(str(SCREENSHOTS / "audit-view.png"))


def test_phone_layout_and_six_interface_languages(
    browser: webdriver.Chrome, ui_app: RunningApp
) -> None:
    phone(browser)
    try:
        browser.get(ui_app.url)
        wait_for(lambda: css(browser, "#ngokb-question textarea"), timeout=60, what="the page")
        assert on_first_screen(browser, "#ngokb-question"), "question box below the fold"
        assert on_first_screen(browser, "#ngokb-disclosure")
        assert css(browser, "#ngokb-disclosure details")[0].get_attribute("open") is None
        # Every language of the selector switches the interface's strings and the page's lang.
        # English first: the page opened in zh-TW, and choosing it again changes nothing.
        for lang in ("en", "zh-TW", "vi", "id", "tl", "th"):
            name = LANGUAGE_NAMES[lang]
            choose_language(browser, name)
            wait_for(
                lambda lang=lang: css(browser, "button#ngokb-send")[0].text == t("send", lang),
                timeout=30,
                what=f"{lang} interface",
            )
            assert t("ai_disclosure_summary", lang) in css(browser, "#ngokb-disclosure")[0].text
            assert (
                browser.execute_script("return document.documentElement.lang") == (HTML_LANG[lang])
            )
        choose_language(browser, "English")
        wait_for(lambda: css(browser, "button#ngokb-send")[0].text == "Send", timeout=30)
        # A question in vi or th turns the interface to its language; the answer and the box
        # are both on the first screen.
        for lang, question in PHONE_QUESTIONS.items():
            ask(browser, question)
            wait_for(
                lambda lang=lang: css(browser, "button#ngokb-send")[0].text == t("send", lang),
                timeout=30,
                what=f"the interface to follow the {lang} question",
            )
            assert on_first_screen(browser, "#ngokb-question")
            answer = css(browser, "#ngokb-chat .ngokb-answer")[-1]
            top, bottom = browser.execute_script(
                "const r = arguments[0].getBoundingClientRect(); return [r.top, r.bottom];",
                answer,
            )
            assert bottom > 0 and top < browser.execute_script("return innerHeight"), (top, bottom)
            browser.save_screenshot(str(SCREENSHOTS / f"public-chat-phone-{lang}.png"))
    finally:
        browser.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})
