"""The actor rules: the word lists of ``seeds/actors.json`` and the country table as
:class:`ActorRules`, and the constants the actor modules share."""

from __future__ import annotations

import csv
import functools
import hashlib
import json
from collections.abc import Iterable
from dataclasses import dataclass
from importlib import resources
from typing import Any

from framing.records import ActorType

#: Two spellings of a name whose words agree this much (difflib ratio) are one person when
#: they have the same number of words and start with the same letter ("El Aisammi" and
#: "El Aissami" are 0.9): a typo, not another person. Chosen on the team's examples.
NAME_TYPO_MIN_RATIO = 0.85

#: A pronoun ("he", "she") that attribution has not resolved is joined to the person named
#: in its sentence or at most this many sentences before it, when only one person is named
#: there and a label is attached through the pronoun.
PRONOUN_WINDOW_SENTENCES = 2

#: Longest mention text used as an organisation's name, in words.
MAX_NAME_WORDS = 6

_DETERMINERS = frozenset({"the", "a", "an", "this", "that", "these", "those"})
_POSSESSIVE = ("'s", "\u2019s", "'", "\u2019")
_ENTITY_TYPES: dict[str, ActorType] = {"PERSON": "person", "ORG": "organization"}
_NOUNS = ("NOUN", "PROPN")
_SUBJECTS = ("nsubj", "nsubjpass", "csubj")
_MODIFIER_DEPS = ("amod", "compound", "nmod", "npadvmod", "advmod", "nummod", "quantmod")
#: categories whose verbs give their subject and object a role (agent / patient)
_ROLE_CATEGORIES = frozenset({"emotive_verb", "epistemic"})
#: a loaded reporting verb ("admitted", "claimed") frames its speaker, not what is reported
_AGENT_ONLY = frozenset({"epistemic"})


@dataclass(frozen=True)
class ActorRules:
    """The word lists of ``seeds/actors.json`` and the country table ``seeds/countries.tsv``."""

    government_heads: frozenset[str]
    needs_name: frozenset[str]
    group_nouns: frozenset[str]
    label_verbs: frozenset[str]
    copulas: frozenset[str]
    polarity: dict[str, int]
    country_of: dict[str, str]  # lowercase name, alias, adjective or people -> country
    adjective_of: dict[str, str]  # country -> its main adjective
    people_of: dict[str, str]  # lowercase plural people noun -> country
    sha256: str = ""

    def provenance(self) -> dict[str, str]:
        return {"name": "framing-actors", "sha256": self.sha256}

    def category_polarity(self, category: str) -> int:
        return self.polarity.get(category, 0)


@functools.lru_cache(maxsize=1)
def load_actor_rules() -> ActorRules:
    """The packaged actor rules (read once per process)."""
    seeds = resources.files("framing.seeds")
    raw = seeds.joinpath("actors.json").read_text("utf-8")
    table = seeds.joinpath("countries.tsv").read_text("utf-8")
    data: dict[str, Any] = json.loads(raw)
    country_of: dict[str, str] = {}
    adjective_of: dict[str, str] = {}
    people_of: dict[str, str] = {}
    rows = csv.DictReader(
        (line for line in table.splitlines() if line and not line.startswith("#")),
        delimiter="\t",
    )
    for row in rows:
        country = row["country"]
        aliases = [a for a in row["aliases"].split("|") if a]
        adjectives = [a for a in row["adjectives"].split("|") if a]
        people = [p for p in row["people"].split("|") if p]
        for name in (country, *aliases, *adjectives, *people):
            country_of.setdefault(name.lower(), country)
            if name.lower().startswith("the "):
                country_of.setdefault(name.lower()[4:], country)
        adjective_of[country] = adjectives[0] if adjectives else country
        for p in people:
            people_of[p.lower()] = country

    def words(items: Iterable[str]) -> frozenset[str]:
        return frozenset(w.lower() for w in items)

    heads = data["government_heads"]
    return ActorRules(
        government_heads=words(heads["lemmas"]),
        needs_name=words(heads["needs_name"]),
        group_nouns=words(data["group_nouns"]["lemmas"]),
        label_verbs=words(data["label_verbs"]["lemmas"]),
        copulas=words(data["copulas"]["lemmas"]),
        polarity={k: int(v) for k, v in data["polarity"]["categories"].items()},
        country_of=country_of,
        adjective_of=adjective_of,
        people_of=people_of,
        sha256=hashlib.sha256((raw + table).encode("utf-8")).hexdigest(),
    )
