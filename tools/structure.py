"""Measure the package's structure: import circles and upward imports.

    python3 tools/structure.py          # figures and every offending edge
    python3 tools/structure.py --json   # the same as an object

The layers, from the bottom: ``core`` (pure rules) → ``pdf``, ``scan``,
``documents`` (libraries that render or read paper; no database) → ``store``
(the only SQL) → ``service`` (one layer for web and CLI) → ``web``, ``cli``,
``rehearsal`` (the shells). An import from a lower layer to a higher one is an
upward import; a cycle of modules importing each other (at any depth, including
imports inside functions) is a circle. ``tests/test_architecture.py`` requires
none of either.
"""
from __future__ import annotations

import ast
import json
import sys
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "votekit"

LAYERS = {"core": 0, "pdf": 1, "scan": 1, "documents": 2, "store": 3, "migrations": 3,
          "service": 4, "web": 5, "cli": 5, "rehearsal": 5}
# Libraries at the same level must not lean on each other's internals either.
LIBRARIES = {"pdf", "scan", "documents"}
ALLOWED_SIDEWAYS = {("documents", "pdf"), ("scan", "pdf")}  # scan reads the layout pdf printed


def module_name(path: Path) -> str:
    rel = path.relative_to(PACKAGE.parent).with_suffix("")
    parts = list(rel.parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def resolve(importer: str, is_package: bool, module: str | None, level: int) -> str:
    if not level:
        return module or ""
    base = importer.split(".")
    if not is_package:
        base = base[:-1]
    base = base[: len(base) - (level - 1)]
    return ".".join(base + ([module] if module else []))


def graph() -> dict[str, set[str]]:
    modules = {module_name(p): p for p in PACKAGE.rglob("*.py")}
    edges: dict[str, set[str]] = {m: set() for m in modules}
    for name, path in modules.items():
        tree = ast.parse(path.read_text(encoding="utf-8"))
        is_package = path.name == "__init__.py"
        for node in ast.walk(tree):
            targets: list[str] = []
            if isinstance(node, ast.Import):
                targets = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom):
                base = resolve(name, is_package, node.module, node.level)
                targets = [f"{base}.{a.name}" for a in node.names] + [base]
            for target in targets:
                while target and target not in modules:
                    target = target.rpartition(".")[0]
                if target and target != name and target.startswith("votekit"):
                    edges[name].add(target)
    return edges


def layer_of(module: str) -> tuple[str, int | None]:
    parts = module.split(".")
    top = parts[1] if len(parts) > 1 else ""
    return top, LAYERS.get(top)


def upward_imports(edges: dict[str, set[str]]) -> list[str]:
    found = []
    for source, targets in edges.items():
        src_top, src_layer = layer_of(source)
        for target in sorted(targets):
            dst_top, dst_layer = layer_of(target)
            if src_layer is None or dst_layer is None or src_top == dst_top:
                continue
            sideways = (src_layer == dst_layer and src_top in LIBRARIES
                        and (src_top, dst_top) not in ALLOWED_SIDEWAYS)
            if dst_layer > src_layer or sideways:
                found.append(f"{source} -> {target}")
    return found


def circles(edges: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components of more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []
    counter = [0]

    def visit(node: str) -> None:
        index[node] = low[node] = counter[0]
        counter[0] += 1
        stack.append(node)
        on_stack.add(node)
        for nxt in edges.get(node, ()):
            if nxt not in index:
                visit(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in on_stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            component = []
            while True:
                top = stack.pop()
                on_stack.discard(top)
                component.append(top)
                if top == node:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    sys.setrecursionlimit(10000)
    for node in sorted(edges):
        if node not in index:
            visit(node)
    return found


def measure() -> dict[str, object]:
    edges = graph()
    # A package importing its own submodules (``from . import x`` in __init__) is
    # how Python packages are assembled, not a circle between two concerns.
    pruned = {m: {t for t in ts if not t.startswith(m + ".")} for m, ts in edges.items()}
    return {"modules": len(edges), "edges": sum(len(t) for t in edges.values()),
            "circles": circles(pruned), "upward": upward_imports(edges)}


def main() -> int:
    figures = measure()
    if "--json" in sys.argv:
        print(json.dumps(figures, ensure_ascii=False, indent=1))
        return 0
    print(f"modules {figures['modules']}, import edges {figures['edges']}")
    print(f"circles: {len(figures['circles'])}")
    for circle in figures["circles"]:
        print("  " + " ↔ ".join(circle))
    print(f"upward imports: {len(figures['upward'])}")
    for edge in figures["upward"]:
        print("  " + edge)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
