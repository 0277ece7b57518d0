"""Find personal data in mixed Chinese/English text and replace it with typed placeholders."""

from __future__ import annotations

import string
from collections.abc import Iterable, Iterator, Sequence

import opencc
import regex
from presidio_analyzer import RecognizerResult
from presidio_analyzer.nlp_engine import NlpArtifacts
from pydantic import BaseModel, Field

from ingest.pii.detections import Detection, _overlaps, _repeat_names, _resolve_overlaps
from ingest.pii.engine import get_analyzer
from ingest.pii.hashing import keyed_hash, normalise_value
from ingest.pii.placeholders import PLACEHOLDER_RE, PlaceholderMap
from ingest.pii.public_contacts import is_public_contact
from ingest.pii.public_roles import PublicNames, common_words_taken_for_names, load_public_roles
from ingest.pii.recognizers.zh_person import Strategy
from ingest.pii.registry import ENTITY_TYPES
from ingest.pii.spaced_ids import ID_TYPES, compact_id_runs
from ingest.pii.undated_birth_dates import undated_birth_dates
from kb.language import chinese_script

MIN_SCORE = 0.4
# spaCy refuses texts over 1M characters, and smaller pieces keep memory flat.
_SEGMENT_CHARS = 50_000
# A document's blocks are analysed together in pieces of about this size: one analysis per
# piece instead of one per paragraph (each call has a fixed cost), while the overlap checks,
# which grow with the square of the detections in a piece, stay small.
_PIECE_CHARS = 10_000
# Between two blocks of a piece: a paragraph break, as in the document.
_BLOCK_SEP = "\n\n"
# The blank Chinese pipeline makes one token per character, and every context word of our
# recognisers has two or more characters, so Presidio's context step could never match in the
# `zh` analysis: it gets no tokens at all, which skips the tokeniser and the token bookkeeping.
_NO_TOKENS = NlpArtifacts(
    entities=[], tokens=[], tokens_indices=[], lemmas=[], nlp_engine=None, language="zh"
)
# English names start with a capital: a text without one needs no English analysis, and a line
# without one (Chinese prose, numbers) is blanked too, so the NER reads fewer tokens.
_UPPER = regex.compile(r"[A-Z]")
_NO_UPPER_LINE = regex.compile(r"(?m)^[^A-Z\n]+$")
# Blocks per spaCy batch in the English analysis.
_NER_BATCH = 64
_HAN = regex.compile(r"[\p{Han}\u3000-\u303f\uff00-\uffef]")
# Full-width digits, letters and the symbols of e-mails and phone numbers, mapped one character
# to one character so that offsets hold: "０９１２－３４５－６７８" is found like "0912-345-678".
_FULLWIDTH = str.maketrans(
    {chr(0xFF00 + ord(c) - 0x20): c for c in "0123456789@-+." + string.ascii_letters}
)

# Our Chinese cues are written in Traditional characters; Simplified input is matched on a
# Traditional copy (a character-for-character conversion, so offsets hold).
_TO_TRADITIONAL = opencc.OpenCC("s2tw")


class ScrubResult(BaseModel):
    text: str
    counts: dict[str, int] = Field(default_factory=dict)
    value_hashes: list[str] = Field(default_factory=list)


