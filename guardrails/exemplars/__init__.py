"""Exemplar data of the guardrails, read by the modules beside them (copies, never eval/ files).

attacks.jsonl and benign.jsonl are the injection detector's examples (ids of their eval/ sources
kept); benign_multilingual.jsonl is written for it and is no eval set's copy.
"""
