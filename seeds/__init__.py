"""Team-written seed data shipped with the package as ``framing.seeds``.

Lexicons, cue lists and example articles live here as plain data files; code reads them
through :mod:`importlib.resources`, never through paths built from ``__file__``.
"""
