"""Source attribution: who is cited (named, anonymous, vague), with which cue verb, direct or
indirect, and which claims carry no source; rules over the spaCy parse.

May import: records, errors, nlp; its modules import each other, never this package's
``__init__``, which only gathers the public names.
"""

from framing.stages.attribution.attributor import Attributor, speakers_of
from framing.stages.attribution.entities import EntityCache, recognise
from framing.stages.attribution.rules import Rules, load_rules

__all__ = ["Attributor", "EntityCache", "Rules", "load_rules", "recognise", "speakers_of"]
