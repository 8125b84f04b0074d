"""Source attribution: who is cited (named, anonymous, vague), with which cue verb, direct or
indirect, and which claims carry no source; rules over the spaCy parse.

May import: records, errors, nlp; its modules import each other, never this package's
``__init__``, which only gathers the public names.
"""

from framing.stages.attribution.attributor import (
    Attributor,
    EntityCache,
    Rules,
    load_rules,
    recognise,
    speakers_of,
)

__all__ = ["Attributor", "EntityCache", "Rules", "load_rules", "recognise", "speakers_of"]
