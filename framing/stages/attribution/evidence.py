"""What the words around a name say it is: a person or a body.

The entity recogniser reads an unfamiliar company name ("Halvorsen Tarrant", "Brannock")
as a person's as often as not. The sentence around the name often says otherwise, and
this module weighs what it says (each clue with its weight, none from spaCy's labels):

- an apposition headed by a noun for a body ("Brannock, the Norwegian shipping firm,"),
  or for a person ("Petra Lind, a nurse,");
- a relative pronoun: "which" for a body, "who" for a person;
- the first pronoun after the name in its sentence, before any other name: "its" for a
  body ("said its shares"), "it" as the subject of a company's action ("said it would
  close two plants"; an expletive "it would take years" says nothing), he/she/his/her for
  a person;
- "the company" (a definite noun for a body) as the subject of a clause joined to the
  cue ("X said ..., and the company expects ...").
"""

from __future__ import annotations

from spacy.tokens import Token

from framing.records import SourceType
from framing.stages.attribution.rules import Rules

#: Weight of a clue that can only mean one thing (an apposition, "which"/"who", "its",
#: a personal pronoun), and of "it" doing what a company does (a person may speak of a
#: plan or a law as "it").
STRONG, WEAK = 2, 1

#: Verbs whose subject "it", right after a name, is that name doing what a company
#: does: written by the team from the corporate news verbs of the team's examples.
_BODY_ACTIONS = frozenset(
    """close cut open reopen buy acquire sell hire invest expect agree raise list recall
    pay launch build supply merge shut expand lay employ produce manufacture ship deliver
    export import post book borrow lend issue float file sue settle bid operate own
    sponsor fund restructure divest spin relocate""".split()
)
_CALENDAR = frozenset(
    """monday tuesday wednesday thursday friday saturday sunday january february march
    april may june july august september october november december""".split()
)
_PERSON_PRONOUNS = frozenset({"he", "she", "his", "her", "him", "hers", "himself", "herself"})


def name_evidence(rules: Rules, head: Token, lo: int, hi: int) -> SourceType | None:
    """``organization`` or ``person`` when the words around the name whose head is
    ``head`` (its source's token range ``[lo, hi)``) weigh more one way; else ``None``."""
    body = person = 0
    for child in head.children:
        if child.dep_ == "appos" and child.pos_ == "NOUN":
            lemma = child.lemma_.lower()
            if lemma in rules.organization_nouns:
                body += STRONG
            elif lemma in rules.definite_roles or lemma in rules.anonymous_nouns:
                person += STRONG
        if child.dep_ == "relcl":
            pronouns = {c.lower_ for c in child.children if c.dep_ in ("nsubj", "nsubjpass")}
            body += STRONG * ("which" in pronouns)
            person += STRONG * ("who" in pronouns)
    b, p = _pronoun_after(head, hi)
    body, person = body + b, person + p
    verb = head.head if head.dep_ == "nsubj" else None
    if verb is not None:
        for conj in verb.conjuncts:
            for c in conj.children:
                if (
                    c.dep_ == "nsubj"
                    and c.lemma_.lower() in rules.organization_nouns
                    and any(d.lower_ == "the" for d in c.children)
                ):
                    body += STRONG
    if body > person:
        return "organization"
    if person > body:
        return "person"
    return None


def _pronoun_after(head: Token, hi: int) -> tuple[int, int]:
    """(body, person) weight of the first pronoun after the source in its sentence, before
    any other name."""
    doc = head.doc
    for tok in doc[hi : head.sent.end]:
        if tok.pos_ == "PROPN" and tok.lower_ not in _CALENDAR:
            return 0, 0  # another name: the pronoun may be its
        low = tok.lower_
        if low in _PERSON_PRONOUNS:
            return 0, STRONG
        if low == "its":
            return STRONG, 0
        if low == "it":
            verb = tok.head
            if tok.dep_ == "nsubj" and verb.lemma_.lower() in _BODY_ACTIONS:
                return WEAK, 0
            if tok.dep_ == "nsubj":
                return 0, 0  # an expletive or a thing: "it would take years"
    return 0, 0
