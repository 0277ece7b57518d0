() => {
  // Accessibility repairs of Gradio's own markup (6.31), which the app cannot set from Python;
  // tests/test_ui_a11y.py runs axe-core over every view. Each repair is idempotent, and runs
  // again whenever Gradio re-renders a component (a language switch, a new answer).
  const repair = () => {
    // The chat's example questions: a role="list" of buttons (no list items) is a broken
    // list; each button's English "Select example 1: ..." hides the question in its language.
    document.querySelectorAll('#ngokb-chat .examples[role="list"]').forEach((el) => {
      el.setAttribute('role', 'group');
    });
    document.querySelectorAll('#ngokb-chat button.example[aria-label]').forEach((el) => {
      el.removeAttribute('aria-label');
    });
    // The conversation is named in the interface language, as its visible label is.
    document.querySelectorAll('#ngokb-chat [role="log"]').forEach((log) => {
      const label = document.querySelector('#ngokb-chat [data-testid="block-label"]');
      const name = label ? label.textContent.trim() : '';
      if (name && log.getAttribute('aria-label') !== name) log.setAttribute('aria-label', name);
    });
    // The upload area's English aria-label differs from its visible (translated) text: a
    // speech user says what they see. Without it, the button is named by that text.
    document.querySelectorAll('button.upload-container[aria-label]').forEach((el) => {
      el.removeAttribute('aria-label');
    });
    // An empty JSON or file output is an icon with aria-label and no role: it needs one.
    document.querySelectorAll('div.empty[aria-label]:not([role])').forEach((el) => {
      el.setAttribute('role', 'img');
    });
    // Vega draws the officer's dashboard plots with ARIA graphics roles and leaves some marks
    // (a bar group) unnamed: the chart is named by its title, its unnamed marks are hidden.
    document.querySelectorAll('.vega-embed svg').forEach((svg) => {
      const title = svg.querySelector('.role-title-text');
      if (!svg.getAttribute('aria-label') && title && title.textContent.trim()) {
        svg.setAttribute('aria-label', title.textContent.trim());
      }
      svg.querySelectorAll('[role^="graphics"]:not([aria-label]):not([aria-hidden])')
        .forEach((el) => el.setAttribute('aria-hidden', 'true'));
    });
  };
  repair();
  new MutationObserver(repair).observe(document.body, {
    subtree: true,
    childList: true,
    attributes: true,
    attributeFilter: ['aria-label', 'role'],
  });
}
