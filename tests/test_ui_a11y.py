"""Accessibility of the web app in a real headless Chromium: axe-core finds no serious or
critical violation on the public chat, the sign-in, the staff and the data-officer views; a
keyboard alone asks, reads the sources, rates, reports and switches the language, with the focus
always visible; a first-time user taps an example question in their language.

axe-core comes from the npm registry at the version tests/a11y/package-lock.json pins
(`npm ci --prefix tests/a11y`, run by scripts/test.sh) and is injected into the page from disk.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from typing import Any

import pytest

from kb.organisation import example_questions
from tests.test_ui_browser_support import (  # noqa: F401 - `browser` is the shared driver fixture
    CHROMEDRIVER,
    CHROMIUM,
    ROOT,
    browser,
    choose_language,
    css,
    on_first_screen,
    open_tab,
    phone,
    sign_in,
    wait_for,
)
from tests.test_ui_support import ZH_QUESTION, RunningApp, module_app
from ui.i18n import LANGUAGE_NAMES, t

selenium = pytest.importorskip("selenium")
from selenium import webdriver  # noqa: E402
from selenium.webdriver.common.action_chains import ActionChains  # noqa: E402
from selenium.webdriver.common.by import By  # noqa: E402
from selenium.webdriver.common.keys import Keys  # noqa: E402

pytestmark = pytest.mark.skipif(
    not (CHROMIUM and CHROMEDRIVER), reason="needs Debian chromium + chromium-driver"
)
ui_app = pytest.fixture(scope="module")(module_app)
AXE_JS = ROOT / "tests" / "a11y" / "node_modules" / "axe-core" / "axe.min.js"
# What the test fails on: the impacts a user cannot work around (WCAG A/AA rules and best
# practices alike); "moderate" and "minor" ones are reported, not failed.
FAILING_IMPACTS = {"serious", "critical"}
RUN_AXE_JS = """
const done = arguments[arguments.length - 1];
axe.run(document, {resultTypes: ['violations']}).then(
  (r) => done(r.violations.map((v) => ({
    id: v.id, impact: v.impact, help: v.help,
    nodes: v.nodes.slice(0, 5).map((n) => n.target.join(' ') + ' :: ' + n.failureSummary),
  }))),
  (e) => done([{id: 'axe-error', impact: 'critical', help: String(e), nodes: []}]),
);
"""
# The focused element, how it shows its focus, and where it sits.
FOCUS_JS = """
const el = document.activeElement;
if (!el || el === document.body) return null;
const style = getComputedStyle(el);
const answers = document.querySelectorAll('#ngokb-chat .ngokb-answer');
const last = answers.length ? answers[answers.length - 1].closest('.message-row, .message')
  || answers[answers.length - 1].parentElement : null;
return {
  tag: el.tagName.toLowerCase(), id: el.id, text: (el.innerText || el.value || '').slice(0, 60),
  focusVisible: el.matches(':focus-visible'),
  outline: style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) >= 2,
  question: !!el.closest('#ngokb-question'), language: !!el.closest('#ngokb-language'),
  source: el.tagName === 'SUMMARY' && !!el.closest('#ngokb-chat .ngokb-sources'),
  inLatest: !!last && last.contains(el),
};
"""


# Gradio's loading overlay fades in and out (an opacity transition): scanned mid-fade, its label
# has the blended colour (#f3f3f3 on white), which no user reads. Scans wait until it is gone.
LOADING_SHOWN_JS = """
return [...document.querySelectorAll('.progress-text, .eta-bar')]
  .some((el) => el.offsetParent !== null && getComputedStyle(el).visibility !== 'hidden');
"""


def axe_serious(driver: webdriver.Chrome) -> list[dict[str, Any]]:
    """axe-core's serious and critical violations on the page once nothing is loading."""
    wait_for(
        lambda: not driver.execute_script(LOADING_SHOWN_JS), timeout=60, what="loading to end"
    )
    if not driver.execute_script("return typeof window.axe === 'object'"):
        driver.execute_script(AXE_JS.read_text(encoding="utf-8"))
    violations = driver.execute_async_script(RUN_AXE_JS)
    return [v for v in violations if v["impact"] in FAILING_IMPACTS]


