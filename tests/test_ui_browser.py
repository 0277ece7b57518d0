"""The web app in a real headless Chromium: ask in zh-TW and English, expand a citation, check an
injected script does not run, see the quotes arrive before the model's written answer, and save
screenshots of the chat, staff upload and audit views.

Needs Debian's `chromium`, `chromium-driver` and `fonts-noto-cjk` (installed by the CI command).
Screenshots go to test-artifacts/screenshots/ (gitignored).
"""

from __future__ import annotations

import json
import shutil
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from kb.audit import AuditLog
from kb.messages import quotes_label
from kb.settings import Settings
from tests.test_ui_support import (
    EN_QUESTION,
    TEST_PROXY,
    ZH_QUESTION,
    RunningApp,
    copy_kb,
    module_app,
    start,
)
from ui.i18n import HTML_LANG, LANGUAGE_NAMES, t

selenium = pytest.importorskip("selenium")
from selenium import webdriver  # noqa: E402
from selenium.webdriver.chrome.service import Service  # noqa: E402
from selenium.webdriver.common.by import By  # noqa: E402
from selenium.webdriver.common.keys import Keys  # noqa: E402
from selenium.webdriver.remote.webelement import WebElement  # noqa: E402

ui_app = pytest.fixture(scope="module")(module_app)
ROOT = Path(__file__).resolve().parents[1]
SCREENSHOTS = ROOT / "test-artifacts" / "screenshots"
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
CHROMEDRIVER = shutil.which("chromedriver")
XSS_QUESTION = '<img src=x onerror="window.__pwned=1"><script>window.__pwned=2</script> 租金補助？'

# Records every state of the latest assistant message, to see the answer arrive in steps.
WATCH_JS = """
window.__states = [];
const chat = document.querySelector('#ngokb-chat');
new MutationObserver(() => {
  const bots = chat.querySelectorAll('.ngokb-answer');
  if (!bots.length) return;
  const text = bots[bots.length - 1].innerText;
  if (window.__states[window.__states.length - 1] !== text) window.__states.push(text);
}).observe(chat, {subtree: true, childList: true, characterData: true});
"""

# Records every state of the latest assistant message: whether the quotes block, a draft, the
# final answer (its AI disclosure) are there, and whether the quotes come before the answer.
WATCH_QUOTES_JS = """
window.__quote_states = [];
const chat = document.querySelector('#ngokb-chat');
new MutationObserver(() => {
  const answers = chat.querySelectorAll('.ngokb-answer');
  if (!answers.length) return;
  const answer = answers[answers.length - 1];
  const message = answer.parentElement;
  const quotes = message.querySelector('.ngokb-quotes');
  const state = JSON.stringify({
    quotes: quotes ? quotes.innerText : null,
    above: !!quotes && !!(quotes.compareDocumentPosition(answer) & 4),
    draft: !!message.querySelector('.ngokb-draft'),
    final: !!message.querySelector('.ngokb-disclosure'),
    answer: answer.innerText,
  });
  const states = window.__quote_states;
  if (states[states.length - 1] !== state) states.push(state);
}).observe(chat, {subtree: true, childList: true, characterData: true});
"""

pytestmark = pytest.mark.skipif(
    not (CHROMIUM and CHROMEDRIVER),
    reason="needs Debian chromium + chromium-driver (apt-get install -y chromium chromium-driver "
    "fonts-noto-cjk)",
)


@pytest.fixture(scope="module")
def browser(tmp_path_factory: pytest.TempPathFactory) -> Iterator[webdriver.Chrome]:
    options = webdriver.ChromeOptions()
    options.binary_location = str(CHROMIUM)
    for flag in (
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
        "--lang=zh-TW",
        "--accept-lang=zh-TW,zh,en",
        "--window-size=1280,1000",
        f"--user-data-dir={tmp_path_factory.mktemp('chromium')}",
    ):
        options.add_argument(flag)
    driver = webdriver.Chrome(service=Service(executable_path=str(CHROMEDRIVER)), options=options)
    driver.set_page_load_timeout(60)
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    try:
        yield driver
    finally:
        driver.quit()


def wait_for(condition: Callable[[], Any], timeout: float = 240, what: str = "") -> Any:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            value = condition()
        except Exception:  # noqa: BLE001 - the page is still rendering
            value = None
        if value:
            return value
        time.sleep(0.25)
    raise AssertionError(f"timed out waiting for {what}")


def css(driver: webdriver.Chrome, selector: str) -> list[WebElement]:
    return driver.find_elements(By.CSS_SELECTOR, selector)


def ask(driver: webdriver.Chrome, question: str) -> WebElement:
    """Type a question, press Enter and wait for the final answer; returns the last answer."""
    before = len(css(driver, "#ngokb-chat .ngokb-disclosure"))
    driver.execute_script(WATCH_JS)
    box = css(driver, "#ngokb-question textarea")[0]
    box.click()
    box.send_keys(question)
    box.send_keys(Keys.ENTER)
    wait_for(
        lambda: len(css(driver, "#ngokb-chat .ngokb-disclosure")) > before, what="the final answer"
    )
    return css(driver, "#ngokb-chat .ngokb-answer")[-1]


