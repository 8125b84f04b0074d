"""The analyzer's settings live in one frozen AnalyzerConfig: constructor, CLI, workers."""

from __future__ import annotations

import dataclasses

import pytest

import framing
from framing.cli import build_parser
from framing.config import AnalyzerConfig, config_from_args


def test_the_constructor_stores_a_frozen_config():
    an = framing.Analyzer(model=None, actors=False)
    assert an.config == AnalyzerConfig(model=None, actors=False)
    assert an.model is None and an.actors is False
    with pytest.raises(dataclasses.FrozenInstanceError):
        an.config.actors = True  # type: ignore[misc]
    assert framing.Analyzer.from_config(an.config).config == an.config


def test_bad_settings_are_named():
    with pytest.raises(framing.ConfigError, match="'actors' parameter.*True or False.*'yes'"):
        framing.Analyzer(actors="yes")  # type: ignore[arg-type]


@pytest.mark.parametrize("command", [["analyze", "a.txt"], ["score", "in.csv", "-o", "out"]])
def test_both_commands_build_the_config_from_the_same_flags(command):
    args = build_parser().parse_args([*command, "--model", "none", "--no-actors",
                                      "--no-attribution", "--no-model-terms",
                                      "--lexicon", "my.jsonl"])
    assert config_from_args(args) == AnalyzerConfig(
        lexicon="my.jsonl", model=None, model_terms=False, attribution=False, actors=False
    )
    assert config_from_args(build_parser().parse_args(command)) == AnalyzerConfig()


def test_provenance_records_the_settings(analyzer):
    config = analyzer.provenance()["config"]
    assert config["model_terms"] is False  # no classifier: no model-found terms
    assert config["attribution"] is not None and config["actors"] is not None
