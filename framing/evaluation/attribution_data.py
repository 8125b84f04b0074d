"""Gold sets for the attribution evaluation: the PolNeAR and BASIL readers, their records,
span offsets, and where the shared data lives.

Two gold sets, both read by path from ``../shared/data`` and never shipped:

- **PolNeAR** (Newell, Margolin & Ruths, LREC 2018): attribution relations in political news,
  each a *source* ("the senator"), a *cue* ("said") and a *content* (what was said), as
  character spans into the article. :func:`load_polnear` reads one split. The ``test`` split
  is evaluation-only: the authors ask that it be looked at once, for the final numbers.
- **BASIL** (Fan et al., EMNLP 2019): bias spans, some of them quotations with the name of the
  person quoted. :func:`load_basil_quotes` reads those quotations and their speakers. BASIL
  is evaluation-only.

A span is a tuple of *parts*, each part a ``(start, end)`` pair of character offsets into
the article text (``text[start:end]``); a discontinuous span has several parts, and ``()`` is
"no span".
"""

from __future__ import annotations

import json
import logging
import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from framing.errors import ConfigError, InputError, InputNotFoundError

log = logging.getLogger(__name__)

Part = tuple[int, int]
Span = tuple[Part, ...]

#: PolNeAR splits as the corpus ships them (840 / 84 / 84 articles).
POLNEAR_SPLITS: tuple[str, ...] = ("train", "dev", "test")
#: PolNeAR event types (``attributions_flat.tsv``): with a source span, or without one.
POLNEAR_EVENT_TYPES: tuple[str, ...] = ("Attribution", "Attribution-no-source")
#: The three roles of an attribution, as scored by
#: :func:`framing.evaluation.attribution.score_attributions`.
ROLES: tuple[str, ...] = ("source", "cue", "content")
#: BASIL speaker labels that stand for an unnamed group of people, not a name (BASIL's
#: annotation guidelines: a quoted speaker who is not a main entity is labelled by stance).
BASIL_PLACEHOLDER_SPEAKERS: frozenset[str] = frozenset(
    {"other_anti", "other_pro", "other_neutral"}
)

_FLAT_COLUMNS = (
    "split", "article", "annotator", "event_id", "event_type", "source_text",
    "source_offsets", "cue_text", "cue_offsets", "content_text", "content_offsets",
)


# -- records -------------------------------------------------------------------------------


@dataclass(frozen=True)
class GoldAttribution:
    """One PolNeAR attribution event, as offsets into its article's text.

    ``source``, ``cue`` and ``content`` are spans (tuples of ``(start, end)`` parts, in the
    order the corpus lists them; ``()`` when the annotator marked none). ``event_type`` is
    ``"Attribution"`` or ``"Attribution-no-source"`` (a claim with a cue but no source).
    """

    source: Span
    cue: Span
    content: Span
    event_type: str


@dataclass(frozen=True)
class _GoldDoc:
    """An article of a gold set: its id and its text, which the gold offsets point into."""

    id: str
    text: str


@dataclass(frozen=True)
class AttributionDoc(_GoldDoc):
    """A PolNeAR article: its text, its publisher and one annotator's events."""

    publisher: str
    gold: tuple[GoldAttribution, ...]


@dataclass(frozen=True)
class GoldQuote:
    """A BASIL quotation: ``text[start_char:end_char]`` is the quoted phrase.

    ``speaker`` is BASIL's label as written, words joined by ``_`` (``"Donald_Trump"``), or
    one of :data:`BASIL_PLACEHOLDER_SPEAKERS` for an unnamed group (see :attr:`is_named`).
    """

    start_char: int
    end_char: int
    speaker: str

    @property
    def is_named(self) -> bool:
        """False for BASIL's stance placeholders (``other_anti``...), True otherwise."""
        return self.speaker.strip().lower() not in BASIL_PLACEHOLDER_SPEAKERS


@dataclass(frozen=True)
class QuoteDoc(_GoldDoc):
    """A BASIL article body and its gold quotations, sorted by offset.

    ``outlet`` is BASIL's ``source`` field lower-cased: ``nyt``, ``fox`` or ``hpo``.
    """

    outlet: str
    quotes: tuple[GoldQuote, ...]