class Scrubber:
    """Detects PII with Presidio (our zh and en recognisers) and replaces it with placeholders."""

    def __init__(
        self,
        key: bytes,
        allowlist: Iterable[str] = (),
        zh_name_strategy: Strategy = "rules",
        keep_public_contacts: bool = True,
    ) -> None:
        if len(key) < 16:
            raise ValueError("the HMAC key must be at least 16 bytes")
        self._key = key
        names = sorted({a.strip() for a in allowlist if a.strip()}, key=len, reverse=True)
        self._allow_re = (
            regex.compile("|".join(regex.escape(n) for n in names), regex.IGNORECASE)
            if names
            else None
        )
        self._allow_norm = {normalise_value(n) for n in names}
        # Role mailboxes and public service numbers are no personal data (public_contacts.toml).
        self._keep_public_contacts = keep_public_contacts
        self._analyzer = get_analyzer(zh_name_strategy)

    def hash_value(self, value: str) -> str:
        """Keyed HMAC-SHA256 (hex) of the normalised value, as stored in `value_hashes`."""
        return keyed_hash(self._key, value)

    def scrub(self, text: str, placeholders: PlaceholderMap | None = None) -> ScrubResult:
        """Replace every detected value; pass one `PlaceholderMap` for all parts of a document."""
        return self.scrub_many([text], placeholders)[0]

    def scrub_message(self, text: str, placeholders: PlaceholderMap | None = None) -> ScrubResult:
        """A question or note a person writes to us: scrubbed as a document is, and a full date
        that could be their birth date is removed even without a birth cue."""
        return self.scrub_many([text], placeholders, message=True)[0]

    def scrub_answer(self, text: str, public_passages: Sequence[str] = ()) -> ScrubResult:
        """A draft answer: scrubbed as a document is, but a name written in one of
        `public_passages` (chunks of documents published for the public, which keep the names of
        people in a public role and are shown as sources) is kept."""
        detections = [
            d
            for d in self.detect(text)
            if d.entity_type != "PERSON"
            or not any(text[d.start : d.end] in passage for passage in public_passages)
        ]
        return self._replace(text, detections, PlaceholderMap())

    def scrub_many(
        self,
        texts: list[str],
        placeholders: PlaceholderMap | None = None,
        message: bool = False,
        published: bool = False,
    ) -> list[ScrubResult]:
        """Scrub the blocks of one document together, in pieces of about `_PIECE_CHARS`:
        a name found anywhere in the document is replaced in every block, also earlier ones,
        and a value whose cue ends one block ("帳號" / "012-345-678901") is still found. A
        detection never reaches past its block. `published`: a document for the public, where
        people shown in a public role (ingest/pii/public_roles.toml) keep their names."""
        placeholders = placeholders if placeholders is not None else PlaceholderMap()
        pieces = list(_pieces(texts, _PIECE_CHARS))
        joined = [_BLOCK_SEP.join(texts[i:j]) for i, j in pieces]
        raw = [
            self._raw_detect(
                text,
                _BLOCK_SEP.join(_detection_copy(t) for t in texts[i:j]),
                _cuts(texts[i:j]),
                message,
            )
            for (i, j), text in zip(pieces, joined, strict=True)
        ]
        names = set(placeholders.known_names)
        for text, found in zip(joined, raw, strict=True):
            names.update(text[d.start : d.end] for d in found if d.entity_type == "PERSON")
        public = _public_names(joined, raw) if published else PublicNames()
        results: list[ScrubResult] = []
        for (i, j), text, found in zip(pieces, joined, raw, strict=True):
            detections = _without_public(text, self._finish(text, found, names), public)
            placeholders.known_names.update(
                text[d.start : d.end] for d in detections if d.entity_type == "PERSON"
            )
            offset = 0
            for block in texts[i:j]:
                end = offset + len(block)
                inside = [
                    d.model_copy(update={"start": max(d.start, offset) - offset,
                                         "end": min(d.end, end) - offset})
                    for d in detections
                    if d.start < end and offset < d.end
                ]  # fmt: skip
                results.append(self._replace(block, inside, placeholders))
                offset = end + len(_BLOCK_SEP)
        return results

    def _replace(
        self, text: str, detections: list[Detection], placeholders: PlaceholderMap
    ) -> ScrubResult:
        out: list[str] = []
        counts: dict[str, int] = {}
        hashes: dict[str, None] = {}
        cursor = 0
        for det in detections:
            value = text[det.start : det.end]
            value_hash = self.hash_value(value)
            out.append(text[cursor : det.start])
            out.append(placeholders.placeholder(det.entity_type, value_hash))
            counts[det.entity_type] = counts.get(det.entity_type, 0) + 1
            hashes[value_hash] = None
            cursor = det.end
        out.append(text[cursor:])
        return ScrubResult(text="".join(out), counts=counts, value_hashes=list(hashes))

    def detect(
        self, text: str, known_names: Iterable[str] = (), published: bool = False
    ) -> list[Detection]:
        """Non-overlapping detections, sorted by position, after the allowlist. `known_names`
        (found earlier in the same document) are searched for as well; `published`: as in a
        document for the public (people shown in a public role are no detections)."""
        raw = self._raw_detect(text)
        public = _public_names([text], [raw]) if published else PublicNames()
        return _without_public(text, self._finish(text, raw, known_names), public)

    def _raw_detect(
        self,
        text: str,
        copy: str | None = None,
        cuts: tuple[int, ...] = (),
        message: bool = False,
    ) -> list[Detection]:
        """What the recognisers find, less allowed values and public contact points. `copy` is
        the detection copy of `text` (made here when None); `cuts` are the offsets where a
        block separator starts, so that English NER reads each block on its own, as it would
        alone; `message`: a person's own message, where full dates count as birth dates."""
        found: list[Detection] = []
        copy = _detection_copy(text) if copy is None else copy
        for offset, segment in _segments(copy, _SEGMENT_CHARS):
            inside = tuple(c - offset for c in cuts if offset <= c < offset + len(segment))
            found.extend(
                Detection(
                    start=d.start + offset,
                    end=d.end + offset,
                    entity_type=d.entity_type,
                    score=d.score,
                )
                for d in self._detect_segment(segment, inside)
            )
        if message:
            found.extend(
                Detection(start=start, end=end, entity_type="DATE_OF_BIRTH", score=MIN_SCORE)
                for start, end in undated_birth_dates(copy)
            )
        return self._drop_public_contacts(text, self._drop_allowed(text, found))

    def _finish(
        self, text: str, found: list[Detection], known_names: Iterable[str]
    ) -> list[Detection]:
        """Add the repeats of names found elsewhere, then resolve overlaps."""
        repeats = self._drop_allowed(text, _repeat_names(text, found, known_names))
        found = _resolve_overlaps(found + repeats)
        return sorted(found, key=lambda d: d.start)

    def _detect_segment(self, text: str, cuts: tuple[int, ...] = ()) -> list[Detection]:
        results = self._analyzer.analyze(
            text=text,
            language="zh",
            entities=list(ENTITY_TYPES),
            score_threshold=MIN_SCORE,
            nlp_artifacts=_NO_TOKENS,
        )
        # English NER sees the text with Chinese and existing placeholders blanked out
        # (same length, so offsets hold): faster, and no names invented from Chinese.
        masked = _HAN.sub(" ", PLACEHOLDER_RE.sub(lambda m: " " * len(m.group()), text))
        masked = _NO_UPPER_LINE.sub(lambda m: " " * len(m.group()), masked)
        results += self._english_names(masked, cuts)
        detections = [
            Detection(start=r.start, end=r.end, entity_type=r.entity_type, score=r.score)
            for r in results
        ]
        detections += self._spaced_ids(text)
        taken = [m.span() for m in PLACEHOLDER_RE.finditer(text)]
        return [d for d in detections if not any(_overlaps(d, s, e) for s, e in taken)]

    def _english_names(self, masked: str, cuts: tuple[int, ...]) -> list[RecognizerResult]:
        """The English analysis, block by block (the blocks' NER runs as one spaCy batch), and
        only on blocks with a capital letter."""
        blocks = []
        start = 0
        for cut in (*cuts, len(masked)):
            if _UPPER.search(masked, start, cut):
                blocks.append((start, masked[start:cut]))
            start = cut + len(_BLOCK_SEP)
        engine = self._analyzer.nlp_engine
        batch = engine.process_batch([b for _, b in blocks], "en", batch_size=_NER_BATCH)
        results: list[RecognizerResult] = []
        for (offset, block), (_, artifacts) in zip(blocks, batch, strict=True):
            for r in self._analyzer.analyze(
                text=block,
                language="en",
                entities=["PERSON"],
                score_threshold=MIN_SCORE,
                nlp_artifacts=artifacts,
            ):
                r.start, r.end = r.start + offset, r.end + offset
                results.append(r)
        return results

    def _spaced_ids(self, text: str) -> list[Detection]:
        """IDs with spaces or dashes inside, found on a compact copy and mapped back."""
        compact = compact_id_runs(text)
        if compact is None:
            return []
        copy, origin = compact
        results = self._analyzer.analyze(
            text=copy,
            language="zh",
            entities=list(ID_TYPES),
            score_threshold=MIN_SCORE,
            nlp_artifacts=_NO_TOKENS,
        )
        return [
            Detection(
                start=origin[r.start],
                end=origin[r.end - 1] + 1,
                entity_type=r.entity_type,
                score=r.score,
            )  # fmt: skip
            for r in results
        ]

    def _drop_public_contacts(self, text: str, found: list[Detection]) -> list[Detection]:
        if not self._keep_public_contacts:
            return found
        return [d for d in found if not is_public_contact(d.entity_type, text[d.start : d.end])]

    def _drop_allowed(self, text: str, found: list[Detection]) -> list[Detection]:
        if self._allow_re is None:
            return found
        allowed = [m.span() for m in self._allow_re.finditer(text)]
        kept = []
        for d in found:
            if normalise_value(text[d.start : d.end]) in self._allow_norm:
                continue
            if d.entity_type == "PERSON" and any(_overlaps(d, s, e) for s, e in allowed):
                continue
            kept.append(d)
        return kept


