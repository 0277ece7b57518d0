"""IPv4 and IPv6 addresses (Presidio's patterns, bounded so they also work inside Chinese)."""

from __future__ import annotations

import regex
from presidio_analyzer import Pattern, RecognizerResult
from presidio_analyzer.nlp_engine import NlpArtifacts
from presidio_analyzer.predefined_recognizers import IpRecognizer as PresidioIpRecognizer

from ingest.pii.recognizers._common import FLAGS


def _ascii_bounded(pattern: Pattern) -> Pattern:
    # Presidio bounds with \b and \w, which treat Han characters as word characters.
    text = pattern.regex.replace(r"[\w:]", r"[A-Za-z0-9_:]")
    if text.startswith(r"\b"):
        text = r"(?<![A-Za-z0-9.])" + text[2:]
    if text.endswith(r"\b"):
        text = text[:-2] + r"(?![A-Za-z0-9]|\.[0-9])"
    return Pattern(pattern.name, text, pattern.score)


# "5.2.2.1 GiveDirectly" at the start of a line is a section number, not a host.
_SECTION_NUMBER = regex.compile(r"(?:[0-9]|[12][0-9]|3[01])(?:\.(?:[0-9]|[12][0-9]|3[01])){3}")


class IpAddressRecognizer(PresidioIpRecognizer):
    PATTERNS = [_ascii_bounded(p) for p in PresidioIpRecognizer.PATTERNS if p.score >= 0.5]
    CONTEXT = ["ip", "ipv4", "ipv6", "位址", "IP位址", "登入", "連線"]

    def __init__(
        self, supported_language: str = "zh", supported_entity: str = "IP_ADDRESS"
    ) -> None:
        super().__init__(
            patterns=self.PATTERNS,
            context=self.CONTEXT,
            supported_language=supported_language,
            supported_entity=supported_entity,
            name=f"IpAddressRecognizer_{supported_language}",
        )
        self.global_regex_flags = FLAGS

    def analyze(
        self,
        text: str,
        entities: list[str],
        nlp_artifacts: NlpArtifacts | None = None,
        regex_flags: int | None = None,
    ) -> list[RecognizerResult]:
        results = super().analyze(text, entities, nlp_artifacts, regex_flags)
        return [r for r in results if not _is_heading_number(text, r.start, r.end)]


def _is_heading_number(text: str, start: int, end: int) -> bool:
    line_start = text.rfind("\n", 0, start) + 1
    return (
        not text[line_start:start].strip(" \t#")
        and _SECTION_NUMBER.fullmatch(text[start:end]) is not None
        and text[end : end + 1] in (" ", "\t", "")
    )