# -- locating the shared data ----------------------------------------------------------------


def _shared_root() -> Path:
    """``$FRAMING_SHARED`` or the ``shared`` folder next to the repository checkout."""
    env = os.environ.get("FRAMING_SHARED")
    if env:
        return Path(env)
    return Path(__file__).resolve().parents[2].parent / "shared"


def data_root(name: str, root: str | Path | None, marker: str) -> Path:
    """The folder of the data set ``name``: ``root``, by default ``data/<name>`` in the shared
    folder; raises :class:`~framing.errors.InputNotFoundError` when ``marker`` is not in it."""
    folder = Path(root) if root is not None else _shared_root() / "data" / name
    if not (folder / marker).exists():
        raise InputNotFoundError(
            f"{name} data not found: {folder / marker} does not exist. Pass root=<the {name} "
            f"folder> or set FRAMING_SHARED to the folder that holds data/{name} "
            "(the project's ../shared)."
        )
    return folder


def polnear_root(root: str | Path | None = None) -> Path:
    """The PolNeAR folder (the one holding ``attributions_flat.tsv``).

    ``root`` is that folder itself; by default it is ``$FRAMING_SHARED/data/PolNeAR``, or
    ``../shared/data/PolNeAR`` next to the repository checkout when ``FRAMING_SHARED`` is
    unset. Raises :class:`~framing.errors.InputNotFoundError` when it is absent.
    """
    return data_root("PolNeAR", root, "attributions_flat.tsv")


def basil_root(root: str | Path | None = None) -> Path:
    """The BASIL folder (holding ``articles/`` and ``annotations/``); defaults as
    :func:`polnear_root` does, with ``data/BASIL``."""
    folder = data_root("BASIL", root, "articles")
    return data_root("BASIL", folder, "annotations")


# -- PolNeAR -------------------------------------------------------------------------------


def _read_text(path: Path) -> str:
    """A file's text, UTF-8, byte for byte (no newline translation), so offsets hold."""
    try:
        with open(path, encoding="utf-8", newline="") as fh:
            return fh.read()
    except FileNotFoundError as err:
        raise InputNotFoundError(
            f"article text not found: {path}. The data folder is incomplete; restore it "
            "from the shared copy."
        ) from err
    except UnicodeDecodeError as err:
        raise InputError(
            f"{path} is not valid UTF-8 ({err}); restore it from the shared copy."
        ) from err


def parse_offsets(value: str) -> Span:
    """``"s1 e1;s2 e2"`` -> ``((s1, e1), (s2, e2))``; ``""`` -> ``()``."""
    value = value.strip()
    if not value:
        return ()
    parts: list[Part] = []
    for chunk in value.split(";"):
        fields = chunk.split()
        if len(fields) != 2 or not all(f.isdigit() for f in fields):
            raise InputError(
                f"bad offsets {value!r}: expected 'start end' pairs separated by ';', "
                "e.g. '10 15;20 25'"
            )
        parts.append((int(fields[0]), int(fields[1])))
    return tuple(parts)


def _squash(text: str) -> str:
    return " ".join(text.split())


def _check_span(span: Span, text: str, where: str) -> None:
    for start, end in span:
        if not 0 <= start < end <= len(text):
            raise InputError(
                f"{where}: part ({start}, {end}) is outside the article text "
                f"(length {len(text)}) or empty. The text file and attributions_flat.tsv "
                "do not belong together; restore both from the shared copy."
            )


