"""Development groups for the lean: articles of outlets rated left or right, from corpora that
are not the evaluation set (Article-Bias-Prediction, :mod:`framing.evaluation.validity`).

- **PolNeAR** (train and dev splits; never its test split): 2016 US election coverage, its
  publishers that the AllSides media bias chart rates "Left" or "Right", and the agency copy
  the corpus marks as wire.
- **Frermann et al. 2023** (narrative framing of climate change): 428 articles whose outlets
  Media Bias/Fact Check rates; the groups are the corpus's own ``mbfc`` labels ``left_bias``
  and ``right_bias`` (``left_center_bias`` and ``questionable_source`` are left out), so no
  outlet is placed by the team.

Both are development data: the lean and the lexicon may be tuned on them, which is why the
figures they give are reported apart from the evaluation.
"""

from __future__ import annotations

import csv
import sys
from pathlib import Path

from framing.evaluation.attribution_data import data_root
from framing.evaluation.validity import GroupArticle

#: Development groups on PolNeAR: its publishers that the AllSides media bias chart rates
#: "Left" (HuffPost) or "Right" (Breitbart, The Western Journal), their own copy only; "wire"
#: is the agency copy the corpus marks (AP, AFP, UPI, Reuters), most of it printed by those
#: same publishers.
POLNEAR_LEFT_PUBLISHERS = ("huff-post",)
POLNEAR_RIGHT_PUBLISHERS = ("breitbart", "west-journal")

#: The Frermann et al. ``mbfc`` labels taken as the left and the right group.
FRERMANN_GROUPS = {"left_bias": "left", "right_bias": "right"}


def load_polnear_groups(split: str = "dev", root: str | Path | None = None
                        ) -> list[GroupArticle]:
    """PolNeAR articles of ``split`` ("train" or "dev") as wire / left / right groups."""
    if split not in ("train", "dev"):
        raise ValueError(f"split must be 'train' or 'dev' (the test split is for the "
                         f"attribution evaluation only); got {split!r}")
    folder = data_root("PolNeAR", root, "metadata.tsv")
    out = []
    with open(folder / "metadata.tsv", encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh, delimiter="\t"):
            if row["compartment"] != split:
                continue
            if row["wire"] not in ("None", "NA", ""):
                group = "wire"
            elif row["publisher"] in POLNEAR_LEFT_PUBLISHERS:
                group = "left"
            elif row["publisher"] in POLNEAR_RIGHT_PUBLISHERS:
                group = "right"
            else:
                continue
            text = (folder / split / "text" / f"{row['filename']}.txt").read_text(
                encoding="utf-8")
            out.append(GroupArticle(row["filename"], row["publisher"], group, text))
    return out


def load_frermann_groups(root: str | Path | None = None) -> list[GroupArticle]:
    """The climate-change articles of Frermann et al. (2023) whose outlet Media Bias/Fact
    Check rates ``left_bias`` or ``right_bias``, as left / right groups (outlet names
    lower-cased without spaces: the corpus writes "The Daily Caller" and "thedailycaller")."""
    folder = data_root("NarrativeFraming_Frermann2023", root, "articles_metadata.tsv")
    csv.field_size_limit(max(csv.field_size_limit(), min(sys.maxsize, 2**31 - 1)))
    out = []
    with open(folder / "articles_metadata.tsv", encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh, delimiter="\t"):
            group = FRERMANN_GROUPS.get(row["mbfc"])
            text = (row.get("text") or "").strip()
            if group is None or not text:
                continue
            source = "".join(row["source"].lower().split())
            out.append(GroupArticle(row["ID"], source, group, text))
    out.sort(key=lambda a: a.id)
    return out
