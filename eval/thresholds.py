"""Quality gates: the minimum and maximum metric values a run must meet (`ngo-kb eval check`)."""

from __future__ import annotations

import tomllib
from pathlib import Path

from pydantic import BaseModel, Field, model_validator

from eval.results import Metrics, RunResult

DEFAULT_THRESHOLDS = Path(__file__).with_name("thresholds.toml")


class Bounds(BaseModel):
    min: dict[str, float] = Field(default_factory=dict)
    max: dict[str, float] = Field(default_factory=dict)

    @model_validator(mode="after")
    def _known_metrics(self) -> Bounds:
        unknown = sorted((set(self.min) | set(self.max)) - set(Metrics.model_fields))
        if unknown:
            raise ValueError(f"unknown metrics in thresholds: {', '.join(unknown)}")
        return self


class Thresholds(BaseModel):
    """Bounds per answer mode ("auto", "extractive"), as written in thresholds.toml."""

    modes: dict[str, Bounds]


def load_thresholds(path: Path | None = None) -> Thresholds:
    """Read thresholds (default: eval/thresholds.toml); an unknown metric name is an error."""
    data = tomllib.loads(Path(path or DEFAULT_THRESHOLDS).read_text(encoding="utf-8"))
    return Thresholds(modes=data)


def check_thresholds(run: RunResult, thresholds: Thresholds | None = None) -> list[str]:
    """Every bound the run's overall metrics break, in words; empty when the run passes.

    A bounded metric the run did not measure (None) is a failure: a gate must not pass unseen.
    """
    thresholds = thresholds or load_thresholds()
    bounds = thresholds.modes.get(run.config.mode)
    if bounds is None:
        return [f"no thresholds for mode {run.config.mode!r}"]
    failures = []
    for kind, limits in (("min", bounds.min), ("max", bounds.max)):
        for name, limit in sorted(limits.items()):
            value = getattr(run.overall, name)
            if value is None:
                failures.append(f"{name}: not measured (needs {kind} {limit:g})")
            elif (kind == "min" and value < limit) or (kind == "max" and value > limit):
                sign = "<" if kind == "min" else ">"
                shown = f"{value:.3g}" if abs(value) < 1000 else f"{value:.0f}"
                failures.append(f"{name}: {shown} {sign} {limit:g} ({kind})")
    return failures
