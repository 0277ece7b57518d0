"""Shared driver for the browser tests: a headless Chromium and the steps a user takes in it.

No tests here. Needs Debian's `chromium` and `chromium-driver`; screenshots go to
test-artifacts/screenshots/ (gitignored).
"""

from __future__ import annotations

import shutil
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

selenium = pytest.importorskip("selenium")
from selenium import webdriver  # noqa: E402
from selenium.webdriver.chrome.service import Service  # noqa: E402
from selenium.webdriver.common.by import By  # noqa: E402
from selenium.webdriver.common.keys import Keys  # noqa: E402
from selenium.webdriver.remote.webelement import WebElement  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
SCREENSHOTS = ROOT / "test-artifacts" / "screenshots"
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
CHROMEDRIVER = shutil.which("chromedriver")


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


PHONE_QUESTIONS = {
    "vi": "Tình nguyện viên phải cam kết bao nhiêu ca mỗi tháng?",
    "th": "อาสาสมัครต้องทำงานกี่กะต่อเดือน",
}