def load_polnear(
    split: str, root: str | Path | None = None, limit: int | None = None
) -> list[AttributionDoc]:
    """PolNeAR articles of one split with their gold attributions, sorted by article id.

    Every article of ``<split>/text`` is returned, also one with no event (its ``gold`` is
    ``()``). Where several annotators annotated an article (the agreement study), only the
    events of the lexicographically smallest annotator id are kept, so no event is counted
    twice. Events keep the order of ``attributions_flat.tsv``. ``limit`` keeps the first
    ``limit`` articles (after sorting); ``None`` keeps all.

    Every part of every kept span is checked to lie in the text, and every cue span's text
    (parts joined by a space) must equal the corpus's ``cue_text`` once whitespace runs are
    squashed: a mismatch means the text files were altered (e.g. newline translation) and
    raises :class:`~framing.errors.InputError`.

    Train on ``train``, tune on ``dev``; ``test`` is for the final evaluation only.
    """
    import pandas as pd

    if split not in POLNEAR_SPLITS:
        raise ConfigError(
            f"The 'split' parameter of load_polnear must be one of {list(POLNEAR_SPLITS)}. "
            f"Got {split!r} instead."
        )
    if limit is not None and limit < 0:
        raise ConfigError(
            f"The 'limit' parameter of load_polnear must be None or >= 0. Got {limit!r} instead."
        )
    folder = polnear_root(root)
    flat = pd.read_csv(
        folder / "attributions_flat.tsv", sep="\t", keep_default_na=False, dtype=str
    )
    missing = [c for c in _FLAT_COLUMNS if c not in flat.columns]
    if missing:
        raise InputError(
            f"{folder / 'attributions_flat.tsv'} lacks the columns {missing}; restore it "
            "from the shared copy."
        )
    flat = flat[flat["split"] == split]
    publishers = _polnear_publishers(folder, split)

    ids = sorted(p.stem for p in (folder / split / "text").glob("*.txt"))
    if not ids:
        raise InputNotFoundError(
            f"no article texts in {folder / split / 'text'}; restore the PolNeAR folder "
            "from the shared copy."
        )
    unknown = sorted(set(flat["article"]) - set(ids))
    if unknown:
        log.warning("PolNeAR %s: %d annotated articles have no text file, e.g. %s",
                    split, len(unknown), unknown[0])
    if limit is not None:
        ids = ids[:limit]
    wanted = set(ids)

    events: dict[str, list[GoldAttribution]] = {}
    chosen: dict[str, str] = {}
    rows = flat[flat["article"].isin(wanted)]
    for article, group in rows.groupby("article", sort=False):
        chosen[str(article)] = min(group["annotator"])
    n_multi = sum(1 for _, g in rows.groupby("article") if g["annotator"].nunique() > 1)
    texts = {i: _read_text(folder / split / "text" / f"{i}.txt") for i in ids}

    for row in rows.itertuples(index=False):
        article = str(row.article)
        if row.annotator != chosen[article]:
            continue
        if row.event_type not in POLNEAR_EVENT_TYPES:
            raise InputError(
                f"PolNeAR {article} {row.event_id}: unknown event_type {row.event_type!r}; "
                f"expected one of {list(POLNEAR_EVENT_TYPES)}"
            )
        text = texts[article]
        where = f"PolNeAR {split}/{article} {row.annotator} {row.event_id}"
        spans: dict[str, Span] = {}
        for role in ROLES:
            span = parse_offsets(getattr(row, f"{role}_offsets"))
            _check_span(span, text, f"{where} {role}")
            spans[role] = span
        cue_text = " ".join(text[s:e] for s, e in spans["cue"])
        if _squash(cue_text) != _squash(row.cue_text):
            raise InputError(
                f"{where}: cue offsets point at {cue_text!r} but the corpus says "
                f"{row.cue_text!r}. The text file was altered (newline translation?); "
                "restore it from the shared copy."
            )
        events.setdefault(article, []).append(
            GoldAttribution(
                source=spans["source"], cue=spans["cue"], content=spans["content"],
                event_type=str(row.event_type),
            )
        )

    docs = [
        AttributionDoc(
            id=i,
            text=texts[i],
            publisher=publishers.get(i, i.split("_", 1)[0]),
            gold=tuple(events.get(i, ())),
        )
        for i in ids
    ]
    log.info(
        "PolNeAR %s: %d articles, %d events (%d articles had several annotators; kept the "
        "smallest annotator id)",
        split, len(docs), sum(len(d.gold) for d in docs), n_multi,
    )
    return docs


def _polnear_publishers(folder: Path, split: str) -> dict[str, str]:
    """article id -> publisher, from ``metadata.tsv`` (empty when that file is absent)."""
    import pandas as pd

    path = folder / "metadata.tsv"
    if not path.exists():
        log.warning("%s not found; publishers are taken from the article id prefix", path)
        return {}
    meta = pd.read_csv(path, sep="\t", keep_default_na=False, dtype=str)
    meta = meta[meta["compartment"] == split]
    return dict(zip(meta["filename"], meta["publisher"], strict=True))


