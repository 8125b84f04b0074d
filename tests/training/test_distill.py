"""Distillation: the teacher's weights joined safely, the unlabeled pool kept clean, the
teacher's logits carried through the collator into the loss."""

from __future__ import annotations

import csv
import json
import math
import zipfile
from pathlib import Path

import numpy as np
import pytest

from framing.classifier.model import native_bf16
from framing.errors import ConfigError
from framing.training import distill
from framing.training.distill import (
    lexicon_pairs,
    news_sentences,
    teacher_encoder,
    unlabeled_rows,
    with_teacher,
)


@pytest.mark.parametrize(("flags", "native"), [
    ("fpu sse2 avx2 avx512f avx512_bf16 avx512_vnni", True),
    ("fpu sse2 avx2 amx_bf16 amx_tile", True),
    ("fpu sse2 avx2 avx512f avx512_vnni", False),
])
def test_native_bf16_reads_the_cpu_flags(tmp_path: Path, flags: str, native: bool) -> None:
    info = tmp_path / "cpuinfo"
    info.write_text(f"processor\t: 0\nmodel name\t: test\nflags\t\t: {flags}\n", "utf-8")
    assert native_bf16(str(info)) is native
    assert native_bf16(str(tmp_path / "missing")) is False


class _FakeDist:
    def __init__(self, part: Path) -> None:
        self.part = part
        self.files = [Path("pkg/__init__.py"), Path("pkg/input") / part.name]

    def locate_file(self, rel: Path) -> Path:
        return self.part.parent / Path(rel).name


def _split_archive(tmp_path: Path, members: dict[str, bytes]) -> list[Path]:
    whole = tmp_path / "whole.zip"
    with zipfile.ZipFile(whole, "w") as archive:
        for name, content in members.items():
            archive.writestr(name, content)
    blob = whole.read_bytes()
    size = len(blob) // 5 + 1
    parts = []
    for k in range(5):
        part = tmp_path / f"all-mpnet-base-v2.zip.{k + 1:03d}"
        part.write_bytes(blob[k * size : (k + 1) * size])
        parts.append(part)
    return parts


def _install_fake_parts(monkeypatch: pytest.MonkeyPatch, parts: list[Path]) -> None:
    by_name = dict(zip(distill.TEACHER_PARTS, parts, strict=True))
    monkeypatch.setattr(distill.importlib.metadata, "distribution",
                        lambda name: _FakeDist(by_name[name]))


def test_teacher_parts_are_joined_once_into_the_cache(tmp_path, monkeypatch) -> None:
    members = {
        "all-mpnet-base-v2/config.json": b'{"model_type": "mpnet"}',
        "all-mpnet-base-v2/model.safetensors": bytes(range(256)) * 40,
        "all-mpnet-base-v2/vocab.txt": b"[PAD]\n",
        "all-mpnet-base-v2/desktop.ini": b"not copied",
    }
    (tmp_path / "src").mkdir()
    _install_fake_parts(monkeypatch, _split_archive(tmp_path / "src", members))
    folder = teacher_encoder(tmp_path / "cache")
    assert sorted(p.name for p in folder.iterdir()) == [
        "config.json", "model.safetensors", "vocab.txt"]
    assert (folder / "model.safetensors").read_bytes() == bytes(range(256)) * 40
    monkeypatch.setattr(distill.importlib.metadata, "distribution", None)  # not asked again
    assert teacher_encoder(tmp_path / "cache") == folder


def test_teacher_archive_with_an_escaping_path_is_refused(tmp_path, monkeypatch) -> None:
    (tmp_path / "src").mkdir()
    parts = _split_archive(tmp_path / "src", {"../evil.json": b"{}"})
    _install_fake_parts(monkeypatch, parts)
    with pytest.raises(ConfigError, match="unsafe path"):
        teacher_encoder(tmp_path / "cache")
    assert not (tmp_path / "evil.json").exists()


def test_missing_teacher_package_says_how_to_install(tmp_path, monkeypatch) -> None:
    def missing(name: str):
        raise distill.importlib.metadata.PackageNotFoundError(name)

    monkeypatch.setattr(distill.importlib.metadata, "distribution", missing)
    with pytest.raises(ConfigError, match=r'pip install -e "\.\[teacher\]"'):
        teacher_encoder(tmp_path / "cache")


