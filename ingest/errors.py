"""The one error type a loader raises: a file name and a one-line reason, safe to show and log."""

from __future__ import annotations

# The reason given when a parser runs out of memory (the upload worker words it with its limit).
OUT_OF_MEMORY = "document too large to parse in memory"


class IngestError(Exception):
    """A document could not be ingested. `reason` never holds the document's content."""

    def __init__(self, file_name: str, reason: str) -> None:
        self.file_name = file_name
        self.reason = reason
        super().__init__(f"{file_name}: {reason}")

    def __str__(self) -> str:
        return f"{self.file_name}: {self.reason}"

    def __reduce__(self) -> tuple[type[IngestError], tuple[str, str]]:
        return (IngestError, (self.file_name, self.reason))