@pytest.fixture(scope="module")
def axe(browser: webdriver.Chrome) -> Iterator[webdriver.Chrome]:  # noqa: F811
    assert AXE_JS.is_file(), f"{AXE_JS} is missing: run `npm ci --prefix tests/a11y`"
    browser.set_script_timeout(120)
    yield browser


def load(driver: webdriver.Chrome, app: RunningApp) -> None:
    driver.get(app.url)
    wait_for(lambda: css(driver, "#ngokb-question textarea"), timeout=60, what="the page")


def ask_and_wait(driver: webdriver.Chrome, before: int) -> None:
    wait_for(
        lambda: len(css(driver, "#ngokb-chat .ngokb-disclosure")) > before, what="the answer"
    )


def test_axe_finds_no_serious_violation_in_the_three_views(
    axe: webdriver.Chrome, ui_app: RunningApp
) -> None:
    found: dict[str, list[dict[str, Any]]] = {}
    load(axe, ui_app)
    found["chat, first visit"] = axe_serious(axe)
    box = css(axe, "#ngokb-question textarea")[0]
    box.send_keys(ZH_QUESTION, Keys.ENTER)
    ask_and_wait(axe, 0)
    css(axe, "#ngokb-chat details.ngokb-source summary")[-1].click()
    found["chat, an answer with an open source"] = axe_serious(axe)
    choose_language(axe, LANGUAGE_NAMES["th"])
    wait_for(lambda: css(axe, "button#ngokb-send")[0].text == t("send", "th"), timeout=30)
    found["chat, Thai interface"] = axe_serious(axe)
    choose_language(axe, LANGUAGE_NAMES["zh-TW"])
    wait_for(lambda: css(axe, "button#ngokb-send")[0].text == t("send", "zh-TW"), timeout=30)

    open_tab(axe, t("tab_sign_in", "zh-TW"))
    found["sign-in"] = axe_serious(axe)

    sign_in(axe, "staff", ui_app.staff_password)
    open_tab(axe, t("tab_documents", "zh-TW"))
    wait_for(lambda: "annual-report" in css(axe, "#ngokb-documents")[0].text, timeout=60)
    found["staff documents"] = axe_serious(axe)

    sign_in(axe, "officer", ui_app.officer_password)
    open_tab(axe, t("tab_audit", "zh-TW"))
    cell = wait_for(
        lambda: css(axe, "#ngokb-audit-table [role='gridcell'][data-testid='cell-0-1']")[0],
        timeout=60,
        what="audit rows",
    )
    cell.click()
    wait_for(lambda: css(axe, "#ngokb-detail")[0].text.strip(), timeout=60, what="the detail")
    found["officer audit, a record's detail"] = axe_serious(axe)
    for tab in ("tab_review", "tab_dashboard", "tab_retention"):
        open_tab(axe, t(tab, "zh-TW"))
        found[f"officer {tab.removeprefix('tab_')}"] = axe_serious(axe)
    failing = {view: v for view, v in found.items() if v}
    assert failing == {}, json.dumps(failing, indent=1, ensure_ascii=False)


def press(driver: webdriver.Chrome, *keys: str) -> dict[str, Any] | None:
    """Press keys on whatever has the focus, as a keyboard does; returns the new focus."""
    ActionChains(driver).send_keys(*keys).perform()
    return driver.execute_script(FOCUS_JS)


Focus = dict[str, Any]


def tab_until(
    driver: webdriver.Chrome, want: Callable[[Focus], bool], back: bool = False, limit: int = 60
) -> list[Focus]:
    """Press Tab (Shift+Tab with `back`) until the focus is on an element where `want` holds;
    every element on the way must show its focus. Returns the path."""
    path: list[Focus] = []
    for _ in range(limit):
        if back:
            chain = ActionChains(driver).key_down(Keys.SHIFT).send_keys(Keys.TAB)
            chain.key_up(Keys.SHIFT).perform()
            focus = driver.execute_script(FOCUS_JS)
        else:
            focus = press(driver, Keys.TAB)
        assert focus is not None, f"the focus left the page after {path}"
        path.append(focus)
        assert focus["focusVisible"] and focus["outline"], f"focus not visible on {focus}"
        if want(focus):
            return path
    raise AssertionError(f"not reached with the keyboard: {path}")


def on(key: str) -> Callable[[Focus], bool]:
    return lambda focus: bool(focus[key])


def on_id(element_id: str) -> Callable[[Focus], bool]:
    return lambda focus: focus["id"] == element_id


