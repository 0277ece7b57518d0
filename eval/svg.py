"""Small inline SVG charts for the HTML report: no plotting library, no external resource.

The SVG is meant to sit inside an HTML5 page, which needs no XML namespace declaration.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from html import escape

_COLOURS = ("#3465a4", "#e07b00", "#4e9a06", "#75507b", "#c4a000", "#cc0000")
_FONT = 'font-family="sans-serif" font-size="11"'


def _text(x: float, y: float, text: str, anchor: str = "start", extra: str = "") -> str:
    return (
        f'<text x="{x:.1f}" y="{y:.1f}" text-anchor="{anchor}" {_FONT} {extra}>'
        f"{escape(text)}</text>"
    )


def _svg(width: int, height: int, title: str, body: list[str]) -> str:
    return (
        f'<svg width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" role="img" aria-label="{escape(title)}">'
        f"<title>{escape(title)}</title>"
        + _text(width / 2, 16, title, "middle", 'font-weight="bold"')
        + "".join(body)
        + "</svg>"
    )


def grouped_bars(
    title: str,
    categories: Sequence[str],
    series: Mapping[str, Sequence[float | None]],
    max_value: float = 1.0,
) -> str:
    """Vertical bars, one group per category and one bar per series; None draws no bar."""
    plot_h, group_w, left, top = 180, 24 + 16 * len(series), 36, 44
    width = left + group_w * len(categories) + 10
    height = top + plot_h + 70
    body = []
    for tick in (0.0, 0.25, 0.5, 0.75, 1.0):
        y = top + plot_h * (1 - tick)
        body.append(
            f'<line x1="{left}" x2="{width - 10}" y1="{y:.1f}" y2="{y:.1f}" stroke="#ddd"/>'
        )
        body.append(_text(left - 4, y + 4, f"{tick * max_value:g}", "end"))
    for c, category in enumerate(categories):
        x0 = left + c * group_w + 12
        for s, values in enumerate(series.values()):
            value = values[c]
            if value is None:
                continue
            h = plot_h * max(0.0, min(value / max_value, 1.0))
            x = x0 + s * 16
            body.append(
                f'<rect x="{x}" y="{top + plot_h - h:.1f}" width="14" height="{h:.1f}" '
                f'fill="{_COLOURS[s % len(_COLOURS)]}"><title>{escape(category)}: '
                f"{value:.3f}</title></rect>"
            )
        label_x = x0 + 8 * len(series)
        body.append(
            _text(
                label_x,
                top + plot_h + 12,
                category,
                "end",
                f'transform="rotate(-35 {label_x} {top + plot_h + 12})"',
            )
        )
    for s, name in enumerate(series):
        x = left + 90 * s
        body.append(
            f'<rect x="{x}" y="24" width="10" height="10" fill="{_COLOURS[s % len(_COLOURS)]}"/>'
        )
        body.append(_text(x + 14, 33, name))
    return _svg(width, height, title, body)


def histogram(title: str, labels: Sequence[str], counts: Sequence[int], unit: str = "") -> str:
    """Horizontal bars, one per labelled bin, with its count written beside it."""
    row_h, left, top, bar_w = 20, 110, 30, 300
    height = top + row_h * len(labels) + 10
    largest = max(counts, default=0) or 1
    body = []
    for i, (label, count) in enumerate(zip(labels, counts, strict=True)):
        y = top + i * row_h
        w = bar_w * count / largest
        body.append(_text(left - 6, y + 13, label, "end"))
        body.append(
            f'<rect x="{left}" y="{y + 2}" width="{w:.1f}" height="{row_h - 6}" '
            f'fill="{_COLOURS[0]}"/>'
        )
        body.append(_text(left + w + 4, y + 13, f"{count}{unit}"))
    return _svg(left + bar_w + 60, height, title, body)


def bins(values: Sequence[float], edges: Sequence[float]) -> tuple[list[str], list[int]]:
    """Counts of values in [edge_i, edge_i+1), the last bin open-ended, with readable labels."""
    labels = [f"{lo:g}-{hi:g}" for lo, hi in zip(edges, edges[1:], strict=False)]
    labels.append(f"≥ {edges[-1]:g}")
    counts = [0] * len(labels)
    for value in values:
        index = sum(value >= edge for edge in edges[1:])
        counts[index] += 1
    return labels, counts
