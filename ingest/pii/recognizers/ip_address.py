"""IPv4 and IPv6 addresses (Presidio's patterns, bounded so they also work inside Chinese)."""

from __future__ import annotations

from presidio_analyzer import Pattern
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