def _public_names(texts: list[str], found: list[list[Detection]]) -> PublicNames:
    """What a published document keeps of its person detections: the names a rule of
    public_roles.toml shows in a public role, and one-word ones that are its own prose words."""
    roles = load_public_roles()
    kept: list[str] = []
    mentions: list[str] = []
    for text, detections in zip(texts, found, strict=True):
        spans = [(d.start, d.end) for d in detections if d.entity_type == "PERSON"]
        mentions.extend(text[s:e] for s, e in spans)
        kept.extend(roles.public_names(text, spans))
    return PublicNames([*kept, *common_words_taken_for_names(texts, mentions)])


def _without_public(text: str, found: list[Detection], public: PublicNames) -> list[Detection]:
    if not public:
        return found
    return [
        d for d in found if d.entity_type != "PERSON" or not public.covers(text[d.start : d.end])
    ]


def _detection_copy(text: str) -> str:
    """`text` with full-width ASCII made ASCII and Simplified characters made Traditional,
    always the same length as `text`."""
    text = text.translate(_FULLWIDTH)
    # Only for Simplified text: converting Traditional text would turn surnames such as 余, 范
    # or 于 into 餘, 範, 於.
    if not _HAN.search(text) or chinese_script(text) != "zh-CN":
        return text
    folded = _TO_TRADITIONAL.convert(text)
    return folded if len(folded) == len(text) else text


