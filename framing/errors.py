"""Exception classes.

Every error names what was wrong, shows the value received and says how to fix it. Each class
also subclasses the builtin a caller would naturally catch (``ValueError``, ``OSError``...).
"""

from __future__ import annotations


class FramingError(Exception):
    """Base class of every error raised on purpose by framing."""


class InputError(FramingError, ValueError):
    """An article or record cannot be analyzed (empty, not text, not UTF-8, ...)."""


class InputNotFoundError(FramingError, FileNotFoundError):
    """An input path does not exist or is not a file."""


class ConfigError(FramingError, ValueError):
    """A parameter has an invalid value."""


class LexiconError(FramingError, ValueError):
    """A lexicon file is malformed: bad JSON, missing fields, duplicates, unknown categories."""


class LexiconNotFoundError(FramingError, FileNotFoundError):
    """A lexicon name or path cannot be resolved."""


class SpacyModelMissingError(FramingError, OSError):
    """No usable spaCy English pipeline is installed."""
