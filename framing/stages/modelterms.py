"""Model-found terms: loaded words that no lexicon entry covers, from the token head.

The classifier's token head gives every word P(loaded) in the same forward pass that scores
the sentence (no extra pass, no per-word occlusion). A word becomes a term with
``origin: "model"`` when

- P(loaded) >= ``min_word_probability`` of ``seeds/model_terms.json``, in a sentence whose
  P(biased) >= ``min_sentence_probability`` (both chosen on the PTC training articles: the
  token head alone flags evaluative words in sentences that do not read as biased, and those
  are mostly false; a literal "giant" or "mild" sits in a sentence the classifier calls
  neutral);
- it is a content word: an adjective, adverb, verb or common noun, not a stop word, number,
  name (nor a capitalised word inside a sentence), pronoun, auxiliary or reporting verb;
- no lexicon term or scare quote already covers it, and no lexicon term in its sentence was
  read in its literal sense by a ``not_near`` context rule (a "patient" or a "submarine" in
  the sentence says it is about medicine or shipping, and the model's evaluative words there
  are literal too: a "feverish" patient);
- a neutral paraphrase can be proposed:
  - **modifiers** (adjectives, adverbs; adjacent flagged modifiers merge into one phrase,
    "deeply disturbing") are dropped: the neutral sentence goes without them;
  - **verbs and nouns** take the neutral form of the most similar single-word lexicon entry
    of the same part of speech (term and paraphrase), when the cosine similarity of the two
    words under the base encoder as published (all-MiniLM-L6-v2, trained for semantic
    similarity) reaches :data:`NEIGHBOUR_MIN_SIMILARITY`; otherwise the word is not
    reported (a noun or verb cannot simply be dropped).

Categories: ``loaded_modifier`` (dropped modifiers), or the neighbouring lexicon entry's
category for verbs and nouns.
"""

from __future__ import annotations

import functools
import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from importlib import resources

import numpy as np
from spacy.tokens import Doc, Token

from framing.categories import LOADED_MODIFIER
from framing.lexicon import Lexicon
from framing.nlp.segment import doc_text
from framing.records import Quote, Sentence, TermMatch
from framing.stages.context import ArticleContext
from framing.stages.inflect import inflect_paraphrase, known_as
from framing.stages.voice import is_mention, reporting_cues, voice_of

MODIFIER_CATEGORY = LOADED_MODIFIER
#: Minimum cosine similarity between a flagged verb/noun and a lexicon entry's term for the
#: entry's neutral form to be proposed as the paraphrase.
NEIGHBOUR_MIN_SIMILARITY = 0.6
_MODIFIER_POS = frozenset({"ADJ", "ADV"})
_HEAD_POS = frozenset({"VERB", "NOUN"})
_NEVER = frozenset(
    "not never no very so too also just only even still already more most less least much "
    "many few other such same own new old first last next former latter".split()
)
_NOTE_MODIFIER = (
    "Found by the model's token head (not in the lexicon); the neutral sentence drops it."
)


@dataclass(frozen=True)
class Neighbour:
    """The lexicon entry closest to a word, with its similarity."""

    term: str
    category: str
    neutral: str
    direction: str
    similarity: float


