"""Exemplar data of the guardrails, read by the modules beside them (not measured on)."""
