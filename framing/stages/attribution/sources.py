"""Sources: the subject that cites, its token range and head, and its type (person,
organization, document, anonymous, vague) with the name it resolves to."""

from __future__ import annotations

from typing import Any

from spacy.tokens import Doc, Token

from framing.nlp.names import full_name, name_tokens, strip_titles, titled_before, titled_inside
from framing.nlp.segment import doc_text
from framing.records import Source, SourceType
from framing.stages.attribution.entities import EntityCache, _referent, _titled_names, recognise
from framing.stages.attribution.evidence import name_evidence
from framing.stages.attribution.rules import (
    _ANONYMITY_IN_SENTENCE,
    _RELATIVE_PRONOUNS,
    _SUBJECT_DEPS,
    MAX_SOURCE_TOKENS,
    Rules,
    load_rules,
)
from framing.stages.attribution.spans import _chars, _subtree_range, _trim


def _subject(token: Token) -> Token | None:
    for child in token.children:
        if child.dep_ in _SUBJECT_DEPS and child.dep_ != "nsubjpass":
            return child
    # "..., adding that", "and said": the subject of the clause the cue hangs from
    head = token
    for _ in range(3):
        if head.dep_ in ("advcl", "conj", "xcomp", "pcomp") and head.head is not head:
            head = head.head
            for child in head.children:
                if child.dep_ in ("nsubj", "csubj"):
                    return child
        else:
            break
    return None


def _gapped_source(cue: Token, cue_start: int) -> tuple[int, int] | None:
    """The source of a cue inside a reduced relative clause ("a deal critics say will hurt
    farmers", "a scheme regulators said was fraudulent"): the reported clause has no
    subject (it is the noun before the source), and the source is the noun phrase right
    before the cue, without that noun ("critics", not "a deal critics")."""
    doc = cue.doc
    comps = [c for c in cue.children if c.dep_ == "ccomp" and c.i > cue.i]
    if any(c.dep_ in ("dobj", "dative") for c in cue.children):
        return None  # "a letter ... indicates his final day will be": a misread object
    if not comps or any(
        c.dep_ in ("nsubj", "nsubjpass", "csubj", "expl", "mark") for c in comps[0].children
    ):
        return None
    i = cue_start - 1
    sent_start = cue.sent.start
    if i < sent_start or doc[i].pos_ not in ("NOUN", "PROPN", "PRON"):
        return None
    if doc[i].pos_ == "PRON" and doc[i].lower_ not in _GAP_PRONOUNS:
        return None
    # only where the parse went wrong: no subject, a subject that takes in the noun before
    # it ("a deal critics"), or a subject whose relative clause swallowed the source
    subject = _subject(cue)
    if subject is not None and subject.i != i:
        node, inside_clause = doc[i], False
        while node.head.i != node.i and node.i != subject.i:
            inside_clause = inside_clause or node.dep_ in ("relcl", "acl")
            node = node.head
        if node.i != subject.i or not inside_clause:
            return None
    lo = i
    while lo - 1 >= sent_start:
        prev = doc[lo - 1]
        if prev.pos_ in ("DET", "ADJ", "NUM", "PROPN") or prev.tag_ == "PRP$" or (
            prev.dep_ == "amod" and prev.head.i == i
        ):
            if prev.pos_ == "NUM" and prev.head.i != i:
                break
            lo -= 1
        else:
            break
    if subject is not None and subject.i == i and (lo == 0 or doc[lo - 1].pos_ != "NOUN"):
        return None  # nothing before the source was swallowed: its own range stands
    return lo, i + 1


_GAP_PRONOUNS = frozenset({"he", "she", "they", "we", "i", "you"})