class LexiconNeighbours:
    """Nearest lexicon entry by encoder cosine similarity, among single-word entries whose
    term and first neutral word are both known (to lemminflect) as the same part of speech
    as the word: a flagged noun gets a noun paraphrase, a verb a verb."""

    def __init__(self, lexicon: Lexicon, embed: Callable[[list[str]], np.ndarray]) -> None:
        self.embed = embed
        self.entries = [
            e for e in lexicon.entries
            if " " not in e.term and "<" not in e.term and e.neutral[0].strip()
            and " " not in e.neutral[0].strip()
        ]
        self.pos_ = {
            pos: np.array([
                known_as(e.term, pos) and known_as(e.neutral[0].strip(), pos)
                for e in self.entries
            ], dtype=bool)
            for pos in _HEAD_POS
        }
        self.vectors_: np.ndarray | None = None
        self._seen: dict[str, np.ndarray] = {}  # word -> embedding, across articles

    #: words whose embeddings are kept (a corpus repeats its vocabulary)
    CACHE_WORDS = 50_000

    def _embed_words(self, words: Sequence[str]) -> np.ndarray:
        known = {w: v for w in words if (v := self._seen.get(w)) is not None}
        new = list(dict.fromkeys(w for w in words if w not in known))
        if new:
            fresh = dict(zip(new, self.embed(new), strict=True))
            if len(self._seen) + len(new) > self.CACHE_WORDS:
                self._seen = {}
            self._seen.update(fresh)
            known.update(fresh)
        return np.stack([known[w] for w in words])

    def nearest(self, words: Sequence[str], pos: Sequence[str]) -> list[Neighbour | None]:
        """The nearest entry of the same part of speech for each word (None if none)."""
        if not words or not self.entries:
            return [None] * len(words)
        if self.vectors_ is None:
            self.vectors_ = self.embed([e.term for e in self.entries])
        sims = self._embed_words(words) @ self.vectors_.T
        out: list[Neighbour | None] = []
        for row, p in zip(sims, pos, strict=True):
            allowed = self.pos_.get(p)
            if allowed is None or not allowed.any():
                out.append(None)
                continue
            k = int(np.argmax(np.where(allowed, row, -np.inf)))
            e = self.entries[k]
            out.append(Neighbour(e.term, e.category, e.neutral[0], e.direction, float(row[k])))
        return out


@dataclass(frozen=True)
class ModelTermRules:
    """The word list and threshold of ``seeds/model_terms.json`` (see its notes)."""

    never_alone: frozenset[str]
    min_loading: float
    min_word_probability: float
    min_sentence_probability: float


@functools.cache
def model_term_rules() -> ModelTermRules:
    """The packaged rules for model-found terms, read once."""
    data = json.loads(resources.files("framing.seeds").joinpath("model_terms.json")
                      .read_text("utf-8"))
    return ModelTermRules(
        never_alone=frozenset(w.lower() for w in data["never_alone"]["words"]),
        min_loading=float(data["min_loading"]["value"]),
        min_word_probability=float(data["min_word_probability"]["value"]),
        min_sentence_probability=float(data["min_sentence_probability"]["value"]),
    )


def _candidate(token: Token, cues: dict[str, str]) -> bool:
    if token.is_stop or token.like_num or not token.is_alpha or len(token.text) < 3:
        return False
    if token.lower_ in model_term_rules().never_alone:
        return False
    if token.text[:1].isupper() and not token.is_sent_start:  # names, "Venezuelan"
        return False
    if token.lower_ in _NEVER or token.lemma_.lower() in cues:
        return False
    return token.pos_ in _MODIFIER_POS or token.pos_ in _HEAD_POS


