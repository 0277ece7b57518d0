"""The `ngo-kb eval` and `ngo-kb pii` commands; evaluation code is imported inside each command."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from kb.schema import Audience
from ui.cli_options import DataDir, _settings

eval_app = typer.Typer(no_args_is_help=True, help="Evaluate answers and guardrails.")
pii_app = typer.Typer(no_args_is_help=True, help="Personal-data scrubber tools.")


# --- eval ----------------------------------------------------------------------------------


@eval_app.command("run")
def eval_run(
    questions: Annotated[Path, typer.Argument(help="A question set (JSON lines).")],
    out: Annotated[Path | None, typer.Option(help="Where to save the run (JSON).")] = None,
    mode: Annotated[str, typer.Option(help="auto (LLM) or extractive.")] = "auto",
    audience: Annotated[Audience, typer.Option()] = Audience.STAFF,
    judge: Annotated[bool, typer.Option(help="Local-model faithfulness judge (slow).")] = False,
    part: Annotated[
        str | None, typer.Option(help="tuning or blind: one part of the committed split.")
    ] = None,
    split: Annotated[
        Path | None, typer.Option(help="The split file (default eval/questions/dev-split.json).")
    ] = None,
    data_dir: DataDir = None,
) -> None:
    """Answer and score a question set; prints the metrics and saves the run."""
    from eval.commands import run_command

    if mode not in ("auto", "extractive"):
        raise typer.BadParameter("mode must be auto or extractive")
    if part not in (None, "tuning", "blind"):
        raise typer.BadParameter("part must be tuning or blind")
    code = run_command(
        questions,
        data_dir,
        out,
        mode,  # type: ignore[arg-type]
        audience,
        judge,
        part,  # type: ignore[arg-type]
        split,
    )
    raise typer.Exit(code)


@eval_app.command("parts")
def eval_parts(
    run_path: Annotated[Path, typer.Argument(help="A saved run (JSON).")],
    split: Annotated[Path | None, typer.Option(help="The split file.")] = None,
) -> None:
    """Show a run's metrics on the tuning and the blind part of the split, per category."""
    from eval.commands import parts_command

    raise typer.Exit(parts_command(run_path, split))


@eval_app.command("compare")
def eval_compare(a: Path, b: Path) -> None:
    """Show two saved runs side by side."""
    from eval.commands import compare_command

    raise typer.Exit(compare_command(a, b))


@eval_app.command("report")
def eval_report(
    run_path: Annotated[Path, typer.Argument(help="A saved run (JSON).")],
    out: Annotated[Path | None, typer.Option(help="HTML file to write.")] = None,
) -> None:
    """Write one self-contained HTML report for a run."""
    from eval.commands import report_command

    raise typer.Exit(report_command(run_path, out))


@eval_app.command("check")
def eval_check(
    run_path: Annotated[Path, typer.Argument(help="A saved run (JSON).")],
    thresholds: Annotated[Path | None, typer.Option(help="Thresholds TOML.")] = None,
) -> None:
    """Fail when a run breaks a threshold of eval/thresholds.toml."""
    from eval.commands import check_command

    raise typer.Exit(check_command(run_path, thresholds))


@eval_app.command("guardrails")
def eval_guardrails(
    out_dir: Annotated[Path, typer.Option(help="Report directory.")] = Path("eval-runs/guardrails"),
    full: Annotated[
        bool, typer.Option(help="Also run the suite through the whole pipeline.")
    ] = False,
    mode: Annotated[str, typer.Option(help="auto (LLM) or extractive, with --full.")] = "auto",
    limit: Annotated[int | None, typer.Option(help="At most this many cases per family.")] = None,
    parts: Annotated[
        str, typer.Option(help="With --full: which families, comma-separated.")
    ] = "injection,baits,bias_pairs",
    benign_questions: Annotated[
        list[Path] | None,
        typer.Option(
            exists=True, dir_okay=False, help="More benign questions: JSON lines with `question`."
        ),
    ] = None,
    data_dir: DataDir = None,
) -> None:
    """Run the adversarial suite (injection, baits, bias pairs) and write a report."""
    from eval.guardrails_suite import guardrails_eval, render_markdown

    report = guardrails_eval(
        _settings(data_dir),
        out_dir,
        full=full,
        mode=mode,
        limit=limit,  # type: ignore[arg-type]
        parts=tuple(part.strip() for part in parts.split(",") if part.strip()),
        progress=lambda line: typer.echo(line, err=True),
        extra_benign=tuple(benign_questions or ()),
    )
    typer.echo(render_markdown(report))


# --- pii -----------------------------------------------------------------------------------


@pii_app.command("eval")
def pii_eval(
    dataset: Annotated[Path | None, typer.Argument(help="Labelled JSON lines.")] = None,
    by_split: Annotated[
        bool, typer.Option("--by-split", help="Also each split, per kind and per language.")
    ] = False,
    published: Annotated[
        bool,
        typer.Option(
            "--published",
            help="Read each sentence as in a document for the public, where people shown in a "
            "public role keep their names.",
        ),
    ] = False,
) -> None:
    """Precision, recall and F2 per entity type on the labelled set, and characters/second."""
    from eval.pii_eval import (
        DEFAULT_DATASET,
        acceptance_failures,
        evaluate,
        format_by_language,
        format_report,
        load_dataset,
    )

    path = dataset or DEFAULT_DATASET
    report = evaluate(path, published=published)
    typer.echo(format_report(report))
    splits = sorted({s.split for s in load_dataset(path)}) if by_split else []
    for split in splits:
        part = evaluate(path, splits=(split,), published=published)
        typer.echo(f"\n== split {split} ==\n{format_report(part)}\n\n{format_by_language(part)}")
    failures = acceptance_failures(report)
    for failure in failures:
        typer.echo(f"FAIL {failure}")
    raise typer.Exit(1 if failures else 0)
