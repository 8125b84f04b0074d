"""Faster, identical stand-ins for parts of the spaCy pipeline.

The English pipelines' ``attribute_ruler`` (tag-to-POS map, morphology and lemma exceptions:
179 token patterns in ``en_core_web_sm`` 3.8) runs spaCy's general ``Matcher``, which tries
every pattern at every token; on news articles it cost about a third of the parse.
:class:`IndexedAttributeRuler` finds the same matches by looking each token up in an index
of the patterns' ``LOWER`` and ``TAG`` values, then sets the attributes with the ruler's own
code, in the ruler's own order. It handles the predicates these pipelines use (an exact
value, ``IN``, ``NOT_IN``, ``REGEX`` on ``LOWER``/``TAG``/``DEP``, and ``IS_SPACE``);
:func:`speed_up` keeps the original ruler when a pipeline has any other kind of pattern.
``tests/nlp/test_segment.py`` checks token-for-token equality with spaCy's ruler.
"""

from __future__ import annotations

import logging
import re
from collections import defaultdict
from collections.abc import Callable
from typing import Any

from spacy.attrs import IDS
from spacy.language import Language
from spacy.pipeline import AttributeRuler
from spacy.strings import StringStore
from spacy.tokens import Doc

log = logging.getLogger(__name__)

#: the token attributes patterns may test, as columns of ``Doc.to_array``
_COLUMNS: tuple[str, ...] = ("LOWER", "TAG", "DEP", "IS_SPACE")

Predicate = Callable[[Any], bool]
_Item = tuple[int, int, int, tuple[tuple[int, int, Predicate], ...]]


def _predicate(value: Any, strings: StringStore) -> Predicate | None:
    """A test on one column value (a string hash, or 0/1 for ``IS_SPACE``) of a token
    pattern; ``None`` if not understood."""
    if isinstance(value, bool):
        return lambda v: v == int(value)
    if isinstance(value, str):
        h = strings.add(value)
        return lambda v: v == h
    if isinstance(value, dict) and len(value) == 1:
        (op, arg), = value.items()
        if op == "IN" and isinstance(arg, list):
            allowed = frozenset(strings.add(a) for a in arg)
            return lambda v: v in allowed
        if op == "NOT_IN" and isinstance(arg, list):
            banned = frozenset(strings.add(a) for a in arg)
            return lambda v: v not in banned
        if op == "REGEX" and isinstance(arg, str):
            rx = re.compile(arg)
            return lambda v: bool(rx.search(str(strings[v])))
    return None


def _index_values(token_pattern: dict[str, Any], key: str) -> list[str] | None:
    """The values a token must have for ``key`` (for indexing), or None if unrestricted."""
    value = token_pattern.get(key)
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict) and list(value) == ["IN"]:
        return list(value["IN"])
    return None


class IndexedAttributeRuler:
    """The matches of an :class:`~spacy.pipeline.AttributeRuler`, found through an index.

    Built from a loaded ruler; ``__call__`` sets exactly what the ruler would set.
    Raises ``ValueError`` for patterns it does not support.
    """

    def __init__(self, ruler: AttributeRuler) -> None:
        self.ruler = ruler
        # A pattern is indexed by its first token's LOWER values, else its TAG values, else
        # tried everywhere; an item keeps the tests the index does not already settle:
        # (attr_id, match_id, n_tokens, ((token offset, column, predicate), ...)).
        self.by_lower: dict[int, list[_Item]] = defaultdict(list)
        self.by_tag: dict[int, list[_Item]] = defaultdict(list)
        self.always: list[_Item] = []
        strings = ruler.vocab.strings
        for attr_id in range(len(ruler.attrs)):
            match_id = strings[str(attr_id)]
            for pattern in ruler.matcher.get(match_id)[1]:
                lowers = _index_values(pattern[0], "LOWER")
                tags = _index_values(pattern[0], "TAG")
                settled = "LOWER" if lowers is not None else "TAG" if tags is not None else None
                checks = tuple(
                    (k, _COLUMNS.index(key), self._predicate(key, value, strings))
                    for k, token_pattern in enumerate(pattern)
                    for key, value in token_pattern.items()
                    if not (k == 0 and key == settled)
                )
                item = (attr_id, match_id, len(pattern), checks)
                if lowers is not None:
                    for v in lowers:
                        self.by_lower[strings.add(v)].append(item)
                elif tags is not None:
                    for v in tags:
                        self.by_tag[strings.add(v)].append(item)
                else:
                    self.always.append(item)

    @staticmethod
    def _predicate(key: str, value: Any, strings: StringStore) -> Predicate:
        if key not in _COLUMNS:
            raise ValueError(f"unsupported attribute {key!r} in an attribute_ruler pattern")
        pred = _predicate(value, strings)
        if pred is None:
            raise ValueError(f"unsupported value {value!r} in an attribute_ruler pattern")
        return pred

    def match(self, doc: Doc) -> list[tuple[int, int, int, int]]:
        """``(attr_id, match_id, start, end)`` of every match, sorted as the ruler sorts."""
        rows = doc.to_array([IDS[c] for c in _COLUMNS]).tolist()
        n = len(rows)
        found = set()
        lower, tag = _COLUMNS.index("LOWER"), _COLUMNS.index("TAG")
        empty: list[_Item] = []
        for i, row in enumerate(rows):
            for attr_id, match_id, length, checks in (
                *self.by_lower.get(row[lower], empty), *self.by_tag.get(row[tag], empty),
                *self.always,
            ):
                if i + length <= n and all(pred(rows[i + k][col]) for k, col, pred in checks):
                    found.add((attr_id, match_id, i, i + length))
        return sorted(found)

    def __call__(self, doc: Doc) -> Doc:
        self.ruler.set_annotations(doc, self.match(doc))
        return doc


@Language.factory("framing_attribute_ruler")
def _make_indexed_ruler(nlp: Language, name: str) -> Callable[[Doc], Doc]:
    ruler = nlp.get_pipe("attribute_ruler")
    assert isinstance(ruler, AttributeRuler)
    return IndexedAttributeRuler(ruler)


def speed_up(nlp: Language) -> Language:
    """Put :class:`IndexedAttributeRuler` in place of the pipeline's ``attribute_ruler``
    (kept when its patterns are of a kind the index does not handle)."""
    if "attribute_ruler" not in nlp.pipe_names:
        return nlp
    ruler = nlp.get_pipe("attribute_ruler")
    if not isinstance(ruler, AttributeRuler):
        return nlp
    try:
        IndexedAttributeRuler(ruler)
    except ValueError as err:
        log.debug("keeping spaCy's attribute_ruler: %s", err)
        return nlp
    nlp.add_pipe("framing_attribute_ruler", before="attribute_ruler")
    nlp.disable_pipe("attribute_ruler")
    return nlp
