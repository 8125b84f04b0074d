"""Lexicons of loaded terms: a validated data file, resolved by name or path.

A lexicon is a UTF-8 JSON Lines file. The first line is a header naming the lexicon and
declaring its categories; every further line is one entry::

    {"lexicon": "my-lexicon", "version": "1.0.0", "license": "CC-BY-4.0",
     "description": "...", "categories": {"political_label": "what it means", ...}}
    {"term": "socialist regime", "category": "political_label", "neutral": ["government"],
     "direction": "right", "domain": "government", "note": "why it is loaded",
     "context": {"not_after": ["tax"]}}

Entry fields (``domain`` and ``context`` optional):

- ``term``: lowercase words in base (lemma) form; each word matches a token whose lowercase
  form or lemma equals it, so ``"illegal alien"`` matches "Illegal aliens". Hyphens are
  optional in matching. ``<name>`` is a slot for a run of proper nouns
  (``"<name> regime"`` matches "the Maduro regime").
- ``category``: one of the categories the header declares.
- ``neutral``: non-empty list of neutral paraphrases, best first; ``""`` means the neutral
  wording drops the term (a modifier such as "cash-starved"). May use ``<name>``.
- ``direction``: ``left``, ``right`` or ``none``: whose framing the term typically carries.
- ``note``: one line on what the term implies.
- ``context``: rules that veto a match in a neutral sense: ``not_after`` / ``not_before``
  (the token right before / after the term), ``not_near`` (anywhere in the sentence), each a
  list of lowercase words or lemmas, and ``pos`` (allowed Universal POS tags of the term's last
  token); ``near`` is the opposite of ``not_near``: the term counts only when one of its
  words is in the sentence ("invasion" near "migrants"), and ``before`` is the opposite of
  ``not_before``: the term counts only when the token (or phrase) right after it is one of
  these (the noun "Democrat" used as an adjective: "Democrat lawmakers", not "a Democrat"),
  and ``after`` is the opposite of ``not_after``: the term counts only right after one of
  these tokens, where ``^`` stands for the start of the sentence ("As ever, the ministry
  blamed the weather" and ", as ever," but not "as strong as ever").

Loading validates everything and reports every problem with its line number: a lexicon is data,
and a duplicate or an unknown category is an error, never a silent overwrite.
"""

from __future__ import annotations

import difflib
import hashlib
import json
import re
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

from framing.errors import ConfigError, LexiconError, LexiconNotFoundError

#: Directions a term's framing can carry (the side of US/UK politics that typically uses it).
DIRECTIONS = ("left", "right", "none")

#: Universal POS tags (https://universaldependencies.org/u/pos/) allowed in ``context.pos``.
UPOS_TAGS = frozenset(
    "ADJ ADP ADV AUX CCONJ DET INTJ NOUN NUM PART PRON PROPN PUNCT SCONJ SYM VERB X".split()
)

#: The slot that matches a run of proper nouns.
NAME_SLOT = "<name>"

#: Lexicons shipped in the package (``framing.seeds``), by name.
PACKAGED_LEXICONS: Mapping[str, str] = {"default": "lexicon.jsonl"}

_HEADER_FIELDS = {"lexicon", "version", "license", "description", "categories", "domains"}
_HEADER_REQUIRED = ("lexicon", "version", "license", "categories")
_ENTRY_FIELDS = {"term", "category", "neutral", "direction", "domain", "note", "context"}
_ENTRY_REQUIRED = ("term", "category", "neutral", "direction", "note")
_CONTEXT_FIELDS = {"not_after", "after", "not_before", "before", "not_near", "near", "pos"}
_MAX_REPORTED_PROBLEMS = 20


@dataclass(frozen=True)
class ContextRule:
    """Conditions under which a term is *not* loaded (its neutral senses)."""

    not_after: frozenset[str] = frozenset()
    after: frozenset[str] = frozenset()
    not_before: frozenset[str] = frozenset()
    before: frozenset[str] = frozenset()
    not_near: frozenset[str] = frozenset()
    near: frozenset[str] = frozenset()
    pos: frozenset[str] = frozenset()

    def __bool__(self) -> bool:
        return bool(self.not_after or self.after or self.not_before or self.before
                    or self.not_near or self.near or self.pos)


