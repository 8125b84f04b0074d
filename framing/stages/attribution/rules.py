"""The attribution rules: the word lists and cue table as :class:`Rules`, and the constants
the attribution rules share (cue classes, dependency sets, punctuation)."""

from __future__ import annotations

import csv
import functools
import hashlib
import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from importlib import resources
from typing import Any

from framing.records import CueClass

#: Longest source, in tokens: a longer subject is a parse error more often than a source.
MAX_SOURCE_TOKENS = 30

_CUE_CLASSES: frozenset[str] = frozenset({"neutral", "factive", "hedging", "emphatic", "other"})
_SUBJECT_DEPS = frozenset({"nsubj", "nsubjpass", "csubj"})
_AUX_DEPS = frozenset({"aux", "auxpass", "neg"})
_RELATIVE_PRONOUNS = frozenset({"who", "that", "which", "whom"})
_CLAUSE_DEPS = frozenset({"ccomp", "xcomp", "csubj"})
_OBJECT_DEPS = frozenset({"dobj", "dative", "attr", "oprd", "prep", "xcomp", "ccomp", "acomp"})
_QUOTE_CHARS = "'\"\u201c\u201d\u2018\u2019\u00ab\u00bb\u2039\u203a"
#: Verb + preposition pairs whose preposition is part of the cue (PolNeAR marks "called for",
#: "called on", "pointed to", "referred to" as the cue and what follows as the content).
_CUE_PREPOSITIONS = frozenset(
    {
        ("call", "for"),
        ("call", "on"),
        ("point", "to"),
        ("refer", "to"),
        ("push", "for"),
        ("argue", "for"),
        ("ask", "for"),
        ("appeal", "for"),
    }
)
#: Children of a cue that may stand between it and its quotation ("said on Monday: “...”",
#: "told reporters, “...”"): when, where, to whom; never an object.
_SETTING_DEPS = frozenset(
    {"advmod", "npadvmod", "prep", "dative", "nsubj", "punct", "aux", "neg", "agent", "cc"}
)
#: Nouns for what was said that name their speaker with "from" in a short sentence after a
#: quotation ("That was the message from coach Ana Ruiz"): the sentence gives the speaker.
_SAYING_NOUNS = frozenset(
    {"message", "word", "warning", "verdict", "view", "assessment", "response", "reaction"}
)
#: Phrases that, anywhere in a source's sentence, say the source is kept anonymous.
_ANONYMITY_IN_SENTENCE = (
    "anonymity",
    "not authorized to",
    "not authorised to",
    "declined to be named",
    "declined to be identified",
    "asked not to be",
)
_EDGE_PUNCT = ",;:.-\u2014\u2013"


@dataclass(frozen=True)
class Rules:
    """The word lists of ``seeds/attribution.json`` and the cue table, as sets."""

    cue_classes: dict[str, str]
    verbs: frozenset[str]
    clause_only: frozenset[str]
    medium_nouns: frozenset[str]
    anonymous_markers: tuple[str, ...]
    anonymous_nouns: frozenset[str]
    vague_nouns: frozenset[str]
    document_nouns: frozenset[str]
    organization_nouns: frozenset[str]
    titles: frozenset[str]
    person_pronouns: frozenset[str]
    group_pronouns: frozenset[str]
    definite_roles: frozenset[str]
    passive_lemmas: frozenset[str]
    not_sources: frozenset[str]
    hedge_adverbs: frozenset[str]
    # other senses of the cue verbs (framing/stages/attribution/senses.py)
    non_speakers: frozenset[str] = frozenset()
    not_claims: dict[str, frozenset[str]] = field(default_factory=dict)
    object_needs: dict[str, frozenset[str]] = field(default_factory=dict)
    fixed_phrases: tuple[str, ...] = ()
    purpose_heads: frozenset[str] = frozenset()
    # plural bodies that stand for one institution ("Police said", "authorities said")
    collective_bodies: frozenset[str] = frozenset()

    sha256: str = ""

    def provenance(self) -> dict[str, str]:
        """Identity of the rules, as recorded in report provenance."""
        return {"name": "framing-attribution", "sha256": self.sha256}

    def cue_class(self, lemma: str) -> CueClass:
        cls = self.cue_classes.get(lemma, "other")
        return cls if cls in _CUE_CLASSES else "other"  # type: ignore[return-value]


@functools.lru_cache(maxsize=1)
def load_rules() -> Rules:
    """The packaged attribution rules (read once per process)."""
    seeds = resources.files("framing.seeds")
    table = seeds.joinpath("cue_verbs.tsv").read_text("utf-8")
    classes = {
        row["cue"]: row["class"] for row in csv.DictReader(table.splitlines(), delimiter="\t")
    }
    raw = seeds.joinpath("attribution.json").read_text("utf-8")
    data: dict[str, Any] = json.loads(raw)
    digest = hashlib.sha256((raw + table).encode("utf-8")).hexdigest()
    types = data["source_types"]
    senses = data["other_senses"]

    def words(items: Iterable[str]) -> frozenset[str]:
        return frozenset(w.lower() for w in items)

    return Rules(
        cue_classes=classes,
        verbs=frozenset(classes) | words(data["attribution_verbs"]["lemmas"]),
        clause_only=words(data["attribution_verbs"]["clause_only"]["lemmas"]),
        medium_nouns=words(data["cue_settings"]["medium_nouns"]),
        anonymous_markers=tuple(p.lower() for p in types["anonymous_markers"]["phrases"]),
        anonymous_nouns=words(types["anonymous_nouns"]["lemmas"]),
        vague_nouns=words(types["vague_nouns"]["lemmas"]),
        document_nouns=words(types["document_nouns"]["lemmas"]),
        organization_nouns=words(types["organization_nouns"]["lemmas"]),
        titles=words(types["person_titles"]["words"]),
        person_pronouns=words(types["pronouns"]["person"]),
        group_pronouns=words(types["pronouns"]["group"]),
        definite_roles=words(types["definite_roles"]["lemmas"]),
        passive_lemmas=words(data["unattributed"]["passive_lemmas"]),
        not_sources=words(data["according_to_non_sources"]["lemmas"]),
        hedge_adverbs=words(data["unattributed"]["adverbs"]),
        non_speakers=words(senses["non_speakers"]["lemmas"]),
        not_claims={k: words(v) for k, v in senses["not_claims"]["objects"].items()},
        object_needs={k: words(v) for k, v in senses["object_needs"]["prepositions"].items()},
        fixed_phrases=tuple(p.lower() for p in senses["fixed_phrases"]["phrases"]),
        purpose_heads=words(senses["purpose_heads"]["lemmas"]),
        collective_bodies=words(types["collective_bodies"]["lemmas"]),
        sha256=digest,
    )
