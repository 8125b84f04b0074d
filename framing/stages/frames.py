"""Impersonal attribution frames: claims asserted through nobody in particular.

Part of stage 2 (match). News asserts without a source through a few grammatical frames
that a word list cannot hold, because the words are ordinary and only the construction is
loaded (Recasens et al. 2013 list such "assertive" and "hedge" framing; the attribution
rules of :mod:`framing.stages.attribution` type these sources ``vague``):

- an unnamed group or bare quantifier as the subject of a saying or believing verb with a
  clause: "Critics say ...", "Many believe ...", "Some would argue ...", "Studies have shown
  that ...", "Most people agree ..." (not "Critics of the plan, including X, said": a
  subject that names or qualifies its members is a source);
- "according to" a bare quantifier or group: "according to some";
- the impersonal passive of a belief verb: "It is widely believed ...", "It has been
  suggested that ...";
- agentless concern: "Questions have been raised ...", "Concerns were voiced ...",
  "Concerns are mounting ...", "Doubts persist ...";
- fixed impersonal assertions whose parse varies, matched as word sequences: "it is no
  secret", "it is common knowledge", "it has emerged that", "there are growing concerns",
  "there is speculation", "there is mounting pressure", "there have been calls" (not followed
  by "from", "among", "by" or "of", which name whose), "there is a widespread
  perception that" (only before "that": "a sense of relief" asserts nothing, but a place may
  come between: "there is a sense in Ottawa that"), "it is hard to escape the conclusion";
- a people or a body counted by a bare quantifier: "many Americans believe", "some in the
  party think", "many voters feel" (not "many of the 300 delegates", and not "residents
  said" without the quantifier), and a quantifier as the agent of a verb of judging: "is
  seen by many as";
- as word sequences too, since the parse often misses them: a bare quantifier or unnamed
  doubters right before a verb of believing or arguing ("which some argue", "Few doubt",
  "sceptics contend", "which critics say"), not after a determiner or possessive ("his
  critics argue"), and "the conventional wisdom holds";
- unnamed sources placed near someone: "sources close to the minister say", "people
  familiar with the talks said" (a name there says where the source sits, not who it is).

Each frame becomes a term of category ``epistemic``, origin ``rule``, whose neutral form
drops the frame (the claim is left as a plain statement), so the counterfactual measures
what the frame adds.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from spacy.tokens import Doc, Token

from framing.nlp.segment import doc_text
from framing.stages.attribution.rules import Rules

#: Category and note of a frame term.
FRAME_CATEGORY = "epistemic"
FRAME_NOTE = (
    "Impersonal attribution: the claim is credited to an unnamed group, a bare quantifier or "
    "no one ('critics say', 'many believe', 'it is widely believed'), so who holds it "
    "cannot be checked."
)

#: Pronoun-like quantifiers that stand for an unnamed group as a subject ("many believe").
QUANTIFIERS = frozenset({"many", "some", "most", "everyone", "everybody", "few", "others"})
#: Nouns for people that count as an unnamed group only with a quantifier ("some people").
GROUP_NOUNS = frozenset({"people", "person", "observer", "commentator", "insider", "pundit",
                         "voice", "many", "source"})
#: People nouns that name no one only with a quantifier ("many voters feel", "some residents
#: fear"; "residents said" after a report on a street is a source of its own).
QUANTIFIED_PEOPLE = frozenset({"voter", "resident", "citizen", "parent", "worker", "member",
                               "taxpayer", "consumer", "investor", "local", "viewer", "reader",
                               "fan", "family"})
#: Modifiers that place an unnamed group near someone without naming its members ("sources
#: close to the minister", "people familiar with the talks"): a name inside them does not
#: make the group a source.
PLACING_MODIFIERS = frozenset({"close", "familiar", "near", "loyal"})
#: Prepositions that place a bare quantifier in a body without naming anyone ("some in the
#: party", "many within the industry"); "many of the 300 delegates" counts named people.
PLACING_PREPS = frozenset({"in", "among", "within", "inside", "across"})
#: Passive verbs of judging whose agent may be a bare quantifier: "is seen by many as".
JUDGING_VERBS = frozenset({"see", "regard", "view", "consider", "perceive", "deem"})
#: Verbs of saying, believing and showing besides the attribution cue verbs.
BELIEF_VERBS = frozenset({"say", "believe", "think", "agree", "know", "feel", "fear", "argue",
                          "suggest", "show", "claim", "contend", "insist", "warn", "worry",
                          "accept", "acknowledge", "concede", "recognize", "recognise",
                          "doubt", "question", "wonder", "ask"})
#: Agentless concern: subjects of "have been raised / voiced / expressed".
CONCERN_NOUNS = frozenset({"question", "concern", "doubt", "fear", "worry", "eyebrow"})
CONCERN_VERBS = frozenset({"raise", "voice", "express", "mount", "grow"})
#: Active verbs of the same agentless concern: "concerns are mounting", "doubts persist".
CONCERN_ACTIVE_VERBS = frozenset({"mount", "grow", "persist", "linger", "swirl", "remain"})
#: Data that report counts rather than views ("figures showed", "data show"): the numbers'
#: owner is usually named nearby, and they hold no opinion, so they are not a frame.
DATA_NOUNS = frozenset({"figure", "figures", "data", "statistic", "statistics", "number",
                        "record", "records", "tally", "count"})
#: Words of a medium or publication that, after a preposition on the verb, say where the
#: claim was made ("researchers reported in the journal"): a checkable source.
PUBLICATION_NOUNS = frozenset({"journal", "paper", "study", "report", "filing", "statement",
                               "interview", "letter", "briefing", "testimony", "court"})
#: Adjectives that say whose a group or document is ("official figures show"): a source.
OWNER_ADJECTIVES = frozenset({"official", "government", "federal", "national", "state",
                              "published", "census", "internal", "leaked", "court"})
_DEFINITE = frozenset({"the", "this", "these", "those", "that"})
#: Children a subject may have and still name no one ("some critics", "many experts").
_PLAIN_DEPS = frozenset({"det", "amod", "predet", "advmod", "quantmod", "nummod"})


#: Fixed impersonal assertions, as word sequences (case-insensitive; see the docstring).
FIXED_FRAMES = re.compile(
    r"\b(?:it(?:'s| is| was| has been| had been| has long been)"
    r" (?:no secret|no surprise|common knowledge|an open secret|widely known|well known)"
    r"|there (?:is|are|was|were|has been|have been|had been)"
    r" (?:growing |mounting |widespread |increasing |persistent )?"
    r"(?:concerns?|fears?|doubts?|questions|speculation|suspicions?|talk|suggestions?"
    r"|unease|disquiet|anxiety|pressure|calls)"
    r"(?! (?:from|among|by|of|in the|at the)\b)"
    r"|there (?:is|was|has been|had been) an? (?:growing |widespread |general |strong "
    r"|increasing |common |prevailing )?(?:perception|belief|feeling|sense|view|impression"
    r"|consensus)(?: (?:in|at|around|across|inside|within) (?:\S+ ){0,2}?\S+)?(?= that\b)"
    r"|it (?:has |had )?(?:now |since |also |today |later )?emerged(?= that\b)"
    r"|it(?:'s| is| was) (?:hard|difficult|impossible) to (?:escape|avoid|ignore|resist)"
    r" the (?:conclusion|impression|sense|feeling)"
    r"|(?:the )?(?:conventional|received|prevailing) wisdom"
    r" (?:holds|says|suggests|has it|is that))\b",
    re.IGNORECASE,
)
#: A bare quantifier or unnamed doubters right before a verb of believing or arguing, as a
#: word sequence: the parse often misses it inside a relative clause ("a rate hold, which some
#: argue has deepened the squeeze") or reads the quantifier as an adjective ("Few doubt
#: that"). Not after a determiner or possessive ("the few", "his critics"): those say whose.
SEQUENCE_FRAMES = re.compile(
    r"\b(?:some|many|few|most|critics|sceptics|skeptics|detractors|doubters)"
    r" (?:would |might |will |still )?"
    r"(?:argue|contend|doubt|believe|fear|maintain|insist|suspect)\b"
    r"|\b(?:critics|sceptics|skeptics|detractors|opponents) (?:say|said|claim|claimed)\b",
    re.IGNORECASE,
)
_OWNERS = frozenset({"the", "his", "her", "their", "its", "our", "your", "my", "'s", "’s",
                     "these", "those", "whose"})


@dataclass(frozen=True)
class Frame:
    """One impersonal frame: token span ``[start, end)`` and its key (lowercase lemmas)."""

    start: int
    end: int
    key: str


def _key(doc: Doc, start: int, end: int) -> str:
    return " ".join(t.lemma_.lower() for t in doc[start:end] if not t.is_punct)


def _unnamed_group(tok: Token, rules: Rules) -> bool:
    """Whether a noun phrase headed by ``tok`` names no one: a bare quantifier, a vague
    group noun ("critics", "studies"), or a people noun with a quantifier."""
    lemma = tok.lemma_.lower()
    quantified = any(c.lower_ in QUANTIFIERS for c in tok.children)
    if tok.pos_ == "PROPN" or tok.ent_type_:
        # "many Americans", "some Republicans": a people counted by a quantifier
        return (quantified and tok.tag_ == "NNPS"
                and all(c.dep_ in _PLAIN_DEPS or c.dep_ == "compound" for c in tok.children))
    if lemma in QUANTIFIERS or tok.lower_ in QUANTIFIERS:
        # "some in the party", "many within the industry": a quantifier placed in a body
        if all(c.dep_ in _PLAIN_DEPS or (c.dep_ == "prep" and c.lower_ in PLACING_PREPS)
               for c in tok.children):
            return True
    if any(c.dep_ not in _PLAIN_DEPS for c in tok.children):
        return False  # "critics of the plan", "analysts at X", "experts, including Y"
    if any(c.dep_ == "det" and c.lower_ in _DEFINITE for c in tok.children):
        return False  # "the researchers said": a group named before
    placing = {t.i for c in tok.children if c.dep_ == "amod" and c.lower_ in PLACING_MODIFIERS
               for t in c.subtree}
    if any((c.pos_ == "PROPN" and c.i not in placing) or c.lower_ in OWNER_ADJECTIVES
           for c in tok.subtree):
        return False
    if lemma in DATA_NOUNS or tok.lower_ in DATA_NOUNS:
        return False
    if lemma in GROUP_NOUNS:
        return quantified or tok.tag_ == "NNS"
    if lemma in QUANTIFIED_PEOPLE:
        return quantified
    return lemma in rules.vague_nouns and tok.tag_ == "NNS"


def _frame(doc: Doc, members: set[int]) -> Frame | None:
    """The frame over the tokens ``members``, or None when they are not one unbroken run
    (words of the sentence between them that belong to neither subject nor verb)."""
    lo, hi = min(members), max(members) + 1
    if any(k not in members for k in range(lo, hi)):
        return None
    return Frame(lo, hi, _key(doc, lo, hi))


def find_frames(doc: Doc, rules: Rules) -> list[Frame]:
    """Every impersonal attribution frame in ``doc`` (see the module docstring)."""
    verbs = frozenset(rules.cue_classes) | BELIEF_VERBS
    out: list[Frame] = []
    for tok in doc:
        lemma = tok.lemma_.lower()
        kids = list(tok.children)
        # an unnamed group says or believes something
        if tok.pos_ in ("VERB", "AUX") and lemma in verbs and (
            any(c.dep_ == "ccomp" for c in kids) or tok.dep_ == "parataxis"
        ) and not _names_a_publication(tok, rules):
            for subj in (c for c in kids if c.dep_ == "nsubj"):
                if not _unnamed_group(subj, rules):
                    continue
                aux = [c.i for c in kids if c.dep_ in ("aux", "neg")
                       or (c.dep_ == "advmod" and subj.i < c.i < tok.i)]  # "are now asking"
                members = {t.i for t in subj.subtree} | set(aux) | {tok.i}
                if (frame := _frame(doc, members)) is not None:
                    out.append(frame)
        # "concerns are mounting", "doubts persist": a concern with no owner grows by itself
        if tok.pos_ == "VERB" and lemma in CONCERN_ACTIVE_VERBS:
            worry = next((c for c in kids if c.dep_ == "nsubj"), None)
            if (worry is not None and worry.lemma_.lower() in CONCERN_NOUNS
                    and worry.tag_ == "NNS" and _unnamed_group_noun(worry)
                    and not any(c.dep_ == "nummod" for c in worry.children)):
                before = {c.i for c in kids if c.dep_ in ("aux", "neg") and c.i < tok.i}
                members = {t.i for t in worry.subtree} | before | {tok.i}
                if (frame := _frame(doc, members)) is not None:
                    out.append(frame)
        # "according to some"
        if tok.lower_ == "according":
            to = next((c for c in kids if c.lower_ == "to"), None)
            obj = next((c for c in to.children if c.dep_ == "pobj"), None) if to else None
            if obj is not None and _unnamed_group(obj, rules):
                hi = max(t.i for t in obj.subtree) + 1
                out.append(Frame(tok.i, hi, _key(doc, tok.i, hi)))
        # "is seen by many as", "was regarded by some as": the judgement of a bare quantifier
        if tok.tag_ == "VBN" and (lemma in JUDGING_VERBS or lemma in BELIEF_VERBS):
            for agent in (c for c in kids if c.dep_ == "agent"):
                who = next((c for c in agent.children if c.dep_ == "pobj"), None)
                if who is None or who.lower_ not in QUANTIFIERS or not all(
                        c.dep_ == "prep" and c.lower_ == "as" for c in who.children):
                    continue
                auxes = {c.i for c in kids
                         if c.dep_ in ("aux", "auxpass", "neg") and c.i < tok.i}
                if (frame := _frame(doc, auxes | {tok.i, agent.i, who.i})) is not None:
                    out.append(frame)
        # "it is widely believed", "questions have been raised"
        if tok.tag_ == "VBN" and any(c.dep_ == "auxpass" for c in kids) and not any(
            c.dep_ == "agent" or (c.dep_ == "prep" and c.lower_ in ("from", "by"))
            for c in kids
        ):
            psubj = next((c for c in kids if c.dep_ == "nsubjpass"), None)
            if psubj is None:
                continue
            impersonal = psubj.lower_ == "it" and (
                lemma in rules.passive_lemmas or lemma in BELIEF_VERBS)
            concern = (psubj.lemma_.lower() in CONCERN_NOUNS and lemma in CONCERN_VERBS
                       and _unnamed_group_noun(psubj))
            if not (impersonal or concern):
                continue
            members = {psubj.i, tok.i} | {
                c.i for c in kids if c.dep_ in ("aux", "auxpass", "advmod", "neg")
                and c.i < tok.i}
            if concern:
                members |= {t.i for t in psubj.subtree}
            if (frame := _frame(doc, members)) is not None:
                out.append(frame)
    text = doc_text(doc)
    for m in FIXED_FRAMES.finditer(text):
        span = doc.char_span(m.start(), m.end(), alignment_mode="expand")
        if span is not None:
            out.append(Frame(span.start, span.end, _key(doc, span.start, span.end)))
    for m in SEQUENCE_FRAMES.finditer(text):
        span = doc.char_span(m.start(), m.end(), alignment_mode="expand")
        if span is None or (span.start > 0 and doc[span.start - 1].lower_ in _OWNERS):
            continue
        if not any(f.start <= span.start < f.end for f in out):
            out.append(Frame(span.start, span.end, _key(doc, span.start, span.end)))
    return out


def _names_a_publication(verb: Token, rules: Rules) -> bool:
    """Whether the verb says where the claim was made ("reported in the journal", "said in
    a statement", "told the hearing")."""
    for c in verb.children:
        if c.dep_ == "prep":
            for obj in c.children:
                if obj.dep_ == "pobj" and (obj.lemma_.lower() in PUBLICATION_NOUNS
                                           or obj.lemma_.lower() in rules.medium_nouns):
                    return True
    return False


def _unnamed_group_noun(tok: Token) -> bool:
    """A concern noun with nothing that says whose concern it is ("questions", "growing
    concerns"; not "the union's concerns", "questions from the auditor")."""
    return not any(c.dep_ in ("poss", "prep", "compound", "appos", "acl", "relcl")
                   for c in tok.children)


def frame_spans(doc: Doc, rules: Rules) -> Iterable[tuple[int, int, Frame]]:
    """The frames of ``doc`` as character spans ``(start_char, end_char, frame)``."""
    for f in find_frames(doc, rules):
        last = doc[f.end - 1]
        yield doc[f.start].idx, last.idx + len(last.text), f
