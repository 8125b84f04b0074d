"""Stage attribute: who is cited, with which cue, saying what; and what has no source.

Rules over the spaCy parse, with the word lists in ``seeds/attribution.json`` and the cue
classes in ``seeds/cue_verbs.tsv``:

1. **Cues.** A verb outside every quotation whose lemma is a reporting verb
   (``cue_verbs.tsv``) or an attribution verb (speech, thought, wish, finding:
   ``attribution.json``), with a complement (a clause, an object or a quotation), and the
   phrase "according to". The cue span takes the verb's auxiliaries and negation ("has
   said", "did not say") and a medium phrase right after it ("said in a statement", "wrote
   on Twitter"), following the span conventions of PolNeAR (Newell et al. 2018).
2. **Content.** A quotation next to the cue in its sentence (quote-first, speaker-first,
   split around the cue: "direct"); otherwise the reported clause, object or infinitive
   ("indirect"; "mixed" when it holds a quoted fragment). A quotation in the next sentence
   with no cue of its own continues the previous quotation's attribution; one whose speaker
   only comes in the next sentence ("That was the message from ...") takes that sentence's
   cue.
3. **Source.** The cue's subject (for "according to", its object), with appositions;
   a participle cue ("..., adding that") takes its clause's subject; a relative pronoun
   ("who said") its antecedent. Pronouns and roles ("he", "the minister") resolve to the
   most recent compatible named source before them; short names ("El Aissami") to the
   longest earlier mention ending the same way ("Tareck El Aissami").
4. **Source type** by rules: identity withheld (anonymity markers, an unnamed role noun:
   "a senior official") is ``anonymous``; a text with a named owner is ``document``; unnamed
   reports, estimates, critics and quantifiers are ``vague``; otherwise a name is a
   ``person`` or ``organization`` by spaCy's entity recogniser (run on the source's sentence
   only), or by the head noun ("authorities", "ministry").
5. **Unattributed claims**: agentless passives of belief and report verbs ("is believed
   to", "long believed to", "it is thought that") and hedging adverbs ("reportedly"),
   outside quotations, in a sentence with no attribution of their own.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from typing import Any

from spacy.language import Language
from spacy.tokens import Doc, Token

from framing.nlp.segment import doc_text
from framing.records import (
    Attribution,
    AttributionKind,
    Cue,
    Quote,
    Sentence,
    SourceType,
    TermMatch,
    UnattributedClaim,
)
from framing.stages.attribution.entities import EntityCache, _gender_after, _name_mentions
from framing.stages.attribution.found import _Found
from framing.stages.attribution.quotes import _orphan
from framing.stages.attribution.rules import Rules, load_rules
from framing.stages.attribution.senses import other_sense
from framing.stages.attribution.sources import (
    _gapped_source,
    _source,
    _source_range,
    _subject,
)
from framing.stages.attribution.spans import (
    _adjacent,
    _around,
    _chars,
    _clause_after_medium,
    _close_quote,
    _complement,
    _content_range,
    _cue_span,
    _in_quote,
    _is_hyphen_part,
    _object_range,
    _overlaps,
    _sentence_at,
    _subtree_range,
    _trim,
)
from framing.stages.attribution.unattributed import _unattributed


class Attributor:
    """Attribution rules bound to a spaCy pipeline (whose entity recogniser types sources).

    Call it on a parsed article: ``attributor(doc, sentences, quotes)`` returns the
    attributions and the unattributed claims, both in text order.
    """

    def __init__(self, nlp: Language | None = None, rules: Rules | None = None) -> None:
        self.rules = rules if rules is not None else load_rules()
        # the entity recogniser types named sources; it runs only where a source needs it
        self.ner: Any = (
            nlp.get_pipe("ner") if nlp is not None and "ner" in nlp.component_names else None
        )

    def __call__(
        self,
        doc: Doc,
        sentences: Sequence[Sentence],
        quotes: Sequence[Quote],
        entities: EntityCache | None = None,
    ) -> tuple[tuple[Attribution, ...], tuple[UnattributedClaim, ...]]:
        """``entities`` is the article's entity cache, shared with later stages (the actor
        step) so that no sentence goes through the entity recogniser twice."""
        found = self._find(doc, sentences, quotes)
        attributions = self._finish(doc, sentences, found, entities or EntityCache())
        claims = _unattributed(self.rules, doc, sentences, quotes, attributions)
        return attributions, claims

    # -- finding ---------------------------------------------------------------------------

    def _find(
        self, doc: Doc, sentences: Sequence[Sentence], quotes: Sequence[Quote]
    ) -> list[_Found]:
        rules = self.rules
        starts = [s.start_char for s in sentences]
        used_quotes: set[int] = set()
        found: list[_Found] = []

        def sentence_of(char: int) -> int:
            return _sentence_at(starts, char)

        def sentence_quotes(k: int) -> list[int]:
            """Unused quotations that overlap sentence ``k``."""
            lo, hi = sentences[k].start_char, sentences[k].end_char
            return [
                j
                for j, q in enumerate(quotes)
                if j not in used_quotes and q.start_char < hi and q.end_char > lo
            ]

        for tok in doc:
            lemma = tok.lemma_.lower()
            if tok.lower_ == "according" and tok.i + 1 < len(doc) and doc[tok.i + 1].lower_ == "to":
                if _in_quote(tok.idx, quotes) is None:
                    item = self._according(doc, tok, quotes, sentence_of)
                    if item is not None:
                        found.append(item)
                continue
            if tok.pos_ not in ("VERB", "AUX") or lemma not in rules.verbs:
                continue
            if tok.pos_ == "AUX" and lemma not in ("say", "tell"):
                continue
            if _in_quote(tok.idx, quotes) is not None or _is_hyphen_part(tok):
                continue
            if tok.dep_ in ("amod", "compound"):
                continue
            if (
                tok.tag_ == "VBN"
                and tok.dep_ in ("acl", "advcl", "relcl")
                and not any(c.dep_ in ("aux", "nsubj") for c in tok.children)
            ):
                continue  # a reduced passive ("long believed to"): an unattributed claim
            if any(c.dep_ in ("nsubjpass", "auxpass") for c in tok.children):
                # "is believed by investigators to ...": the agent is the source; without
                # one, the passive is an unattributed claim (found below)
                item = self._passive(doc, tok, sentence_of(tok.idx))
                if item is not None:
                    found.append(item)
                continue
            k = sentence_of(tok.idx)
            subj = _subject(tok)
            src = _source_range(subj) if subj is not None else None
            if src is not None and src[1] <= src[0]:
                src = None
            cue_range = _cue_span(tok, rules)
            gapped = _gapped_source(tok, cue_range[0])
            if gapped is not None:
                src = gapped
            cluster = (
                min(cue_range[0], src[0] if src else cue_range[0]),
                max(cue_range[1], src[1] if src else cue_range[1]),
            )
            comp = _complement(tok)
            if comp is not None and comp.dep_ == "xcomp" and lemma in rules.clause_only:
                comp = None
            comp_chars: tuple[int, int] | None = None
            if comp is not None:
                lo, hi = _subtree_range(comp)
                if comp.dep_ == "xcomp":
                    # "urged the crowd to welcome him": the object is part of what is urged
                    objects = [c for c in tok.children if c.dep_ == "dobj" and c.i < comp.i]
                    if objects:
                        lo = min(lo, objects[0].left_edge.i)
                lo, hi = _content_range(doc, lo, hi)
                if hi > lo:
                    start, end = _chars(doc, lo, hi)
                    comp_chars = (start, _close_quote(doc_text(doc), start, end))
            near = sentence_quotes(k)
            adjacent = [j for j in near if _adjacent(doc, tok, cluster, quotes[j], quotes)]
            if other_sense(tok, rules, subj, bool(adjacent)):
                continue  # "the storm claimed three lives", "met ... to discuss the deal"
            parts: list[tuple[int, int]] = []
            kind: AttributionKind = "indirect"
            if comp_chars is not None:
                inside = [
                    j
                    for j in near
                    if _overlaps(comp_chars, (quotes[j].start_char, quotes[j].end_char))
                ]
                covered = sum(
                    min(comp_chars[1], quotes[j].end_char)
                    - max(comp_chars[0], quotes[j].start_char)
                    for j in inside
                )
                if inside and covered >= 0.9 * (comp_chars[1] - comp_chars[0]):
                    chosen = sorted(set(inside) | set(adjacent))
                    parts = [(quotes[j].start_char, quotes[j].end_char) for j in chosen]
                    used_quotes.update(chosen)
                    kind = "direct"
                elif inside:
                    parts = [comp_chars]
                    used_quotes.update(inside)
                    kind = "mixed"
                elif (
                    adjacent
                    and comp is not None
                    and comp.i < tok.i
                    and all(quotes[j].start_char > tok.idx for j in adjacent)
                ):
                    # "Graham said, “...”" parsed with the cue's clause elsewhere
                    parts = [(quotes[j].start_char, quotes[j].end_char) for j in adjacent]
                    used_quotes.update(adjacent)
                    kind = "direct"
                else:
                    parts = [comp_chars]
            elif adjacent:
                parts = [(quotes[j].start_char, quotes[j].end_char) for j in adjacent]
                used_quotes.update(adjacent)
                kind = "direct"
            elif tok.dep_ == "parataxis" and tok.head.i != tok.i:
                # "The museum, he said, would open in May": the clause around the cue
                parts = _around(doc, tok)
                if not parts:
                    continue
                kind = "indirect"
            else:
                rng = _object_range(tok) if lemma not in rules.clause_only else None
                if rng is None:
                    rng = _clause_after_medium(tok, cue_range)
                if rng is None:
                    if (
                        src is not None
                        and tok.dep_ in ("ROOT", "parataxis", "conj")
                        and _addressed(rules, tok)
                    ):
                        # "Clinton said." after a quotation: a speaker waiting for content
                        found.append(_Found(cue_range, lemma, src, [], "direct", k))
                    continue
                start, end = _chars(doc, *rng)
                parts = [(start, _close_quote(doc_text(doc), start, end))]
                inner = [
                    j for j, q in enumerate(quotes) if start <= q.start_char and q.end_char <= end
                ]
                if inner:
                    kind = (
                        "direct"
                        if len(inner) == 1 and quotes[inner[0]].start_char == start
                        else "mixed"
                    )
                    used_quotes.update(inner)
            if src is not None and any(_overlaps(_chars(doc, *src), p) for p in parts):
                src = None
            found.append(_Found(cue_range, lemma, src, parts, kind, k))
        # quotations nobody has claimed yet
        found.sort(key=lambda f: doc[f.cue_range[0]].idx)
        for k, q in enumerate(quotes):
            if k in used_quotes:
                continue
            _orphan(doc, q, found, sentences, sentence_of)
        found.sort(key=lambda f: doc[f.cue_range[0]].idx)
        return found

    def _passive(self, doc: Doc, tok: Token, sentence_index: int) -> _Found | None:
        agents = [c for c in tok.children if c.dep_ == "agent"]
        objects = [c for c in agents[0].children if c.dep_ == "pobj"] if agents else []
        comps = [c for c in tok.children if c.dep_ in ("xcomp", "ccomp")]
        if not objects or not comps:
            return None
        src = _trim(doc, objects[0].left_edge.i, objects[0].right_edge.i + 1)
        parts = []
        for child in tok.children:
            if (child.dep_ == "nsubjpass" and child.lower_ != "it") or child in comps:
                lo, hi = _trim(doc, *_subtree_range(child), keep_quotes=True)
                if hi > lo:
                    parts.append(_chars(doc, lo, hi))
        if not parts:
            return None
        lo = min(
            [c.i for c in tok.children if c.dep_ in ("aux", "auxpass", "neg") and c.i < tok.i],
            default=tok.i,
        )
        return _Found(
            (lo, tok.i + 1), tok.lemma_.lower(), src, sorted(parts), "indirect", sentence_index
        )

    def _according(
        self, doc: Doc, tok: Token, quotes: Sequence[Quote], sentence_of: Any
    ) -> _Found | None:
        to = doc[tok.i + 1]
        objects = [c for c in to.children if c.dep_ == "pobj"] or [
            c for c in tok.children if c.dep_ == "pobj"
        ]
        if not objects:
            return None
        if objects[0].lemma_.lower() in self.rules.not_sources:
            return None  # "according to plan"
        src = _trim(doc, objects[0].left_edge.i, objects[0].right_edge.i + 1)
        sent = tok.sent
        # the content is the rest of the sentence: before or after the "according to" phrase
        phrase_lo = tok.i
        phrase_hi = max(src[1], to.i + 1)
        before = _trim(doc, sent.start, phrase_lo, keep_quotes=True)
        after = _trim(doc, phrase_hi, sent.end, keep_quotes=True)
        rng = before if before[1] - before[0] >= after[1] - after[0] else after
        if rng[1] <= rng[0]:
            return None
        start, end = _chars(doc, *rng)
        inner = [q for q in quotes if start <= q.start_char and q.end_char <= end]
        kind: AttributionKind = "indirect"
        if inner:
            kind = "direct" if len(inner) == 1 and inner[0].start_char == start else "mixed"
        return _Found(
            (tok.i, tok.i + 2), "according to", src, [(start, end)], kind, sentence_of(tok.idx)
        )

    # -- finishing: types, names ------------------------------------------------------------

    def _finish(
        self, doc: Doc, sentences: Sequence[Sentence], found: list[_Found],
        ents_cache: EntityCache,
    ) -> tuple[Attribution, ...]:
        # An attribution reported inside another one's content belongs to that content ("She
        # said the audit shows ...": one attribution, hers), as PolNeAR annotates it.
        outer = [p for f in found for p in f.parts]
        found = [
            f
            for f in found
            if not any(p[0] <= doc[f.cue_range[0]].idx < p[1] for p in outer if p not in f.parts)
        ]
        out: list[Attribution] = []
        # (char, name, type, gender) of the named sources cited so far
        named: list[tuple[int, str, SourceType, str | None]] = []
        mentions = _name_mentions(doc, self.rules)
        seen: set[tuple[int, int]] = set()
        for f in found:
            if not f.parts:
                continue
            lo, hi = f.cue_range
            cue_start, cue_end = _chars(doc, lo, hi)
            if (cue_start, cue_end) in seen:
                continue
            seen.add((cue_start, cue_end))
            cue = Cue(
                text=doc_text(doc)[cue_start:cue_end],
                start_char=cue_start,
                end_char=cue_end,
                lemma=f.lemma,
                cue_class=self.rules.cue_class(f.lemma),
            )
            if f.source_range is None and f.kind == "indirect":
                continue  # a reported clause needs a source ("lists no refinery operations")
            source = None
            if f.source_range is not None:
                source = _source(
                    self.rules, self.ner, doc, f.source_range, named, mentions, ents_cache
                )
                if source.resolved and source.type in ("person", "organization"):
                    named.append(
                        (
                            source.start_char,
                            source.resolved,
                            source.type,
                            _gender_after(doc, f.source_range[1]),
                        )
                    )
            out.append(Attribution(source, cue, tuple(sorted(f.parts)), f.kind, f.sentence_index))
        return tuple(out)


def _addressed(rules: Rules, cue: Token) -> bool:
    """Whether a cue with no content of its own can wait for a quotation: it has no object,
    or its object is whom it was said to ("he told reporters."), not a thing ("added his
    voice")."""
    for child in cue.children:
        if child.dep_ == "dobj" and child.pos_ not in ("PRON", "PROPN"):
            lemma = child.lemma_.lower()
            if lemma not in rules.anonymous_nouns | rules.definite_roles | rules.vague_nouns:
                return False
    return True


def speakers_of(
    terms: Sequence[TermMatch], attributions: Sequence[Attribution]
) -> tuple[TermMatch, ...]:
    """Terms with ``speaker`` set: a quoted-voice term belongs to the source of the
    attribution whose content holds it (its resolved name, else the source as written)."""
    out = []
    for t in terms:
        speaker = None
        if t.voice == "quoted":
            for a in attributions:
                if a.source is not None and any(
                    s <= t.start_char and t.end_char <= e for s, e in a.content_parts
                ):
                    speaker = a.source.resolved or " ".join(a.source.text.split())
                    break
        out.append(replace(t, speaker=speaker) if speaker != t.speaker else t)
    return tuple(out)
