"""One Presidio recogniser per module; `ingest.pii.registry` composes them per language."""