@dataclass(frozen=True)
class LexiconEntry:
    """One loaded term with its category, neutral paraphrases and context rules."""

    term: str
    category: str
    neutral: tuple[str, ...]
    direction: str
    note: str
    domain: str = "general"
    context: ContextRule = field(default_factory=ContextRule)
    line: int = 0

    @property
    def has_slot(self) -> bool:
        return NAME_SLOT in self.term


@dataclass(frozen=True)
class Lexicon:
    """A validated lexicon: metadata, declared categories, entries and a content hash.

    ``sha256`` is the SHA-256 of the file's bytes (line endings normalised to ``\\n``), so
    ``sha256sum`` on a checked-out file reproduces it.
    """

    name: str
    version: str
    license: str
    description: str
    categories: Mapping[str, str]
    entries: tuple[LexiconEntry, ...]
    sha256: str
    source: str

    def __len__(self) -> int:
        return len(self.entries)

    def provenance(self) -> dict[str, Any]:
        """What a report records about the lexicon it used."""
        return {
            "name": self.name,
            "version": self.version,
            "sha256": self.sha256,
            "license": self.license,
            "n_entries": len(self.entries),
        }

    def stats(self) -> dict[str, dict[str, int]]:
        """Entry counts by category, direction and domain, and category x direction."""
        return {
            "category": dict(Counter(e.category for e in self.entries).most_common()),
            "direction": dict(Counter(e.direction for e in self.entries).most_common()),
            "domain": dict(Counter(e.domain for e in self.entries).most_common()),
            "category_direction": dict(
                sorted(Counter(f"{e.category}/{e.direction}" for e in self.entries).items())
            ),
        }


def term_key(term: str) -> str:
    """The form under which two terms count as duplicates: lowercase, hyphens as spaces."""
    return " ".join(re.split(r"[\s\-\u2010\u2011]+", term.strip().lower())).strip()


def _did_you_mean(value: str, options: Any) -> str:
    close = difflib.get_close_matches(value, list(options), n=1)
    return f" Did you mean {close[0]!r}?" if close else ""


def _string_list(value: Any) -> list[str] | None:
    if isinstance(value, list) and all(isinstance(v, str) for v in value):
        return value
    return None


def _parse_header(obj: Any, problems: list[str]) -> dict[str, Any]:
    where = "line 1 (header)"
    if not isinstance(obj, dict) or "lexicon" not in obj:
        problems.append(
            f"{where}: the first line must be a header object with a 'lexicon' name, e.g. "
            '{"lexicon": "my-lexicon", "version": "1.0.0", "license": "CC-BY-4.0", '
            '"categories": {"political_label": "..."}}'
        )
        return {}
    for key in obj:
        if key not in _HEADER_FIELDS:
            problems.append(
                f"{where}: unknown field {key!r}.{_did_you_mean(key, _HEADER_FIELDS)} "
                f"Valid fields: {', '.join(sorted(_HEADER_FIELDS))}."
            )
    for key in _HEADER_REQUIRED:
        if key not in obj:
            problems.append(f"{where}: missing required field {key!r}.")
    for key in ("lexicon", "version", "license"):
        if key in obj and (not isinstance(obj[key], str) or not obj[key].strip()):
            problems.append(f"{where}: {key!r} must be a non-empty string; got {obj[key]!r}.")
    cats = obj.get("categories")
    if "categories" in obj and (
        not isinstance(cats, dict)
        or not cats
        or not all(isinstance(k, str) and isinstance(v, str) and v for k, v in cats.items())
    ):
        problems.append(
            f"{where}: 'categories' must map each category name to a one-line description; "
            f"got {cats!r}."
        )
    domains = obj.get("domains")
    if domains is not None and _string_list(domains) is None:
        problems.append(f"{where}: 'domains' must be a list of strings; got {domains!r}.")
    return obj


