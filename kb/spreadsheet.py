"""CSV cells that a spreadsheet opens as text: formula injection (OWASP "CSV injection")."""

from __future__ import annotations

from collections.abc import Iterable

# A spreadsheet runs a cell that starts with one of these as a formula (=HYPERLINK(...) leaks
# data, =cmd|... runs programs); a leading single quote makes it plain text.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_safe(value: object) -> object:
    """The value, with a single quote in front when it is text starting like a formula."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def spreadsheet_safe_row(values: Iterable[object]) -> list[object]:
    """Every cell of a CSV row passed through `spreadsheet_safe`."""
    return [spreadsheet_safe(value) for value in values]
