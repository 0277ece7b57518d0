"""PII detection and scrubbing for Chinese and English text (Presidio plus our recognisers)."""

from ingest.pii.detections import Detection
from ingest.pii.engine import nlp_mode
from ingest.pii.keys import load_scrubber
from ingest.pii.placeholders import PlaceholderMap
from ingest.pii.scrubber import Scrubber, ScrubResult

__all__ = ["Detection", "PlaceholderMap", "ScrubResult", "Scrubber", "load_scrubber", "nlp_mode"]
