"""The import layers (pyproject.toml [tool.importlinter], docs/architecture.md) hold and fail."""

from __future__ import annotations

import ast
import os
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PACKAGES = ("kb", "ingest", "guardrails", "ui", "eval", "bench")
PRODUCTION = ("kb", "ingest", "guardrails")
LINT_IMPORTS = Path(sys.executable).with_name("lint-imports")  # the test extra installs it


def lint_imports(root: Path) -> subprocess.CompletedProcess[str]:
    """`lint-imports` over the packages under `root` (its cwd comes first on the path)."""
    env = {**os.environ, "PYTHONPATH": str(root)}
    return subprocess.run(
        [str(LINT_IMPORTS), "--no-cache", "--no-logo"],
        cwd=root, env=env, capture_output=True, text=True, timeout=120,
    )  # fmt: skip


def test_the_import_contracts_hold() -> None:
    run = lint_imports(ROOT)
    assert run.returncode == 0, run.stdout + run.stderr
    assert "0 broken" in run.stdout


def test_a_wrong_way_import_breaks_the_contracts(tmp_path: Path) -> None:
    # A copy of the packages' Python files and the contracts, plus one import from guardrails up
    # into the CLI: the same check must fail and name that import.
    for package in PACKAGES:
        for source in (ROOT / package).rglob("*.py"):
            target = tmp_path / source.relative_to(ROOT)
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(source, target)
    shutil.copyfile(ROOT / "pyproject.toml", tmp_path / "pyproject.toml")
    assert lint_imports(tmp_path).returncode == 0  # the copy alone is as clean as the tree
    module = tmp_path / "guardrails" / "sentences.py"
    module.write_text(module.read_text(encoding="utf-8") + "\nimport ui.cli  # noqa\n", "utf-8")
    run = lint_imports(tmp_path)
    assert run.returncode != 0
    assert "Production code imports no ui, eval or bench BROKEN" in run.stdout
    assert "Layers: each imports only the layers below it BROKEN" in run.stdout
    assert "guardrails.sentences -> ui.cli" in run.stdout


def test_the_cli_imports_eval_only_inside_its_commands() -> None:
    # The contract's ignored ui.cli_eval -> eval imports are allowed because they run only when
    # an eval command does: the web app and every other command never load evaluation code.
    for name in ("cli.py", "cli_eval.py"):
        tree = ast.parse((ROOT / "ui" / name).read_text(encoding="utf-8"))
        top_level = [
            node.module
            for node in tree.body
            if isinstance(node, ast.ImportFrom) and (node.module or "").split(".")[0] == "eval"
        ] + [
            alias.name
            for node in tree.body
            if isinstance(node, ast.Import)
            for alias in node.names
            if alias.name.split(".")[0] == "eval"
        ]
        assert top_level == [], name


def test_production_code_names_no_path_under_eval() -> None:
    # Production code reads no file under eval/: no string in it is a path segment "eval" or
    # starts with "eval/" (guardrails keep their own examples in guardrails/exemplars/).
    found = []
    for package in PRODUCTION:
        for source in sorted((ROOT / package).rglob("*.py")):
            for node in ast.walk(ast.parse(source.read_text(encoding="utf-8"))):
                if isinstance(node, ast.Constant) and isinstance(node.value, str):
                    if node.value == "eval" or node.value.startswith("eval/"):
                        found.append(f"{source.relative_to(ROOT)}:{node.lineno}")
    assert found == []