def _parse_context(value: Any, where: str, problems: list[str]) -> ContextRule:
    if not isinstance(value, dict):
        problems.append(f"{where}: 'context' must be an object; got {value!r}.")
        return ContextRule()
    parts: dict[str, frozenset[str]] = {}
    for key, items in value.items():
        if key not in _CONTEXT_FIELDS:
            problems.append(
                f"{where}: unknown context rule {key!r}.{_did_you_mean(key, _CONTEXT_FIELDS)} "
                f"Valid rules: {', '.join(sorted(_CONTEXT_FIELDS))}."
            )
            continue
        words = _string_list(items)
        if words is None or not words or not all(w.strip() for w in words):
            problems.append(
                f"{where}: context rule {key!r} must be a non-empty list of words; got {items!r}."
            )
            continue
        if key == "pos":
            bad = [w for w in words if w not in UPOS_TAGS]
            if bad:
                problems.append(
                    f"{where}: context 'pos' has unknown tags {bad}; use Universal POS tags "
                    f"({', '.join(sorted(UPOS_TAGS))})."
                )
            parts[key] = frozenset(words)
        else:
            parts[key] = frozenset(w.strip().lower() for w in words)
    return ContextRule(**parts)


def _parse_entry(
    obj: Any, lineno: int, categories: Mapping[str, str], domains: set[str] | None,
    problems: list[str],
) -> LexiconEntry | None:
    where = f"line {lineno}"
    if not isinstance(obj, dict):
        problems.append(f"{where}: an entry must be a JSON object; got {type(obj).__name__}.")
        return None
    n_before = len(problems)
    for key in obj:
        if key not in _ENTRY_FIELDS:
            problems.append(
                f"{where}: unknown field {key!r}.{_did_you_mean(key, _ENTRY_FIELDS)} "
                f"Valid fields: {', '.join(sorted(_ENTRY_FIELDS))}."
            )
    missing = [k for k in _ENTRY_REQUIRED if k not in obj]
    if missing:
        problems.append(f"{where}: missing required field(s) {', '.join(map(repr, missing))}.")
        return None

    term, category, neutral = obj["term"], obj["category"], obj["neutral"]
    direction, note = obj["direction"], obj["note"]
    domain = obj.get("domain", "general")
    if not isinstance(term, str) or not term.strip():
        problems.append(f"{where}: 'term' must be a non-empty string; got {term!r}.")
        return None
    where = f"line {lineno} ({term!r})"
    if term != term.strip() or "  " in term:
        problems.append(f"{where}: 'term' has stray spaces; write single spaces between words.")
    slots = re.findall(r"<[^>]*>", term)
    if any(s != NAME_SLOT for s in slots) or len(slots) > 1 or term.strip() == NAME_SLOT:
        problems.append(
            f"{where}: 'term' may contain the slot {NAME_SLOT} once, next to at least one word; "
            f"got {term!r}."
        )
    if category not in categories:
        problems.append(
            f"{where}: unknown category {category!r}.{_did_you_mean(str(category), categories)} "
            f"The header declares: {', '.join(sorted(categories))}."
        )
    paraphrases = _string_list(neutral)
    if paraphrases is None or not paraphrases:
        problems.append(
            f"{where}: 'neutral' must be a non-empty list of paraphrases (use [\"\"] when the "
            f"neutral wording drops the term); got {neutral!r}."
        )
        paraphrases = []
    elif len(set(paraphrases)) != len(paraphrases):
        problems.append(f"{where}: 'neutral' lists the same paraphrase twice: {paraphrases!r}.")
    for p in paraphrases:
        if NAME_SLOT in p and NAME_SLOT not in term:
            problems.append(f"{where}: paraphrase {p!r} uses {NAME_SLOT} but the term has none.")
        if term_key(p) == term_key(term) and p:
            problems.append(f"{where}: paraphrase {p!r} is the term itself.")
    if direction not in DIRECTIONS:
        problems.append(
            f"{where}: 'direction' must be one of {', '.join(DIRECTIONS)}; got {direction!r}."
        )
    if not isinstance(note, str) or not note.strip():
        problems.append(f"{where}: 'note' must be a non-empty string saying why it is loaded.")
    if not isinstance(domain, str) or (domains is not None and domain not in domains):
        problems.append(
            f"{where}: unknown domain {domain!r}.{_did_you_mean(str(domain), domains or [])} "
            f"The header declares: {', '.join(sorted(domains or []))}."
        )
    context = _parse_context(obj["context"], where, problems) if "context" in obj else None
    if len(problems) > n_before:
        return None
    return LexiconEntry(
        term=term.strip().lower(),
        category=category,
        neutral=tuple(paraphrases),
        direction=direction,
        note=note.strip(),
        domain=domain,
        context=context or ContextRule(),
        line=lineno,
    )


