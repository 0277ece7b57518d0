"""English names after a title or a form label ("Mr. Chen", "Client: Mary Lee"): works without
the spaCy model, and catches names the small model misses."""

from __future__ import annotations

from presidio_analyzer import Pattern, PatternRecognizer

from ingest.pii.recognizers._common import FLAGS
from ingest.pii.recognizers._names import LATIN_WORD, NOT_BEFORE_LATIN, PARTICLE

_NAME = r"[A-Z][a-z'’\-]+(?:\s(?:[A-Z]\.\s)?[A-Z][a-z'’\-]+){0,2}"
_TITLE = r"(?<![A-Za-z])(?:Mr|Mrs|Ms|Miss|Mx|Dr|Prof|Rev|Sr|Fr)\.?\s"
_LABEL = (
    r"(?<![A-Za-z])(?:Name|Client|Volunteer|Caseworker|Case worker|Social worker|Contact|"
    r"Emergency contact|Guardian|Mother|Father|Applicant|Signed|Signature|Recorded by|Attendees?|"
    r"Absent|Present|Chair|Minutes by|Reporter)\s?[:：]\s?"
)


# A role word of case notes right before a full name ("the client Siti Rahayu"): two to four
# capitalised words and name particles, accents allowed, since the small NER misses many
# non-English names.
_ROLE = (
    r"(?<![A-Za-z])(?:[Cc]lient|[Ww]orker|[Cc]aregiver|[Cc]arer|[Ee]mployee|[Aa]pplicant|"
    r"[Tt]enant|[Pp]atient|[Dd]omestic helper|[Hh]elper)\s"
)
_FULL_NAME = rf"(?:{LATIN_WORD})(?: (?:{PARTICLE} )?(?:{LATIN_WORD})){{1,3}}{NOT_BEFORE_LATIN}"
_GREETING = r"(?<![A-Za-z])(?:Dear|Hi|Hello|Client|Volunteer|Attn\.?|Thanks,|Regards,)\s"


class EnglishTitledPersonRecognizer(PatternRecognizer):
    PATTERNS = [
        Pattern("title_name", rf"(?<={_TITLE}){_NAME}", 0.7),
        Pattern("label_name", rf"(?<={_LABEL}){_NAME}", 0.6),
        Pattern("role_name", rf"(?<={_ROLE}){_FULL_NAME}", 0.6),
        Pattern("greeting_name", rf"(?<={_GREETING})[A-Z][a-z'’\-]+\s[A-Z][a-z'’\-]+", 0.6),
    ]
    CONTEXT = ["name", "client", "volunteer"]

    def __init__(self, supported_language: str = "en", supported_entity: str = "PERSON") -> None:
        super().__init__(
            supported_entity=supported_entity,
            patterns=self.PATTERNS,
            context=self.CONTEXT,
            supported_language=supported_language,
            name=f"EnglishTitledPersonRecognizer_{supported_language}",
            global_regex_flags=FLAGS,
        )
