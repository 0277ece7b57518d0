"""One self-contained HTML report of a run (`ngo-kb eval report`): no script, font or image
is fetched from anywhere; charts are inline SVG and every text from the run is escaped."""

from __future__ import annotations

from html import escape
from pathlib import Path

from eval import svg
from eval.results import Metrics, QuestionResult, RunResult
from eval.tables import format_value, reading_level_rows
from eval.thresholds import Thresholds, check_thresholds

_RATE_METRICS = (
    "hit_at_k",
    "mrr",
    "evidence_cited",
    "citation_precision",
    "key_fact_accuracy",
    "refusal_accuracy",
    "language_match",
)
_LATENCY_EDGES_MS = (0, 100, 500, 1000, 5000, 10000, 20000, 40000)

_CSS = """
body { font-family: system-ui, sans-serif; margin: 2em auto; max-width: 70em; color: #222;
       line-height: 1.45; padding: 0 1em; }
table { border-collapse: collapse; margin: 0.5em 0 1.5em; }
th, td { border: 1px solid #ccc; padding: 0.25em 0.6em; text-align: left; vertical-align: top; }
td.num { text-align: right; font-variant-numeric: tabular-nums; }
th { background: #f3f3f3; }
.fail { color: #a40000; } .pass { color: #2e7d32; }
.question { border: 1px solid #ddd; border-left: 4px solid #a40000; padding: 0.5em 1em;
            margin: 1em 0; }
.passage { white-space: pre-wrap; background: #fafafa; border: 1px solid #eee; padding: 0.4em; }
.evidence { border-color: #2e7d32; background: #f1f8f1; }
.answer { white-space: pre-wrap; background: #f5f7fb; padding: 0.5em; }
.note { color: #555; font-size: 0.9em; }
figure { display: inline-block; margin: 0 1.5em 1em 0; vertical-align: top; }
"""


def _config_table(run: RunResult) -> str:
    rows = "".join(
        f"<tr><th>{escape(name)}</th><td>{escape(format_value(value))}</td></tr>"
        for name, value in run.config.model_dump(exclude={"machine"}).items()
    )
    machine = ", ".join(f"{k}: {v}" for k, v in run.config.machine.items())
    return f"<table>{rows}<tr><th>machine</th><td>{escape(machine)}</td></tr></table>"


def _summary_table(run: RunResult, groups: dict[str, Metrics]) -> str:
    columns: list[tuple[str, Metrics]] = [("overall", run.overall), *groups.items()]
    head = "".join(f"<th>{escape(name)}</th>" for name, _ in columns)
    rows = []
    for name, field in Metrics.model_fields.items():
        cells = "".join(
            f'<td class="num">{format_value(getattr(m, name))}</td>' for _, m in columns
        )
        rows.append(
            f"<tr><th>{escape(name)}</th>{cells}"
            f'<td class="note">{escape(field.description or "")}</td></tr>'
        )
    return f"<table><tr><th>metric</th>{head}<th>meaning</th></tr>{''.join(rows)}</table>"


def _reading_level(run: RunResult) -> str:
    rows = reading_level_rows(run)
    if not rows:
        return "<p>No answer to measure.</p>"
    head = "".join(f"<th>{escape(cell)}</th>" for cell in rows[0])
    body = "".join(
        f"<tr><th>{escape(row[0])}</th><td>{escape(row[1])}</td>"
        + "".join(f'<td class="num">{escape(cell)}</td>' for cell in row[2:])
        + "</tr>"
        for row in rows[1:]
    )
    return f"""<table><tr>{head}</tr>{body}</table>
<p class="note">Each answer as shown, without its [n] citations and quote marks; refusals are
counted, not measured. English: textstat's Flesch reading ease (higher is easier) and
Flesch-Kincaid grade, syllables from pyphen. Chinese: letters per sentence and the share of Han
characters outside the Ministry of Education's 4,808 常用國字. Thai: letters per space-separated
sentence. Other languages: words per sentence (Vietnamese: syllables).</p>"""


def _gate(run: RunResult, thresholds: Thresholds | None) -> str:
    failures = check_thresholds(run, thresholds)
    if not failures:
        return '<p class="pass">Every threshold in eval/thresholds.toml is met.</p>'
    items = "".join(f"<li>{escape(f)}</li>" for f in failures)
    return f'<p class="fail">Thresholds not met:</p><ul class="fail">{items}</ul>'


def _charts(run: RunResult) -> str:
    languages = list(run.by_language)
    series = {"overall": [getattr(run.overall, m) for m in _RATE_METRICS]}
    for lang in languages:
        series[lang] = [getattr(run.by_language[lang], m) for m in _RATE_METRICS]
    charts = [svg.grouped_bars("Quality metrics (0-1)", _RATE_METRICS, series)]
    k = max(run.overall.k, 1)
    ranks = [q.evidence_rank for q in run.questions if q.answerable and q.evidence]
    labels = [f"rank {r}" for r in range(1, k + 1)] + ["not found"]
    counts = [sum(r == n for r in ranks) for n in range(1, k + 1)] + [ranks.count(None)]
    charts.append(svg.histogram("Rank of the evidence passage", labels, counts))
    for kind in ("retrieval", "total"):
        values = [q.latency_ms[kind] for q in run.questions if kind in q.latency_ms]
        labels, counts = svg.bins(values, _LATENCY_EDGES_MS)
        charts.append(svg.histogram(f"Latency: {kind} (ms)", labels, counts))
    return "".join(f"<figure>{chart}</figure>" for chart in charts)