def parse_lexicon(text: str, source: str = "<string>") -> Lexicon:
    """Parse and validate lexicon text (JSON Lines). Raises :class:`LexiconError`.

    All problems are collected and reported together, each with its line number.
    """
    text = text.replace("\r\n", "\n")
    problems: list[str] = []
    header: dict[str, Any] = {}
    entries: list[LexiconEntry] = []
    seen: dict[str, int] = {}
    lines = [(i, line) for i, line in enumerate(text.split("\n"), start=1) if line.strip()]
    if not lines:
        raise LexiconError(f"Lexicon {source} is empty; it needs a header line and entries.")
    for pos, (lineno, line) in enumerate(lines):
        try:
            obj = json.loads(line)
        except json.JSONDecodeError as err:
            problems.append(f"line {lineno}: not valid JSON ({err.msg} at column {err.colno}).")
            continue
        if pos == 0:
            header = _parse_header(obj, problems)
            continue
        if not header:
            break
        cats = header.get("categories") or {}
        domains = set(header["domains"]) if _string_list(header.get("domains")) else None
        entry = _parse_entry(obj, lineno, cats, domains, problems)
        if entry is None:
            continue
        key = term_key(entry.term)
        if key in seen:
            problems.append(
                f"line {lineno} ({entry.term!r}): duplicate of the term on line {seen[key]}; "
                "merge the two entries (list several paraphrases in one 'neutral')."
            )
            continue
        seen[key] = lineno
        entries.append(entry)
    if not problems and not entries:
        problems.append("the lexicon has a header but no entries.")
    if problems:
        shown = problems[:_MAX_REPORTED_PROBLEMS]
        more = len(problems) - len(shown)
        tail = f"\n  ... and {more} more problem(s)" if more else ""
        raise LexiconError(
            f"Lexicon {source} is invalid ({len(problems)} problem(s)):\n  "
            + "\n  ".join(shown)
            + tail
        )
    digest = hashlib.sha256(text.encode("utf-8")).hexdigest()
    return Lexicon(
        name=header["lexicon"],
        version=header["version"],
        license=header["license"],
        description=header.get("description", ""),
        categories=dict(header["categories"]),
        entries=tuple(entries),
        sha256=digest,
        source=source,
    )


def _read_lexicon_file(path: Path) -> str:
    if not path.exists():
        raise LexiconNotFoundError(
            f"Lexicon file '{path}' does not exist. Pass a packaged lexicon name "
            f"({', '.join(PACKAGED_LEXICONS)}) or the path of a .jsonl lexicon file."
        )
    if path.is_dir():
        raise LexiconNotFoundError(
            f"Lexicon path '{path}' is a directory; pass the .jsonl lexicon file inside it."
        )
    try:
        return path.read_text(encoding="utf-8")
    except UnicodeDecodeError as err:
        raise LexiconError(
            f"Lexicon file '{path}' is not valid UTF-8 (byte {err.object[err.start]:#04x} at "
            f"offset {err.start}); save it as UTF-8."
        ) from err


def load_lexicon(spec: str | Path | Lexicon = "default") -> Lexicon:
    """Resolve a lexicon by packaged name, by path, or pass a :class:`Lexicon` through.

    >>> load_lexicon("default").name
    'framing-default'
    """
    if isinstance(spec, Lexicon):
        return spec
    if isinstance(spec, str) and spec in PACKAGED_LEXICONS:
        resource = resources.files("framing.seeds").joinpath(PACKAGED_LEXICONS[spec])
        return parse_lexicon(resource.read_text(encoding="utf-8"), source=f"packaged:{spec}")
    if isinstance(spec, (str, Path)):
        path = Path(spec)
        if isinstance(spec, str) and path.suffix == "" and not path.exists():
            raise LexiconNotFoundError(
                f"Unknown lexicon {spec!r}. Pass a packaged lexicon name "
                f"({', '.join(PACKAGED_LEXICONS)}) or the path of a .jsonl lexicon file."
            )
        return parse_lexicon(_read_lexicon_file(path), source=str(path))
    raise ConfigError(
        f"The 'lexicon' parameter must be a packaged name ({', '.join(PACKAGED_LEXICONS)}), a "
        f"path or a framing.Lexicon; got {type(spec).__name__} instead."
    )
