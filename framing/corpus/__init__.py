"""Corpus scoring: streaming readers for CSV/JSONL/Parquet/datasets/txt, atomic parts,
workers (process pool or Dask), merged tables.

May import: anything but evaluation and the CLI.
"""