def _passage_list(q: QuestionResult) -> str:
    items = []
    for p in q.retrieved:
        css = "passage evidence" if p.has_evidence else "passage"
        mark = " — holds the evidence" if p.has_evidence else ""
        items.append(
            f"<li><b>{p.rank}.</b> {escape(p.file_name)}, {escape(p.location)} "
            f"(score {p.score:.4f}){mark}<div class='{css}'>{escape(p.text)}</div></li>"
        )
    return (
        f"<ol style='list-style:none;padding:0'>{''.join(items)}</ol>" if items else "<p>none</p>"
    )


def _failing_question(q: QuestionResult) -> str:
    reasons = "".join(f"<li>{escape(r)}</li>" for r in q.failures)
    facts = "; ".join(
        f"{' / '.join(spellings)} {'✓' if ok else '✗'}"
        for spellings, ok in zip(
            q.expected, q.facts_found or [False] * len(q.expected), strict=True
        )
    )
    citations = "".join(
        f"<li>[{c.n}] {escape(c.document)}, {escape(c.location)}"
        f"{' — holds the evidence' if c.has_evidence else ''}: {escape(c.quote)}</li>"
        for c in q.citations
    )
    judge = (
        f"<p><b>{escape(q.judge.label)}:</b> {format_value(q.judge.score)} "
        f"({q.judge.supported}/{q.judge.claims} claims) {escape(q.judge.detail)}</p>"
        if q.judge
        else ""
    )
    guards = (
        f"<p><b>Guards not passed:</b> {escape('; '.join(q.guard_issues))}</p>"
        if q.guard_issues
        else ""
    )
    latency = ", ".join(f"{k} {v:,.0f} ms" for k, v in q.latency_ms.items())
    return f"""<div class="question" id="{escape(q.id)}">
<h3>{escape(q.id)} <span class="note">({escape(q.category or q.lang)}, {escape(q.lang)},
{escape(q.audience)},
{"answerable" if q.answerable else "unanswerable"})</span></h3>
<p><b>Question:</b> {escape(q.question)}</p>
<ul class="fail">{reasons}</ul>
<p><b>Evidence:</b> {escape(q.evidence or "–")} &nbsp; <b>Key facts:</b> {escape(facts or "–")}</p>
<p><b>Answer</b> ({escape(q.status)}, {escape(q.backend)} {escape(q.model)},
language {escape(q.answer_language)}; {escape(latency)}):</p>
<div class="answer">{escape(q.answer)}</div>
{judge}{guards}
<p><b>Citations:</b></p><ul>{citations or "<li>none</li>"}</ul>
<details><summary>Retrieved passages ({len(q.retrieved)})</summary>{_passage_list(q)}</details>
</div>"""


def _passing_table(questions: list[QuestionResult]) -> str:
    rows = "".join(
        f"<tr><td>{escape(q.id)}</td><td>{escape(q.category)}</td><td>{escape(q.lang)}</td>"
        f"<td>{escape(q.question)}</td>"
        f'<td class="num">{format_value(q.latency_ms.get("total"))}</td></tr>'
        for q in questions
    )
    return (
        "<table><tr><th>id</th><th>category</th><th>lang</th><th>question</th>"
        f"<th>total ms</th></tr>{rows}</table>"
    )


def render_report(run: RunResult, thresholds: Thresholds | None = None) -> str:
    """The report as one HTML string."""
    failing = [q for q in run.questions if not q.passed]
    passing = [q for q in run.questions if q.passed]
    failing_html = "".join(_failing_question(q) for q in failing) or "<p>None.</p>"
    judge_note = (
        "<p class='note'>faithfulness_judge is scored by the local model acting as a judge: "
        "an estimate from a small model, not a verified measurement.</p>"
        if run.config.judge
        else ""
    )
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>ngo-kb evaluation: {escape(Path(run.config.questions_path).name)}</title>
<style>{_CSS}</style></head><body>
<h1>ngo-kb evaluation report</h1>
<p>{run.overall.passed} of {run.overall.questions} questions passed every check
({escape(run.config.mode)} mode, {escape(run.config.started_at)}).</p>
<h2>Quality gate</h2>{_gate(run, thresholds)}
<h2>Summary by question category</h2>{_summary_table(run, run.by_category)}{judge_note}
<p class="note">Categories: zh-TW and en, a question and its document in that language;
cross-language, a Chinese question about an English document or the reverse; other-languages,
a question in neither; unanswerable, the documents do not answer it.</p>
<h2>Summary by question language</h2>{_summary_table(run, run.by_language)}
<h2>Reading level by answer language</h2>{_reading_level(run)}
<h2>Charts</h2>{_charts(run)}
<h2>Failing questions ({len(failing)})</h2>{failing_html}
<h2>Passing questions ({len(passing)})</h2>{_passing_table(passing)}
<h2>Run</h2>{_config_table(run)}
</body></html>
"""


def write_report(run: RunResult, path: Path, thresholds: Thresholds | None = None) -> Path:
    """Write the self-contained HTML report of `run` to `path`."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(render_report(run, thresholds), encoding="utf-8")
    return path
