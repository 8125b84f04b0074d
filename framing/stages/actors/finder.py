"""Actors: who the article talks about, and which loaded terms it attaches to each of them.

::

    parse + entities -> mentions    people, organisations, countries and groups named by the
                                    entity recogniser; governments named by a head noun
                                    ("the Venezuelan socialist regime", "the Maduro regime");
                                    groups named by the noun a label is attached to
                     -> actors      mentions grouped: short names and typos joined to the full
                                    name ("El Aissami" = "Tareck El Aissami"), countries to
                                    their canonical name, a bare "the regime" to the latest
                                    government named before it
    terms            -> labels      each term attached through the parse to the actor it
                                    describes: head, modifier, apposition, predicate, or the
                                    agent / patient of a loaded verb

The word lists are data (``seeds/actors.json``, ``seeds/countries.tsv``); the person titles
come from the attribution rules (``seeds/attribution.json``).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from spacy.language import Language
from spacy.tokens import Doc

from framing.nlp.names import ends_with
from framing.nlp.segment import doc_text
from framing.records import Actor, ActorLabel, ActorType, Attribution, Mention, TermMatch
from framing.stages.actors.labels import _attach
from framing.stages.actors.mentions import _Article, _entities, _governments, _Mention
from framing.stages.actors.rules import MAX_NAME_WORDS, ActorRules, load_actor_rules
from framing.stages.attribution.entities import EntityCache, recognise
from framing.stages.attribution.rules import Rules, load_rules

# -- the finder -----------------------------------------------------------------------------


class ActorFinder:
    """Actor rules bound to a spaCy pipeline (whose entity recogniser finds the names).

    ``finder(doc, terms, attributions, entities)`` returns the article's actors in order of
    first mention, each with its mentions and the labels attached to it.
    """

    def __init__(
        self,
        nlp: Language | None = None,
        rules: ActorRules | None = None,
        name_rules: Rules | None = None,
    ) -> None:
        self.rules = rules if rules is not None else load_actor_rules()
        self.name_rules = name_rules if name_rules is not None else load_rules()
        self.ner: Any = (
            nlp.get_pipe("ner") if nlp is not None and "ner" in nlp.component_names else None
        )

    def provenance(self) -> dict[str, str]:
        return self.rules.provenance()

    def __call__(
        self,
        doc: Doc,
        terms: Sequence[TermMatch],
        attributions: Sequence[Attribution] = (),
        entities: EntityCache | None = None,
    ) -> tuple[Actor, ...]:
        cache = entities if entities is not None else EntityCache()
        # the recogniser costs more than the parse: it runs only on sentences with a proper
        # noun (on PTC articles 76% of them, holding 98% of the names it finds)
        recognise(self.ner, doc, [s for s in doc.sents if any(t.pos_ == "PROPN" for t in s)],
                  cache)
        art = _Article(doc, doc_text(doc))
        art.resolved = {
            a.source.start_char: a.source.resolved
            for a in attributions
            if a.source is not None and a.source.resolved
        }
        people = _entities(self.rules, self.name_rules, art, cache.ents)
        _governments(self.rules, art, people, terms)
        for term in terms:
            _attach(self.rules, self.name_rules, art, term)
        return self._actors(art, attributions)

    # -- grouping -------------------------------------------------------------------------

    def _actors(self, art: _Article, attributions: Sequence[Attribution]) -> tuple[Actor, ...]:
        doc, text = art.doc, art.text
        # an organisation written as an acronym of another's name ("OPEC"), or as another's
        # name with a description before it ("the Russian company Rosneft"), is that one
        orgs = {m.key: m.name for m in art.mentions if m.type == "organization"}
        alias: dict[tuple[str, str], tuple[str, str]] = {}
        for key, name in orgs.items():
            words = name.split()
            for other, full in orgs.items():
                o = full.split()
                if other == key or other in alias:
                    continue
                if (name.isupper() and len(o) > 1 and _acronym(full) == name) or (
                    len(o) < len(words) and ends_with(words, o) and full[:1].isupper()
                ):
                    alias[key] = other
                    break
        groups: dict[tuple[str, str], list[_Mention]] = {}
        for m in art.mentions:
            groups.setdefault(alias.get(m.key, m.key), []).append(m)
        labels: dict[tuple[str, str], list[ActorLabel]] = {}
        for key, attached in art.labels.items():
            labels.setdefault(alias.get(key, key), []).extend(attached)
        source_of = _sources(art, attributions, alias)
        actors = []
        for key, found in groups.items():
            found.sort(key=lambda m: (m.lo, m.hi))
            mentions: list[Mention] = []
            for m in found:
                a = doc[m.lo].idx
                b = doc[m.hi - 1].idx + len(doc[m.hi - 1].text)
                if not mentions or (a, b) != (mentions[-1].start_char, mentions[-1].end_char):
                    mentions.append(Mention(a, b, text[a:b]))
            kind = _kind(found)
            name = _display_name(key, found, kind)
            own = sorted(labels.get(key, []), key=lambda lb: (lb.start_char, lb.end_char))
            cited = sum(1 for at in attributions if source_of.get(id(at)) == key)
            actors.append(Actor(name, kind, tuple(mentions), tuple(own), cited))
        actors.sort(key=lambda a: (a.mentions[0].start_char, a.name))
        return tuple(actors)


def _sources(
    art: _Article,
    attributions: Sequence[Attribution],
    alias: dict[tuple[str, str], tuple[str, str]],
) -> dict[int, tuple[str, str]]:
    """The actor each attribution's source is (by ``id`` of the attribution): the one its
    resolved name names, else the mention the source span overlaps most (the narrower one
    on a tie)."""
    doc = art.doc
    out: dict[int, tuple[str, str]] = {}
    for at in attributions:
        src = at.source
        if src is None:
            continue
        named = [
            m for m in art.mentions
            if src.resolved and m.name.lower() == src.resolved.lower()
        ]
        if named:
            out[id(at)] = alias.get(named[0].key, named[0].key)
            continue
        best: tuple[int, int, tuple[str, str]] | None = None
        for m in art.mentions:
            a, b = doc[m.lo].idx, doc[m.hi - 1].idx + len(doc[m.hi - 1].text)
            overlap = min(b, src.end_char) - max(a, src.start_char)
            if overlap > 0 and (best is None or (overlap, a - b) > best[:2]):
                best = (overlap, a - b, alias.get(m.key, m.key))
        if best is not None:
            out[id(at)] = best[2]
    return out


_KIND_ORDER: tuple[ActorType, ...] = (
    "person", "government", "organization", "country", "place", "group")


def _kind(found: Sequence[_Mention]) -> ActorType:
    """An actor's type when its mentions disagree: a person over anything else, and so on."""
    kinds = {m.type for m in found}
    return next(k for k in _KIND_ORDER if k in kinds)


def _display_name(key: tuple[str, str], found: Sequence[_Mention], kind: ActorType) -> str:
    if kind == "organization":
        # its own name, not a longer description joined to it ("the Russian company Rosneft")
        names = [m.name for m in found if m.key == key and len(m.name.split()) <= MAX_NAME_WORDS]
        names = names or [found[0].name]
        return max(names, key=lambda n: (names.count(n), len(n.split()), -names.index(n)))
    if kind == "person":
        return max((m.name for m in found if m.type == "person"), key=lambda n: len(n.split()))
    return found[0].name


def _acronym(name: str) -> str:
    return "".join(w[0] for w in name.split() if w[:1].isupper())
