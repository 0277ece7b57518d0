"""Typed, numbered placeholders, consistent within one document."""

from __future__ import annotations

from kb.schema import PLACEHOLDER_RE

__all__ = ["LABELS", "PLACEHOLDER_RE", "PlaceholderMap", "entity_of"]

# Shorter labels where the entity name is long; the rest use the entity name itself.
LABELS = {"TW_NATIONAL_ID": "TW_ID", "DATE_OF_BIRTH": "DOB", "IP_ADDRESS": "IP"}
_ENTITY_OF_LABEL = {label: entity for entity, label in LABELS.items()}


def entity_of(placeholder: str) -> str:
    """The entity type a placeholder stands for: "<TW_ID_2>" -> "TW_NATIONAL_ID"."""
    label = placeholder[1:-1].rsplit("_", 1)[0]
    return _ENTITY_OF_LABEL.get(label, label)


class PlaceholderMap:
    """One per document: the same value (by its keyed hash) keeps the same placeholder."""

    def __init__(self) -> None:
        self._by_hash: dict[tuple[str, str], str] = {}
        self._counters: dict[str, int] = {}
        # Names found so far in this document, so a later block's bare mention is found too.
        # Memory only, for the life of one document; never serialised.
        self.known_names: set[str] = set()

    def placeholder(self, entity_type: str, value_hash: str) -> str:
        key = (entity_type, value_hash)
        if key not in self._by_hash:
            label = LABELS.get(entity_type, entity_type)
            self._counters[label] = self._counters.get(label, 0) + 1
            self._by_hash[key] = f"<{label}_{self._counters[label]}>"
        return self._by_hash[key]

    def __len__(self) -> int:
        return len(self._by_hash)