def find_model_terms(
    doc: Doc,
    sentences: Sequence[Sentence],
    token_probs: Sequence[np.ndarray],
    threshold: float,
    taken: Sequence[tuple[int, int]],
    quotes: Sequence[Quote],
    neighbours: LexiconNeighbours | None,
) -> list[tuple[TermMatch, float]]:
    """Terms found by the token head (see the module docstring), each with its P(loaded)
    (the highest of its words).

    ``token_probs[i]`` holds P(loaded) for each token of ``doc`` in sentence ``i`` (in
    token order, as produced by the pipeline from the word-piece probabilities); a sentence
    left out of the search gets an empty array.
    """
    cues = reporting_cues()
    flagged: list[tuple[Token, float, int]] = []
    for sent, probs in zip(sentences, token_probs, strict=True):
        span = doc.char_span(sent.start_char, sent.end_char, alignment_mode="expand")
        if span is None:
            continue
        for tok, p in zip(span, probs, strict=False):
            if p < threshold or not _candidate(tok, cues):
                continue
            s, e = tok.idx, tok.idx + len(tok.text)
            if any(s < te and e > ts for ts, te in taken):
                continue
            flagged.append((tok, float(p), sent.index))
    # merge adjacent modifiers ("deeply disturbing") into one phrase
    groups: list[list[tuple[Token, float, int]]] = []
    for item in flagged:
        tok = item[0]
        prev = groups[-1][-1][0] if groups else None
        if (
            prev is not None and tok.i == prev.i + 1 and tok.pos_ in _MODIFIER_POS
            and prev.pos_ in _MODIFIER_POS and groups[-1][-1][2] == item[2]
        ):
            groups[-1].append(item)
        else:
            groups.append([item])
    heads = [g[0][0] for g in groups if g[0][0].pos_ in _HEAD_POS]
    near = iter(
        neighbours.nearest([t.lemma_.lower() for t in heads], [t.pos_ for t in heads])
        if neighbours else []
    )
    out: list[tuple[TermMatch, float]] = []
    for group in groups:
        first, last = group[0][0], group[-1][0]
        start, end = first.idx, last.idx + len(last.text)
        surface = doc_text(doc)[start:end]
        p_max = max(p for _, p, _ in group)
        fields: dict[str, str] = {}
        if first.pos_ in _MODIFIER_POS:
            fields = {"category": MODIFIER_CATEGORY, "neutral": "", "direction": "none",
                      "note": f"{_NOTE_MODIFIER} P(loaded) {p_max:.2f}."}
        else:
            nb = next(near, None)
            if nb is None or nb.similarity < NEIGHBOUR_MIN_SIMILARITY:
                continue
            neutral = inflect_paraphrase(nb.neutral, doc[first.i : first.i + 1])
            fields = {
                "category": nb.category, "neutral": neutral, "direction": nb.direction,
                "note": (f"Found by the model's token head (not in the lexicon), P(loaded) "
                         f"{p_max:.2f}; paraphrase from the nearest lexicon entry "
                         f"\u201c{nb.term}\u201d (similarity {nb.similarity:.2f}), with its "
                         f"category and direction."),
            }
        out.append((
            TermMatch(
                surface=surface, start_char=start, end_char=end, sentence_index=group[0][2],
                term=" ".join(t.lemma_.lower() for t, _, _ in group),
                voice=voice_of(start, end, quotes), origin="model",
                mention=is_mention(doc, first.i, last.i + 1),
                **fields,  # type: ignore[arg-type]
            ),
            p_max,
        ))
    return out


class ModelTermFinding:
    """Stage model terms: the loaded words the lexicon misses, from the classifier's token
    head (needs :class:`~framing.stages.classify.SentenceScoring` before it). Only sentences
    with P(biased) >= ``min_sentence`` are searched, for words with P(loaded) >=
    ``threshold``."""

    def __init__(self, threshold: float, neighbours: LexiconNeighbours | None,
                 min_sentence: float = 0.0) -> None:
        self.threshold = threshold
        self.neighbours = neighbours
        self.min_sentence = min_sentence

    def find(self, ctx: ArticleContext) -> list[tuple[TermMatch, float]]:
        """The model-found terms of one article, each with its P(loaded)."""
        pred = ctx.prediction
        assert pred is not None, "model terms need the sentence scores first"
        probs = []
        for k, s in enumerate(ctx.sentences):
            span = ctx.doc.char_span(s.start_char, s.end_char, alignment_mode="expand")
            literal = any(s.start_char <= a < s.end_char for a, _ in ctx.literal_senses)
            if span is None or pred.p_biased[k] < self.min_sentence or literal:
                probs.append(np.zeros(0, dtype=np.float32))
                continue
            toks = [(t.idx - s.start_char, t.idx + len(t.text) - s.start_char) for t in span]
            probs.append(pred.word_probs(k, toks))
        # a lexicon term its context rules read in a neutral sense stays unflagged
        taken = [(t.start_char, t.end_char) for t in ctx.terms] + list(ctx.neutral_senses)
        return find_model_terms(ctx.doc, ctx.sentences, probs, self.threshold, taken,
                                ctx.quotes, self.neighbours)

    def __call__(self, batch: Sequence[ArticleContext]) -> None:
        for ctx in batch:
            found = [t for t, _ in self.find(ctx)]
            ctx.terms = tuple(sorted([*ctx.terms, *found], key=lambda t: t.start_char))


class ModelTermEvidence:
    """Stage model-term evidence: a model-found term stays only when its counterfactual
    agrees that it is loaded (loading >= ``min_loading``; needs
    :class:`~framing.stages.counterfactual.CounterfactualScoring` before it)."""

    def __init__(self, min_loading: float) -> None:
        self.min_loading = min_loading

    def __call__(self, batch: Sequence[ArticleContext]) -> None:
        for ctx in batch:
            ctx.terms = tuple(
                t for t in ctx.terms
                if t.origin != "model" or (t.loading is not None and t.loading >= self.min_loading)
            )