def _source_range(subject: Token) -> tuple[int, int]:
    """The source's token range: the subject's subtree (appositions included), or for a
    relative pronoun ("who said") the antecedent's noun phrase without its clause."""
    doc = subject.doc
    if subject.lower_ in _RELATIVE_PRONOUNS and subject.head.dep_ == "relcl":
        noun = subject.head.head
        clause = subject.head
        lo, hi = _subtree_range(noun, exclude=[clause])
    else:
        # appositions and relative clauses belong to the source, participles do not
        # ("A Quinnipiac poll released in August", "Trump, speaking to veterans,")
        cut = [
            c
            for c in subject.rights
            if c.dep_ in ("acl", "advcl")
            and not any(
                m in doc[c.left_edge.i : c.right_edge.i + 1].text.lower()
                for m in load_rules().anonymous_markers
            )
        ]
        lo, hi = _subtree_range(subject, exclude=cut[:1])
    lo, hi = _trim(doc, lo, hi)
    if hi < len(doc) and doc[hi].text == ")" and "(" in doc[lo:hi].text:
        hi += 1
    if hi - lo > MAX_SOURCE_TOKENS:
        lo, hi = _trim(doc, subject.left_edge.i, subject.i + 1)
    # an apposition's closing comma belongs to the source ("Ana Ruiz, the coach, said")
    if hi < len(doc) and doc[hi].text == "," and any(t.text == "," for t in doc[lo:hi]):
        hi += 1
    return lo, hi


def _source_head(doc: Doc, lo: int, hi: int) -> Token:
    """The syntactic head of a token range (the token whose head lies outside it)."""
    for tok in doc[lo:hi]:
        if not lo <= tok.head.i < hi or tok.head.i == tok.i:
            return tok
    return doc[hi - 1]


