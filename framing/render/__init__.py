"""Renderings of reports: text, Markdown, the annotated HTML page, tables (DataFrames and
rows), the corpus dashboard.

May import: records, errors, categories; never stages, corpus or evaluation.
"""
