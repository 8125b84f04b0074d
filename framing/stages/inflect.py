"""Paraphrases inflected like the words they replace: "revealed" -> "said", "union bosses"
-> "union leaders" (:func:`inflect_paraphrase`), with lemminflect's word forms."""

from __future__ import annotations

from lemminflect import getAllInflections, getInflection, getLemma
from spacy.tokens import Span

_VERB_FORMS = frozenset({"VBD", "VBN", "VBZ", "VBG"})
_PLURAL_NOUNS = frozenset({"NNS", "NNPS"})
_PREPOSITIONS = frozenset(
    "for of to in on with without from against by at under over into about between through "
    "as than".split()
)


def known_as(word: str, upos: str) -> bool:
    """Whether lemminflect knows ``word`` as a lemma of part of speech ``upos``."""
    return bool(getAllInflections(word, upos=upos))


def inflect_paraphrase(paraphrase: str, span: Span) -> str:
    """Inflect a base-form paraphrase like the matched text.

    The matched span decides: a past, participle, -ing or third-person verb as its head
    inflects the paraphrase's first word when that is a known verb ("revealed" -> "said"); a
    plural noun as its head or last token pluralises the paraphrase's head noun, its last word
    before any preposition ("union bosses" -> "union leaders"; not a plural object of a
    preposition inside the term, "war on unions", nor a head already plural). Words
    lemminflect does not know are pluralised by rule unless they are known adjectives or
    adverbs; anything else is left as written.
    """
    if not paraphrase.strip():
        return paraphrase
    words = paraphrase.split(" ")
    root, last = span.root, span[-1]
    if root.pos_ in ("VERB", "AUX") and root.tag_ in _VERB_FORMS:
        first = words[0]
        if first.islower() and known_as(first, "VERB"):
            forms = getInflection(first, tag=root.tag_)
            if forms:
                words[0] = forms[0]
    elif root.tag_ in _PLURAL_NOUNS or (last.tag_ in _PLURAL_NOUNS and last.pos_ == "NOUN"
                                        and not _after_preposition(span)):
        head = next((i - 1 for i, w in enumerate(words) if w in _PREPOSITIONS and i > 0), None)
        head = len(words) - 1 if head is None else head
        word = words[head]
        known_noun = known_as(word, "NOUN")
        other = known_as(word, "ADJ") or known_as(word, "ADV") or known_as(word, "VERB")
        if word.islower() and (known_noun or not other) and not _plural_already(word):
            forms = getInflection(word, tag="NNS", inflect_oov=not known_noun)
            if forms:
                words[head] = forms[0]
    return " ".join(words)


def _after_preposition(span: Span) -> bool:
    """Whether the span's last word follows a preposition of the span ("war on unions")."""
    return any(t.lower_ in _PREPOSITIONS for t in span[:-1])


def _plural_already(word: str) -> bool:
    """Whether lemminflect reads the noun as a plural form ("restrictions", "leaders")."""
    lemmas = getLemma(word, upos="NOUN")
    return bool(lemmas) and lemmas[0] != word