def test_keyboard_alone_asks_reads_sources_rates_and_switches_language(
    browser: webdriver.Chrome,  # noqa: F811
    ui_app: RunningApp,
) -> None:
    load(browser, ui_app)
    tab_until(browser, on("question"))
    for key in ZH_QUESTION:
        press(browser, key)
    press(browser, Keys.ENTER)
    ask_and_wait(browser, 0)
    assert browser.execute_script(FOCUS_JS)["question"], "the focus left the question box"
    # Back from the box into the conversation: the latest answer's source cards, which open
    # with Enter.
    path = tab_until(browser, on("source"), back=True)
    assert path[-1]["inLatest"], path
    press(browser, Keys.ENTER)
    card = css(browser, "#ngokb-chat .ngokb-sources details.ngokb-source")[-1]
    wait_for(lambda: card.get_attribute("open") is not None, timeout=10, what="card to open")
    assert card.find_element(By.TAG_NAME, "blockquote").is_displayed()

    # Forward to the feedback buttons and the report (its reason typed first), with Enter.
    tab_until(browser, on("question"))
    assert tab_until(browser, lambda f: f["tag"] == "button")[-1]["id"] == "ngokb-send"
    tab_until(browser, on_id("ngokb-up"))
    press(browser, Keys.ENTER)
    wait_for(
        lambda: t("feedback_thanks", "zh-TW") in css(browser, "#ngokb-feedback-status")[0].text,
        timeout=30,
        what="thanks for the rating",
    )
    tab_until(browser, lambda f: f["tag"] == "textarea" and not f["question"])  # the reason
    for key in "wrong opening hours":
        press(browser, key)
    tab_until(browser, on_id("ngokb-report"))
    press(browser, Keys.ENTER)
    wait_for(
        lambda: t("report_thanks", "zh-TW") in css(browser, "#ngokb-feedback-status")[0].text,
        timeout=30,
        what="thanks for the report",
    )

    # Back up to the language selector, open it, pick English.
    tab_until(browser, on("language"), back=True)
    press(browser, Keys.ARROW_DOWN)
    wait_for(lambda: css(browser, "[role='option']"), timeout=10, what="the language options")
    for _ in range(len(LANGUAGE_NAMES)):
        active = browser.execute_script(
            "const o = document.querySelector("
            "'[role=option].active, [role=option][aria-selected=true]');"
            "return o ? o.innerText : '';"
        )
        if LANGUAGE_NAMES["en"] in active:
            break
        press(browser, Keys.ARROW_DOWN)
    press(browser, Keys.ENTER)
    wait_for(
        lambda: css(browser, "button#ngokb-send")[0].text == t("send", "en"),
        timeout=30,
        what="the English interface",
    )
    assert browser.execute_script("return document.documentElement.lang") == "en"


def test_a_first_time_user_taps_an_example_question(
    browser: webdriver.Chrome,  # noqa: F811
    ui_app: RunningApp,
) -> None:
    phone(browser)
    try:
        load(browser, ui_app)
        shown = wait_for(lambda: css(browser, "#ngokb-chat button.example"), timeout=30)
        assert [b.text for b in shown] == example_questions(ui_app.settings, "zh-TW")
        # A screen reader names each by its question (Gradio's label says "Select example 1").
        assert [b.accessible_name for b in shown] == [b.text for b in shown]
        assert on_first_screen(browser, "#ngokb-question"), "question box below the fold"
        assert on_first_screen(browser, "#ngokb-chat button.example")
        # The examples follow the interface language.
        choose_language(browser, LANGUAGE_NAMES["vi"])
        vi = example_questions(ui_app.settings, "vi")
        wait_for(
            lambda: [b.text for b in css(browser, "#ngokb-chat button.example")] == vi,
            timeout=30,
            what="Vietnamese examples",
        )
        assert on_first_screen(browser, "#ngokb-question")
        css(browser, "#ngokb-chat button.example")[1].click()
        ask_and_wait(browser, 0)
        assert css(browser, "#ngokb-chat .ngokb-question")[-1].text == vi[1]
        assert css(browser, "#ngokb-chat button.example") == []  # the chat has begun
        assert css(browser, "button#ngokb-send")[0].text == t("send", "vi")
        assert on_first_screen(browser, "#ngokb-question")
    finally:
        browser.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})