# -- BASIL ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class BasilArticle:
    """One BASIL article: its body as one text and its phrase-level annotations.

    The text is the body paragraphs joined by ``"\\n"``, the sentences of a paragraph joined
    by ``" "`` (the title is not included). ``starts`` is the text offset of each sentence.
    """

    id: str
    outlet: str
    text: str
    sentences: tuple[str, ...]
    starts: tuple[int, ...]
    annotations: tuple[dict[str, Any], ...]

    def place(self, ann: dict[str, Any]) -> tuple[int, int] | None:
        """The text offsets of an annotated span. BASIL stores offsets inside one sentence
        without saying which one; the span is placed at the one sentence where
        ``sentence[start:end] == txt``, and ``None`` (logged) when none or several match."""
        start, end, txt = int(ann["start"]), int(ann["end"]), str(ann["txt"])
        hits = [i for i, s in enumerate(self.sentences) if s[start:end] == txt]
        if len(hits) != 1:
            log.warning("BASIL %s %s: span found in %d sentences (need exactly 1); skipped",
                        self.id, ann.get("id"), len(hits))
            return None
        return self.starts[hits[0]] + start, self.starts[hits[0]] + end


def basil_articles(root: str | Path | None = None) -> Iterator[BasilArticle]:
    """BASIL's articles with their annotations, sorted by id (the file name without
    ``.json``: ``<triplet-uuid>_<n>``)."""
    folder = basil_root(root)
    for path in sorted((folder / "articles").glob("*/*.json"), key=lambda p: p.stem):
        article = json.loads(path.read_text(encoding="utf-8"))
        ann_path = folder / "annotations" / path.parent.name / f"{path.stem}_ann.json"
        if not ann_path.exists():
            raise InputNotFoundError(
                f"BASIL annotations not found for {path.name}: {ann_path} does not exist. "
                "Restore the BASIL folder from the shared copy."
            )
        annotations = json.loads(ann_path.read_text(encoding="utf-8"))
        paragraphs: list[list[str]] = article["body-paragraphs"]
        starts: list[int] = []  # article offset of each sentence, in reading order
        sentences: list[str] = []
        pos = 0
        for p_index, paragraph in enumerate(paragraphs):
            if p_index:
                pos += 1  # the "\n" between paragraphs
            for s_index, sentence in enumerate(paragraph):
                if s_index:
                    pos += 1  # the " " between sentences
                starts.append(pos)
                sentences.append(sentence)
                pos += len(sentence)
        yield BasilArticle(
            id=path.stem,
            outlet=str(article.get("source", "")).lower(),
            text="\n".join(" ".join(paragraph) for paragraph in paragraphs),
            sentences=tuple(sentences),
            starts=tuple(starts),
            annotations=tuple(annotations.get("phrase-level-annotations", [])),
        )


def load_basil_quotes(root: str | Path | None = None) -> list[QuoteDoc]:
    """BASIL article bodies with their quotations and speakers, sorted by id.

    Texts and ids as :func:`basil_articles` gives them. Kept annotations: ``quote == "yes"``
    with a non-empty ``speaker``, placed by :meth:`BasilArticle.place`; a span found at no
    sentence or at several (a repeated sentence) is skipped, counted and logged.
    """
    docs: list[QuoteDoc] = []
    n_kept = n_skipped = 0
    for art in basil_articles(root):
        quotes: list[GoldQuote] = []
        for ann in art.annotations:
            speaker = str(ann.get("speaker", "")).strip()
            if ann.get("quote") != "yes" or not speaker:
                continue
            placed = art.place(ann)
            if placed is None:
                n_skipped += 1
                continue
            quotes.append(GoldQuote(placed[0], placed[1], speaker))
            n_kept += 1
        quotes.sort(key=lambda q: (q.start_char, q.end_char, q.speaker))
        docs.append(QuoteDoc(id=art.id, text=art.text, outlet=art.outlet, quotes=tuple(quotes)))
    log.info("BASIL: %d articles, %d quotes kept, %d quote spans skipped (not located)",
             len(docs), n_kept, n_skipped)
    return docs
