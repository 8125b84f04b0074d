"""The analyzer's settings, in one frozen object.

:class:`AnalyzerConfig` is what the :class:`~framing.pipeline.Analyzer` constructor stores,
what a report's provenance records, what the CLI's flags build and what a corpus worker
receives to build its own analyzer. A setting is added here once, with its help text, and
every one of those places follows.
"""

from __future__ import annotations

import argparse
import dataclasses
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from framing.errors import ConfigError


def _setting(default: Any, help: str, flag: str | None = None) -> Any:
    """A config field with its help text; ``flag`` names the CLI switch of a boolean that is
    on by default (``--no-...``)."""
    return field(default=default, metadata={"help": help, "flag": flag})


@dataclass(frozen=True)
class AnalyzerConfig:
    """How an :class:`~framing.pipeline.Analyzer` analyzes (see its docstring for each).

    ``lexicon`` is a packaged lexicon name, a ``.jsonl`` path or a :class:`framing.Lexicon`;
    ``model`` a shipped classifier name, a model folder, or ``None`` for lexicon only.
    """

    lexicon: Any = _setting("default", "packaged lexicon name or .jsonl path")
    model: str | Path | None = _setting(
        "default", "shipped classifier name or model folder; 'none' for lexicon only"
    )
    spacy_model: str | None = _setting(None, "spaCy English pipeline (default: first installed)")
    model_terms: bool = _setting(
        True, "do not report loaded words found by the model outside the lexicon",
        flag="--no-model-terms",
    )
    int8: bool = _setting(False, "run the classifier's encoder with dynamic int8 quantisation")
    precision: str = _setting(
        "auto", "encoder precision: auto (bf16 where the CPU or GPU computes it natively, "
        "else fp32), fp32 or bf16")
    device: str = _setting("auto", "where the encoder runs: auto (a CUDA GPU when there is "
                           "one), cpu or cuda")
    sentence_loading: bool = _setting(
        False, "also score each term's rewritten sentence whole (p_neutral, loading_sentence, "
        "loading_p)", flag="--sentence-loading")
    attribution: bool = _setting(
        True, "skip source attribution (sources, cue verbs, unattributed claims)",
        flag="--no-attribution",
    )
    actors: bool = _setting(
        True, "skip the actor step (actors and the labels attached to them)", flag="--no-actors"
    )

    def __post_init__(self) -> None:
        if self.model is not None and not isinstance(self.model, (str, Path)):
            raise ConfigError(
                f"The 'model' parameter of Analyzer must be a model name, a model folder or "
                f"None; got {type(self.model).__name__} instead."
            )
        for name, allowed in (("precision", ("auto", "fp32", "bf16")),
                              ("device", ("auto", "cpu", "cuda"))):
            if getattr(self, name) not in allowed:
                raise ConfigError(
                    f"The '{name}' parameter of Analyzer must be one of {', '.join(allowed)}; "
                    f"got {getattr(self, name)!r} instead."
                )
        for name in ("model_terms", "int8", "attribution", "actors", "sentence_loading"):
            value = getattr(self, name)
            if not isinstance(value, bool):
                raise ConfigError(
                    f"The '{name}' parameter of Analyzer must be True or False; got {value!r} "
                    "instead."
                )

    def replace(self, **changes: Any) -> AnalyzerConfig:
        """A copy with some settings changed."""
        return dataclasses.replace(self, **changes)

    def as_kwargs(self) -> dict[str, Any]:
        """The settings as keyword arguments of :class:`~framing.pipeline.Analyzer`."""
        return {f.name: getattr(self, f.name) for f in dataclasses.fields(self)}


def add_config_flags(parser: argparse.ArgumentParser) -> None:
    """Add the CLI flags of the settings to a sub-command's parser (``--lexicon``,
    ``--model``, ``--no-actors``, ...); :func:`config_from_args` reads them back."""
    for f in dataclasses.fields(AnalyzerConfig):
        if f.name in ("spacy_model", "int8"):  # Python-only settings
            continue
        help_text = f.metadata["help"]
        if f.metadata.get("flag"):
            parser.add_argument(f.metadata["flag"], dest=f.name,
                                action="store_true" if f.default is False else "store_false",
                                help=help_text)
        else:
            parser.add_argument(f"--{f.name.replace('_', '-')}", dest=f.name, default=f.default,
                                help=help_text)


def config_from_args(args: argparse.Namespace) -> AnalyzerConfig:
    """The config a parsed command line asks for (``--model none`` means no classifier)."""
    values: dict[str, Any] = {}
    for f in dataclasses.fields(AnalyzerConfig):
        if hasattr(args, f.name):
            values[f.name] = getattr(args, f.name)
    model = values.get("model")
    if isinstance(model, str) and model.lower() == "none":
        values["model"] = None
    return AnalyzerConfig(**values)