def _source(
    rules: Rules,
    ner: Any,
    doc: Doc,
    rng: tuple[int, int],
    named: list[tuple[int, str, SourceType, str | None]],
    mentions: list[tuple[int, str]],
    ents_cache: EntityCache,
) -> Source:
    """The source a token range names, typed, with the name it stands for (``named``: the
    named sources cited so far; ``mentions``: the article's name runs; ``ner``: spaCy's
    entity recogniser, run on the source's sentence only when the rules cannot tell)."""
    lo, hi = rng
    start, end = _chars(doc, lo, hi)
    text = doc_text(doc)[start:end]
    head = _source_head(doc, lo, hi)
    low = text.lower()
    sent_low = head.sent.text.lower()
    head_lemma = head.lemma_.lower()
    # pronouns and roles that point back to someone named earlier
    pronoun = hi - lo == 1 and head.lower_ in rules.person_pronouns | rules.group_pronouns
    role = (
        hi - lo <= 3
        and doc[lo].lower_ == "the"
        and not any(t.pos_ == "PROPN" for t in doc[lo:hi])
        and (head_lemma in rules.definite_roles or head_lemma in rules.organization_nouns)
    )
    if pronoun or role:
        if head.lower_ in rules.person_pronouns or (
            role and head_lemma in rules.definite_roles
        ):
            want: SourceType = "person"
        else:
            want = "organization"
        gender = {"he": "m", "him": "m", "his": "m", "she": "f", "her": "f"}.get(head.lower_)
        referent = _referent(rules, ner, doc, head, want, gender, named, mentions, ents_cache)
        if referent is not None:
            return Source(text, start, end, want, referent)
        if pronoun:
            kind: SourceType = "person" if want == "person" else "vague"
            return Source(text, start, end, kind, None)
    all_ents = ents_cache.ents
    ents = [e for e in all_ents if start <= e[0] and e[1] <= end]
    persons = [e for e in ents if e[2] == "PERSON"]
    orgs = [e for e in ents if e[2] in ("ORG", "GPE", "NORP", "FAC")]
    # a name in apposition to a role: "its chief financial officer, Ruth Mbeki"
    appos = [c for c in head.children if c.dep_ == "appos" and c.pos_ == "PROPN"]
    role_before = False
    if head.pos_ != "PROPN" and appos and head_lemma not in rules.organization_nouns:
        head_lemma, head, role_before = appos[0].lemma_.lower(), appos[0], True
    withheld = any(m in low for m in rules.anonymous_markers) or any(
        m in sent_low for m in _ANONYMITY_IN_SENTENCE
    )
    if head.pos_ != "PROPN" and not persons:
        if head_lemma in rules.anonymous_nouns or withheld:
            return Source(text, start, end, "anonymous", None)
        if head_lemma in rules.document_nouns:
            # "a statement from the ministry", "a court filing"; bare "reports": vague
            owned = (
                bool(orgs)
                or any(t.pos_ == "PROPN" for t in doc[lo:hi])
                or any(c.dep_ in ("poss", "prep", "compound") for c in head.children)
            )
            if head.tag_ == "NNS" and not owned:
                return Source(text, start, end, "vague", None)
            return Source(text, start, end, "document", None)
        if head_lemma in rules.vague_nouns or head.pos_ in ("DET", "PRON", "ADJ", "NUM"):
            return Source(text, start, end, "vague", None)
        if head_lemma in rules.organization_nouns or (
            orgs and head_lemma not in rules.definite_roles
        ):
            # "Both countries", "Several ministries": an unnamed group of bodies is no
            # one body; "Police", "authorities" stand for one institution
            group = (
                head.tag_ == "NNS"
                and head_lemma not in rules.collective_bodies
                and not orgs
                and not any(t.pos_ == "PROPN" for t in doc[lo:hi])
            )
            return Source(text, start, end, "vague" if group else "organization", None)
        # an office ("the prime minister", "the mayor of Dunmore") is someone checkable;
        # any other description of an unnamed individual ("a farmer", "the strongman"
        # nobody was named before) is anonymous, an unnamed crowd vague
        indefinite = doc[lo].lower_ in ("a", "an", "another", "one")
        if head_lemma in rules.titles and not indefinite and head.tag_ != "NNS":
            return Source(text, start, end, "person", None)
        return Source(text, start, end, "vague" if head.tag_ == "NNS" else "anonymous", None)
    # a name: spaCy's entity at the head, checked against the article's other mentions
    # ("El Aissami" after "Tareck El Aissami" is a person) and the words around it
    if head_lemma in rules.organization_nouns:  # "the Ministry of Health"
        name = " ".join(t.text for t in doc[lo:hi] if t.lower_ != "the" or t.i > lo)
        return Source(text, start, end, "organization", name)
    run = name_tokens(doc, head)
    words = strip_titles(run, rules.titles)
    name = full_name(" ".join(words) if words else text, mentions, start)
    earlier = [kind for _, n, kind, _ in named if n == name]
    if earlier:
        return Source(text, start, end, earlier[-1], name)
    titled = (
        role_before
        or name in _titled_names(rules, doc, ents_cache)
        or titled_inside(run, rules.titles)
        or titled_before(run[0], rules.titles, rules.definite_roles)
    )
    if any(w.lower() in rules.organization_nouns for w in words[1:]):
        return Source(text, start, end, "organization", name)  # "Harlow Tenants Union"
    if titled:
        return Source(text, start, end, "person", name)
    # what the sentence says the name is ("Brannock, the shipping firm,", "said its
    # shares", "who founded"), before the recogniser's guess
    evidence = name_evidence(rules, head, lo, hi)
    if evidence is not None:
        return Source(text, start, end, evidence, name)
    recognise(ner, doc, [head.sent], ents_cache)
    all_ents = ents_cache.ents
    at_head = [e[2] for e in all_ents if e[0] <= head.idx < e[1]]
    last = name.split()[-1]
    if ents_cache.last_words is None:
        full = doc_text(doc)
        ents_cache.last_words = (
            {full[x:y].split()[-1] for x, y, label in all_ents if label == "PERSON"},
            {
                full[x:y].split()[-1]
                for x, y, label in all_ents
                if label in ("ORG", "GPE", "NORP")
            },
        )
    people, bodies = ents_cache.last_words

    if any(w.lower() in rules.organization_nouns for w in words[1:]) or (
        at_head[:1] in (["ORG"], ["GPE"], ["NORP"]) and not titled and last not in people
    ):
        return Source(text, start, end, "organization", name)
    if at_head[:1] == ["PERSON"] or titled or last in people:
        return Source(text, start, end, "person", name)
    if last in bodies or head_lemma in rules.organization_nouns:
        return Source(text, start, end, "organization", name)
    return Source(text, start, end, "person", name)
