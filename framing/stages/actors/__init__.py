"""Actors: the people, organisations, governments, countries and groups an article names,
their mentions grouped, and the loaded terms attached to each through the parse.

May import: records, errors, nlp, stages.attribution; its modules import each other, never
this package's ``__init__``, which only gathers the public names.
"""

from framing.stages.actors.finder import ActorFinder
from framing.stages.actors.rules import ActorRules, load_actor_rules

__all__ = ["ActorFinder", "ActorRules", "load_actor_rules"]
