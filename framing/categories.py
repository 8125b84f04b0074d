"""Term categories: every category name and its definition, in one place.

The lexicon categories and their definitions are data: the default lexicon's header
(``seeds/lexicon.jsonl``) declares them and the loader validates them. The two categories
that a rule and the model add are defined here. Renderers take the order (which fixes a
category's colour and marker from one page to the next) and the definitions from
:func:`categories`; the actor rules' polarity table (``seeds/actors.json``) is checked
against it by the tests.
"""

from __future__ import annotations

import functools

from framing.lexicon import load_lexicon

#: short quoted phrases with no speaker (:mod:`framing.stages.voice`)
SCARE_QUOTE = "scare_quote"
#: a speaker's judgement quoted as a short fragment (:mod:`framing.stages.quoted`)
QUOTED_CHARACTERISATION = "quoted_characterisation"
#: adjectives and adverbs the classifier's token head flags (:mod:`framing.stages.modelterms`)
LOADED_MODIFIER = "loaded_modifier"

#: the categories of the rule- and model-found terms, with their definitions
ADDED_CATEGORIES: dict[str, str] = {
    SCARE_QUOTE: "a short phrase in quote marks with no speaker: the writer distancing "
                 "themselves from it",
    QUOTED_CHARACTERISATION: "a speaker's own judgement quoted as a short fragment (called it "
                             "“a betrayal”, said it was ‘an absolute mess’): quoted voice only",
    LOADED_MODIFIER: "an adjective or adverb the classifier's token head flags that no "
                     "lexicon entry covers; its neutral rewrite drops it",
}


@functools.cache
def categories() -> dict[str, str]:
    """Every known category with its definition: the default lexicon's, in its header's
    order, then the rule and model ones."""
    return {**load_lexicon("default").categories, **ADDED_CATEGORIES}


def category_order() -> tuple[str, ...]:
    """The category names in display order."""
    return tuple(categories())