def _cuts(texts: list[str]) -> tuple[int, ...]:
    """Where each separator starts when `texts` are joined with `_BLOCK_SEP`."""
    cuts, offset = [], 0
    for text in texts[:-1]:
        offset += len(text)
        cuts.append(offset)
        offset += len(_BLOCK_SEP)
    return tuple(cuts)


def _pieces(texts: list[str], limit: int) -> Iterator[tuple[int, int]]:
    """Index ranges of consecutive texts whose joined length stays within `limit` (a longer
    text is a piece of its own)."""
    start, size = 0, 0
    for i, text in enumerate(texts):
        if i > start and size + len(_BLOCK_SEP) + len(text) > limit:
            yield start, i
            start, size = i, 0
        size += (len(_BLOCK_SEP) if i > start else 0) + len(text)
    if texts:
        yield start, len(texts)


_BREAKS = regex.compile(r"[。！？；\n]|[.!?;]\s")
_SOFT_BREAKS = regex.compile(r"[，、]|,\s|\s\s")


def _segments(text: str, limit: int) -> Iterator[tuple[int, str]]:
    """Pieces of at most `limit` characters, cut after a line or sentence end where possible,
    so that no value is split between two pieces."""
    start = 0
    while len(text) - start > limit:
        window = text[start + limit // 2 : start + limit]
        ends = [m.end() for m in _BREAKS.finditer(window)] or [
            m.end() for m in _SOFT_BREAKS.finditer(window)
        ]
        cut = start + limit // 2 + ends[-1] if ends else start + limit
        yield start, text[start:cut]
        start = cut
    yield start, text[start:]
