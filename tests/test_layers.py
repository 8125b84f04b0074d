"""The package's layering: no import circle, and no import in a forbidden direction.

Every ``import`` and ``from ... import`` in ``framing/`` counts, wherever it stands (module
level, inside a function, under ``TYPE_CHECKING``): a lazy import is still a dependency.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "framing"

#: (importing modules, imported modules it must not reach, why): prefixes of dotted names
FORBIDDEN: tuple[tuple[str, tuple[str, ...], str], ...] = (
    ("framing.errors", ("framing.",), "errors import nothing of the package"),
    ("framing.records", ("framing.",), "records import nothing of the package but errors"),
    ("framing.nlp", ("framing.stages", "framing.classifier", "framing.render",
                     "framing.corpus", "framing.training", "framing.evaluation",
                     "framing.pipeline", "framing.cli"), "nlp sits under the stages"),
    ("framing.classifier", ("framing.stages", "framing.nlp", "framing.render",
                            "framing.corpus", "framing.training", "framing.evaluation",
                            "framing.pipeline", "framing.cli"),
     "models load and score; they know nothing of articles"),
    ("framing.stages", ("framing.render", "framing.corpus", "framing.training",
                        "framing.evaluation", "framing.pipeline", "framing.cli"),
     "stages never import render, corpus, training or evaluation"),
    ("framing.render", ("framing.stages", "framing.corpus", "framing.training",
                        "framing.evaluation", "framing.pipeline", "framing.cli"),
     "renderers read records only"),
    ("framing.training", ("framing.evaluation", "framing.render", "framing.corpus",
                          "framing.cli"), "training never imports evaluation"),
    ("framing.corpus", ("framing.evaluation", "framing.cli"), "corpus scoring is runtime code"),
    ("framing.pipeline", ("framing.evaluation", "framing.training", "framing.corpus",
                          "framing.cli"), "the analyzer is runtime code"),
)
#: what records may import after all
ALLOWED = {"framing.records": ("framing.errors", "framing.records")}


def module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def import_graph(root: Path = PACKAGE) -> dict[str, set[str]]:
    """Module -> the framing modules it imports (a ``from pkg import name`` edge goes to the
    submodule ``pkg.name`` when there is one, else to ``pkg``)."""
    files = {module_name(p): p for p in root.rglob("*.py")}
    graph: dict[str, set[str]] = {}
    for name, path in files.items():
        is_package = path.name == "__init__.py"
        edges: set[str] = set()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                edges.update(a.name for a in node.names if a.name.startswith("framing"))
            elif isinstance(node, ast.ImportFrom):
                base = node.module or ""
                if node.level:  # relative import
                    anchor = name if is_package else name.rsplit(".", 1)[0]
                    for _ in range(node.level - 1):
                        anchor = anchor.rsplit(".", 1)[0]
                    base = f"{anchor}.{base}" if base else anchor
                if not base.startswith("framing"):
                    continue
                for alias in node.names:
                    sub = f"{base}.{alias.name}"
                    edges.add(sub if sub in files else base)
        graph[name] = {e for e in edges if e != name}
    return graph


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The import circles: strongly connected groups of more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    out: list[list[str]] = []

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        on_stack.add(v)
        for w in graph.get(v, ()):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            group = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                group.append(w)
                if w == v:
                    break
            if len(group) > 1:
                out.append(sorted(group))

    for v in sorted(graph):
        if v not in index:
            visit(v)
    return out


def violations(graph: dict[str, set[str]]) -> list[str]:
    out = []
    for src, targets in sorted(graph.items()):
        for importer, banned, why in FORBIDDEN:
            if not (src == importer or src.startswith(importer + ".")):
                continue
            allowed = ALLOWED.get(importer, ())
            for t in sorted(targets):
                if any(t == a or t.startswith(a + ".") for a in allowed):
                    continue
                if any(t == b or t.startswith(b) for b in banned):
                    out.append(f"{src} imports {t}: {why}")
        for t in sorted(targets):
            in_eval = src.startswith("framing.evaluation")
            if t.startswith("framing.evaluation") and not in_eval:
                out.append(f"{src} imports {t}: only scripts and tests import evaluation")
    return out


@pytest.fixture(scope="module")
def graph() -> dict[str, set[str]]:
    return import_graph()


def test_the_graph_sees_the_package(graph):
    assert "framing.pipeline" in graph and "framing.records" in graph
    assert "framing.stages.context" in graph["framing.stages.match"]
    assert "framing.records" in graph["framing.stages.match"]


def test_no_import_circle(graph):
    assert cycles(graph) == []


def test_no_forbidden_import(graph):
    assert violations(graph) == []


def test_the_checks_can_fail():
    toy = {"framing.a": {"framing.b"}, "framing.b": {"framing.a"}, "framing.c": set()}
    assert cycles(toy) == [["framing.a", "framing.b"]]
    bad = {"framing.records.x": {"framing.render.text"},
           "framing.pipeline": {"framing.evaluation.model"}}
    assert violations(bad) == [
        "framing.pipeline imports framing.evaluation.model: the analyzer is runtime code",
        "framing.pipeline imports framing.evaluation.model: only scripts and tests import "
        "evaluation",
        "framing.records.x imports framing.render.text: records import nothing of the package "
        "but errors",
    ]


def test_no_module_is_over_about_500_lines():
    long = {module_name(p): n for p in PACKAGE.rglob("*.py")
            if (n := len(p.read_text(encoding="utf-8").splitlines())) > 500}
    assert long == {}


def test_every_sub_package_says_what_it_owns_and_may_import():
    for init in PACKAGE.glob("*/**/__init__.py"):
        doc = ast.get_docstring(ast.parse(init.read_text(encoding="utf-8"))) or ""
        assert "import" in doc.lower(), f"{init}: the docstring should say what it may import"
