"""The web app in a real headless Chromium with the embedded model: see the quotes arrive before
the model's written answer, and a vi and a th answer with sources on a phone.

Needs Debian's `chromium`, `chromium-driver` and `fonts-noto-cjk` (installed by the CI command),
and the embedded model file. Screenshots go to test-artifacts/screenshots/ and docs/screenshots/.
"""

# The tests take the imported `browser` fixture as a parameter of the same name.
# ruff: noqa: F811
from __future__ import annotations

import json
from collections.abc import Iterator

import pytest

from kb.messages import quotes_label
from kb.settings import Settings
from tests.test_ui_browser_support import (  # noqa: F401 - `browser` is the shared driver fixture
    CHROMEDRIVER,
    CHROMIUM,
    PHONE_QUESTIONS,
    ROOT,
    SCREENSHOTS,
    ask,
    browser,
    css,
    on_first_screen,
    phone,
    wait_for,
)
from tests.test_ui_support import TEST_PROXY, ZH_QUESTION, RunningApp, copy_kb, start
from ui.i18n import t

selenium = pytest.importorskip("selenium")
from selenium import webdriver  # noqa: E402

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


DOC_SCREENSHOTS = ROOT / "docs" / "screenshots"


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
