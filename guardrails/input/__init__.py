"""Guards run on the (already PII-scrubbed) question before retrieval."""