def _news_root(tmp_path: Path) -> Path:
    folder = tmp_path / "UkraineNewsBias_Faerber2020" / "articles"
    folder.mkdir(parents=True)
    sentences = [
        "The harbour authority reopened the northern quay after a week of repairs.",
        "The  harbour authority REOPENED the northern quay after a week of repairs.",
        "Too short to keep.",
        "Farmers in the valley said the late frost had cut this year's apple harvest.",
    ]
    (folder / "article_1.json").write_text(json.dumps(
        {"sentences": [{"content": s} for s in sentences]}), "utf-8")
    mbic = tmp_path / "MBIC"
    mbic.mkdir()
    with open(mbic / "final_labels_MBIC.csv", "w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, ["text", "label_bias"])
        writer.writeheader()
        writer.writerow({"text": "The council voted to extend the library's opening hours "
                                 "on weekends.", "label_bias": "Biased"})
        writer.writerow({"text": "A sentence that is also in the labelled training set, "
                                 "so it stays out.", "label_bias": "Non-biased"})
    return tmp_path


def test_news_pool_is_distinct_bounded_and_excludes_training_text(tmp_path) -> None:
    root = _news_root(tmp_path)
    banned = ["a sentence that is also in the LABELLED training set, so it stays out."]
    pool = news_sentences(root, banned, limit=100)
    assert len(pool) == 3
    assert not any("stays out" in s for s in pool)
    assert not any(s == "Too short to keep." for s in pool)
    assert sum("harbour" in s for s in pool) == 1  # case and spacing variants are one
    assert len(news_sentences(root, banned, limit=2)) == 2


@pytest.mark.slow
def test_lexicon_pairs_paraphrase_author_terms_only() -> None:
    sentences = [
        "The regime announced new tariffs on imported steel on Monday.",
        'Protesters shouted that "the regime must go" outside the ministry.',
        "The ministry announced new tariffs on imported steel on Monday.",
    ]
    pairs = lexicon_pairs(sentences, limit=10)
    assert [a for a, _ in pairs] == [sentences[0]]
    original, neutral = pairs[0]
    assert "regime" not in neutral and neutral.endswith("steel on Monday.")


def test_teacher_columns_are_nan_where_the_teacher_gave_nothing() -> None:
    rows = unlabeled_rows(["First team sentence about the port.", "Second one, unpaired."],
                          [("First team sentence about the port.", "A neutral version."),
                           ("A pair-only sentence.", "Its neutral version.")])
    assert rows["source"] == ["unlabeled", "unlabeled", "lexicon-pair"]
    assert rows["pair"] == ["A neutral version.", "", "Its neutral version."]
    assert set(rows["label"]) == {-1}
    ds = with_teacher(rows, {"First team sentence about the port.": 1.5,
                             "A neutral version.": -0.5})
    assert ds["teacher"][0] == 1.5 and ds["pair_teacher"][0] == -0.5
    assert math.isnan(ds["teacher"][1]) and math.isnan(ds["pair_teacher"][1])
    assert math.isnan(ds["teacher"][2])


@pytest.mark.slow
def test_distillation_term_pulls_the_student_logit_to_the_teacher() -> None:
    import torch
    from peft import LoraConfig, get_peft_model
    from transformers import AutoModel, AutoTokenizer

    from framing.classifier.model import base_encoder_path
    from framing.training.train import Collator, TrainConfig, _torch_modules

    base = base_encoder_path(TrainConfig.base)
    tokenizer = AutoTokenizer.from_pretrained(base)
    encoder = AutoModel.from_pretrained(base, add_pooling_layer=False)
    cfg = TrainConfig(distill_weight=2.0)
    _, BiasNet = _torch_modules()
    torch.manual_seed(0)
    net = BiasNet(get_peft_model(encoder, LoraConfig(r=4, target_modules=cfg.lora_targets)),
                  cfg).eval()
    rows = [{"text": "The mayor's reckless plan doomed the harbour.", "label": 1, "spans": [],
             "has_spans": False, "pair": "The mayor's plan affected the harbour.",
             "source": "team"},
            {"text": "The harbour reopened on Monday.", "label": -1, "spans": [],
             "has_spans": False, "pair": "", "source": "team"}]
    with torch.no_grad():
        plain = Collator(tokenizer, 64)(rows)
        logits = net(**{k: plain[k] for k in ("input_ids", "attention_mask")})["logits"]
        base_loss = float(net(**plain)["loss"])
    for row, value in zip(rows, logits[:2].tolist(), strict=True):
        row["teacher"] = value
    rows[0]["pair_teacher"] = float(logits[2])
    rows[1]["pair_teacher"] = float("nan")
    with torch.no_grad():
        same = float(net(**Collator(tokenizer, 64)(rows))["loss"])
        for row in rows:
            row["teacher"] += 3.0
        rows[0]["pair_teacher"] += 3.0
        off = float(net(**Collator(tokenizer, 64)(rows))["loss"])
    assert same == pytest.approx(base_loss, abs=1e-5)  # agreeing with the teacher costs 0
    assert off - same == pytest.approx(2.0 * 9.0, rel=1e-3)  # weight x mean squared gap
    assert np.isfinite(off)


@pytest.mark.slow
def test_lexicon_pairs_hold_out_terms_and_cap_each_term() -> None:
    sentences = [
        "The regime announced new tariffs on imported steel on Monday.",
        "The regime closed two newspapers in the capital last week.",
        "The regime raised fuel prices again in the spring.",
        "Officials slammed the budget plan at a hearing on Tuesday.",
    ]
    capped = lexicon_pairs(sentences, limit=10, per_term=2)
    assert [a for a, _ in capped] == sentences[:2] + sentences[3:]
    held = lexicon_pairs(sentences, limit=10, skip={"regime"})
    assert [a for a, _ in held] == [sentences[3]]
    assert "slammed" not in held[0][1]



@pytest.mark.slow
def test_lexicon_pair_training_holds_out_the_loading_evaluations_terms(tmp_path) -> None:
    """``lexpairs`` never swaps a term that the loading evaluation scores, and asking for no
    ``lexpairs`` holds out nothing."""
    from framing.evaluation.loading import held_out_terms

    assert held_out_terms(["wnc", "ptc"], tmp_path) == set()
    held = held_out_terms(["wnc", "lexpairs"], tmp_path)
    assert {"regime", "figurehead"} <= held  # lexicon terms of the team's loading cases
    sentences = ["The regime closed two newspapers in the capital last week.",
                 "Officials slammed the budget plan at a hearing on Tuesday."]
    originals = [original for original, _ in lexicon_pairs(sentences, limit=10, skip=held)]
    assert sentences[0] not in originals
