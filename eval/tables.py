"""Plain-text tables of runs for the terminal: one run's summary, or two runs side by side."""

from __future__ import annotations

from eval import readability
from eval.results import Metrics, RunResult

_SETTINGS = (
    "mode",
    "embedding_model",
    "check_embedding_model",
    "chunk_size",
    "chunk_overlap",
    "top_k",
    "llm_backend",
    "answer_style",
    "backends_used",
    "models_used",
    "git_commit",
    "questions_sha256",
)
# Metrics where a smaller number is the better one.
_LOWER_IS_BETTER = {"errors", "false_refusal_rate", "unsupported_sentence_rate"}


def format_value(value: object) -> str:
    """A metric or setting as a short cell: rates to 3 decimals, milliseconds whole."""
    if value is None:
        return "-"
    if isinstance(value, float):
        return f"{value:.3f}" if abs(value) < 10 else f"{value:,.0f}"
    if isinstance(value, list):
        return ",".join(str(v) for v in value) or "-"
    return str(value)


def _delta(name: str, a: object, b: object) -> str:
    if not isinstance(a, int | float) or not isinstance(b, int | float) or a == b:
        return ""
    diff = b - a
    better = diff < 0 if (name in _LOWER_IS_BETTER or name.endswith("_ms")) else diff > 0
    text = f"{diff:+.3f}" if abs(diff) < 10 else f"{diff:+.0f}"
    return f"{text} {'better' if better else 'worse'}"


def text_table(rows: list[tuple[str, ...]]) -> list[str]:
    """Rows of cells as left-aligned text lines (the first row is the header)."""
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    return [
        "  ".join(cell.ljust(w) for cell, w in zip(row, widths, strict=True)).rstrip()
        for row in rows
    ]


def _metric_table(columns: list[tuple[str, Metrics]]) -> list[str]:
    rows: list[tuple[str, ...]] = [("metric", *(name for name, _ in columns))]
    rows += [
        (name, *(format_value(getattr(m, name)) for _, m in columns))
        for name in Metrics.model_fields
    ]
    return text_table(rows)


def reading_level_rows(run: RunResult) -> list[tuple[str, ...]]:
    """The reading level of the run's answers per answer language and audience, as table rows
    (the first the header); no rows when no answer was measured or refused."""
    levels = readability.summarise(run.questions)
    if not levels:
        return []
    names = ["language", "audience", "answers", "refused", *readability.MEASURES]
    return [tuple(names)] + [
        tuple(format_value(getattr(level, name)) for name in names) for level in levels
    ]


def summary(run: RunResult) -> str:
    """Every metric, overall and per question category, then per question language, then the
    answers' reading level (`ngo-kb eval run` and `eval parts` print this)."""
    lines = _metric_table([("overall", run.overall), *run.by_category.items()])
    if run.by_language:
        lines += ["", *_metric_table([("overall", run.overall), *run.by_language.items()])]
    if rows := reading_level_rows(run):
        lines += ["", "reading level of the answers shown (refusals not measured):"]
        lines += text_table(rows)
    return "\n".join(lines)


def compare(a: RunResult, b: RunResult) -> str:
    """A plain-text report: differing settings, every metric with its change, the questions
    that passed in one run and failed in the other, and each run's reading level."""
    rows: list[tuple[str, ...]] = [("setting", "A", "B", "")]
    for name in _SETTINGS:
        va, vb = getattr(a.config, name), getattr(b.config, name)
        rows.append((name, format_value(va), format_value(vb), "" if va == vb else "differs"))
    rows.append(("", "", "", ""))
    rows.append(("metric", "A", "B", "change (B - A)"))
    for name in Metrics.model_fields:
        va, vb = getattr(a.overall, name), getattr(b.overall, name)
        rows.append((name, format_value(va), format_value(vb), _delta(name, va, vb)))
    lines = text_table(rows)

    passed_a = {q.id: q.passed for q in a.questions}
    changed = [
        (q.id, passed_a[q.id], q.passed)
        for q in b.questions
        if q.id in passed_a and passed_a[q.id] != q.passed
    ]
    if changed:
        lines.append("")
        lines.append("questions whose outcome changed:")
        lines += [
            f"  {qid}: {'pass' if pa else 'fail'} -> {'pass' if pb else 'fail'}"
            for qid, pa, pb in changed
        ]
    only = sorted(set(passed_a) ^ {q.id for q in b.questions})
    if only:
        lines.append(f"questions in only one run: {', '.join(only)}")
    for name, run in (("A", a), ("B", b)):
        if rows := reading_level_rows(run):
            lines += ["", f"reading level of the answers shown, {name}:", *text_table(rows)]
    return "\n".join(lines)
