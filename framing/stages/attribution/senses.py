"""Reporting verbs in their other senses: a cue verb that reports nothing.

Every verb of the cue list has senses in which no one says anything: the subject cannot
speak ("the storm claimed three lives", "only time will tell"), the object is not a claim
("claimed the title", "posted a loss", "called an election", "dismissed the case"), the
verb sits in a fixed phrase ("needless to say", "that is to say", "let's say") or in an
infinitive of purpose after a verb that is no speech act ("met her counterpart to discuss
the deal": the meeting's aim, not a quotation). The word lists are ``other_senses`` in
``seeds/attribution.json``.
"""

from __future__ import annotations

from spacy.tokens import Token

from framing.stages.attribution.rules import Rules

#: Dependencies of a cue's children that make it report more than a plain object: a
#: clause, an open complement, a label ("called the plan a disaster") or "as" ("dismissed
#: the claims as a smear").
_MORE_THAN_OBJECT = frozenset({"ccomp", "xcomp", "oprd", "attr", "acomp", "csubj"})
_SUBJECTS = ("nsubj", "nsubjpass", "csubj", "expl")
_APOSTROPHES = str.maketrans({"\u2019": "'", "\u2018": "'"})


def other_sense(tok: Token, rules: Rules, subject: Token | None, quoted: bool) -> bool:
    """Whether the cue verb ``tok`` is used in a sense that reports nothing (``subject``:
    the cue's subject as the source finder sees it; ``quoted``: a quotation stands next to
    the cue, which then reports it whatever the object)."""
    lemma = tok.lemma_.lower()
    if _fixed_phrase(tok, rules):
        return True
    if (
        subject is not None
        and subject.pos_ != "PROPN"
        and subject.lemma_.lower() in rules.non_speakers
    ):
        return True  # "the storm claimed three lives", "only time will tell"
    if quoted:
        return False
    if _purpose(tok, rules):
        return True
    kids = list(tok.children)
    if any(c.dep_ in _MORE_THAN_OBJECT for c in kids) or any(
        c.dep_ == "prep" and c.lower_ == "as" for c in kids
    ):
        return False
    objects = [c for c in kids if c.dep_ == "dobj"]
    if lemma in rules.object_needs and objects:
        # "called an election", "charges $20 a night": only "called for", "charged with"
        preps = rules.object_needs[lemma]
        return not any(c.dep_ in ("prep", "prt") and c.lower_ in preps for c in kids)
    things = rules.not_claims.get(lemma)
    if things and objects:
        obj = objects[0]
        return obj.lemma_.lower() in things or obj.lower_ in things
    return False


def _purpose(tok: Token, rules: Rules) -> bool:
    """An infinitive of purpose ("met ... to discuss the deal", "to decide whether") after a
    verb of meeting or going (``purpose_heads``). One that reports a clause ("went on
    television to announce that ...") still reports."""
    if tok.tag_ != "VB" or tok.dep_ not in ("advcl", "acl", "xcomp"):
        return False
    if tok.head.lemma_.lower() not in rules.purpose_heads:
        return False
    if not any(c.dep_ == "aux" and c.lower_ == "to" for c in tok.children):
        return False
    if tok.head.lemma_.lower() in rules.verbs:
        return False
    for c in tok.children:
        if c.dep_ == "ccomp" and not any(
            m.dep_ == "mark" and m.lower_ in ("whether", "if") for m in c.children
        ):
            return False
    return True


def _fixed_phrase(tok: Token, rules: Rules) -> bool:
    """Whether the cue word is part of a fixed phrase of its sentence ("needless to say",
    "that is to say", "let's say", "that said", "say, 5 percent")."""
    sent = tok.sent
    text = sent.text.lower().translate(_APOSTROPHES)
    at = tok.idx - sent.start_char
    for phrase in rules.fixed_phrases:
        start = text.find(phrase)
        while start != -1:
            end = start + len(phrase)
            before_ok = start == 0 or not text[start - 1].isalnum()
            after_ok = end == len(text) or not text[end].isalnum()
            if before_ok and after_ok and start <= at < end:
                return True
            start = text.find(phrase, start + 1)
    # "say" for "for example", set off by commas: "charge, say, 5 percent"
    doc = tok.doc
    return (
        tok.lower_ == "say"
        and 0 < tok.i < len(doc) - 1
        and doc[tok.i - 1].text == ","
        and doc[tok.i + 1].text == ","
        and not any(c.dep_ in _SUBJECTS for c in tok.children)
    )
