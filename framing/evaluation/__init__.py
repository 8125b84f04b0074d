"""Evaluation only: dataset readers for the evaluation sets, the model, PTC, attribution
and actor evaluations. Imported by scripts and tests only.

May import: anything in framing but the CLI.
"""