def open_tab(driver: webdriver.Chrome, label: str) -> None:
    tab = wait_for(
        lambda: next(
            (t for t in css(driver, "button[role='tab']") if t.text.strip() == label), None
        ),
        timeout=30,
        what=f"tab {label}",
    )
    tab.click()


def sign_in(driver: webdriver.Chrome, user: str, password: str) -> None:
    open_tab(driver, "登入")
    for selector, value in (
        ("#ngokb-user textarea, #ngokb-user input", user),
        ("#ngokb-password input", password),
    ):
        field = css(driver, selector)[0]
        field.clear()
        field.send_keys(value)
    css(driver, "button#ngokb-sign-in")[0].click()
    wait_for(lambda: user in css(driver, "#ngokb-role-note")[0].text, timeout=30, what="sign-in")


def choose_language(driver: webdriver.Chrome, name: str) -> None:
    """Pick an interface language in the selector (a drop-down), as a user does."""
    css(driver, "#ngokb-language input")[0].click()
    option = wait_for(
        lambda: next((o for o in css(driver, "[role='option']") if name in o.text), None),
        timeout=10,
        what=f"language option {name}",
    )
    option.click()


def phone(driver: webdriver.Chrome) -> None:
    """A 390x844 phone viewport (CSS pixels), as a phone's browser reports it."""
    driver.execute_cdp_cmd(
        "Emulation.setDeviceMetricsOverride",
        {"width": 390, "height": 844, "deviceScaleFactor": 1, "mobile": True},
    )


def on_first_screen(driver: webdriver.Chrome, selector: str) -> bool:
    """Whether the element lies wholly inside the viewport without scrolling."""
    return bool(
        driver.execute_script(
            "const r = document.querySelector(arguments[0]).getBoundingClientRect();"
            "return window.scrollY === 0 && r.top >= 0 && r.bottom <= window.innerHeight"
            " && r.height > 0;",
            selector,
        )
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


@pytest.fixture(scope="module")
def llm_ui_app(
    samples_kb: Settings, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[RunningApp]:
    """The app with the embedded model (the other tests here answer with quotes only)."""
    settings = copy_kb(samples_kb, tmp_path_factory.mktemp("llm-ui-kb") / "data")
    if not settings.resolved_model_path.is_file():
        pytest.skip("the embedded model file is not installed")
    settings = settings.model_copy(update={"trusted_proxies": TEST_PROXY})
    with pytest.MonkeyPatch.context() as monkeypatch:
        yield from start(settings, monkeypatch, mode="auto")


@pytest.mark.slow
def test_quotes_appear_before_the_written_answer(
    browser: webdriver.Chrome, llm_ui_app: RunningApp
) -> None:
    browser.get(llm_ui_app.url)
    wait_for(lambda: css(browser, "#ngokb-question textarea"), timeout=60, what="the page")
    browser.execute_script(WATCH_QUOTES_JS)
    answer = ask(browser, ZH_QUESTION)
    states = [json.loads(s) for s in browser.execute_script("return window.__quote_states")]
    label = quotes_label("zh-TW")
    first = next((n for n, s in enumerate(states) if s["quotes"]), None)
    assert first is not None, states
    # Shown alone first, labelled as quotes, above the placeholder; the draft and the written
    # answer come later, below them.
    assert not states[first]["draft"] and not states[first]["final"], states[first]
    assert label in states[first]["quotes"] and states[first]["above"], states[first]
    assert "正在撰寫回答" in states[first]["answer"], states[first]
    assert not any(s["draft"] or s["final"] for s in states[:first]), states[:first]
    final = states[-1]
    assert final["final"], final
    if final["quotes"] is not None:
        assert final["above"] and label in final["quotes"], final
    else:  # the checks fell back to the same quotes: they are the answer, shown once
        assert "「" in answer.text, final
    browser.save_screenshot(str(SCREENSHOTS / "public-chat-quotes-first.png"))


PHONE_QUESTIONS = {
    "vi": "Tình nguyện viên phải cam kết bao nhiêu ca mỗi tháng?",
    "th": "อาสาสมัครต้องทำงานกี่กะต่อเดือน",
}
DOC_SCREENSHOTS = ROOT / "docs" / "screenshots"


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


@pytest.mark.slow
def test_vi_and_th_answers_with_sources_on_a_phone(
    browser: webdriver.Chrome, llm_ui_app: RunningApp
) -> None:
    """With the embedded model: a vi and a th question get an answer with source cards, on a
    phone screen, in an interface in their language; the screenshots go to docs/screenshots."""
    phone(browser)
    try:
        for lang, question in PHONE_QUESTIONS.items():
            browser.get(llm_ui_app.url)
            wait_for(lambda: css(browser, "#ngokb-question textarea"), timeout=60, what="page")
            ask(browser, question)
            wait_for(
                lambda lang=lang: css(browser, "button#ngokb-send")[0].text == t("send", lang),
                timeout=30,
                what=f"{lang} interface",
            )
            assert css(browser, "#ngokb-chat details.ngokb-source"), f"no sources in {lang}"
            assert on_first_screen(browser, "#ngokb-question")
            DOC_SCREENSHOTS.mkdir(parents=True, exist_ok=True)
            browser.save_screenshot(str(DOC_SCREENSHOTS / f"chat-{lang}-phone.png"))
    finally:
        browser.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})
