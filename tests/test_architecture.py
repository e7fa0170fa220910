"""The import direction: a pure core, one store that runs SQL, shells on top."""
import ast
import sys
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "votekit"
CORE = PACKAGE / "core"
# No clock, no randomness, no file or network I/O, no processes in the core.
IMPURE = {"time", "datetime", "random", "secrets", "os", "io", "pathlib", "shutil", "socket",
          "sqlite3", "subprocess", "tempfile", "glob", "threading", "asyncio", "uuid", "urllib",
          "http", "logging", "zipfile", "sys"}
# (json is pure: the audit chain hashes a canonical json.dumps of each event.)


def imports_of(path: Path):
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield node.lineno, alias.name, 0
        elif isinstance(node, ast.ImportFrom):
            yield node.lineno, node.module or "", node.level


def calls_of(path: Path):
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name):
            yield node.lineno, node.func.id


CORE_FILES = sorted(CORE.glob("*.py"))


@pytest.mark.parametrize("path", CORE_FILES, ids=[p.name for p in CORE_FILES])
def test_core_imports_only_stdlib_and_core(path):
    for line, module, level in imports_of(path):
        top = module.split(".")[0]
        where = f"{path.name}:{line} imports {module or '.'}"
        if level:  # relative: must stay inside votekit.core
            assert level == 1, where
            continue
        assert top in sys.stdlib_module_names or module.startswith("votekit.core"), where
        assert top not in IMPURE, where + " (impure in the core)"


@pytest.mark.parametrize("path", CORE_FILES, ids=[p.name for p in CORE_FILES])
def test_core_does_no_io(path):
    for line, name in calls_of(path):
        assert name not in {"open", "print", "input", "exec", "eval"}, f"{path.name}:{line} {name}()"


def shell_files():
    return [p for p in PACKAGE.rglob("*.py") if CORE not in p.parents]


def is_store(path: Path) -> bool:
    rel = path.relative_to(PACKAGE).as_posix()
    return rel == "store.py" or rel.startswith("store/")


def test_only_the_store_runs_sql():
    offenders = []
    for path in shell_files():
        if is_store(path):
            continue
        for line, module, _ in imports_of(path):
            if module.split(".")[0] in {"sqlite3", "sqlite_utils"}:
                offenders.append(f"{path.relative_to(PACKAGE)}:{line} imports {module}")
    assert offenders == []


def test_core_does_not_import_the_shell():
    for path in CORE_FILES:
        for line, module, _ in imports_of(path):
            assert not (module.startswith("votekit") and not module.startswith("votekit.core")), \
                f"{path.name}:{line}"


def test_web_does_not_reach_past_the_service_layer():
    web = PACKAGE / "web"
    for path in web.rglob("*.py") if web.exists() else []:
        for line, module, level in imports_of(path):
            assert "store" not in module.split("."), f"{path.relative_to(PACKAGE)}:{line}"


def _structure():
    """tools/structure.py measures the import graph (also run by hand for the figures)."""
    import importlib.util
    path = PACKAGE.parent / "tools" / "structure.py"
    spec = importlib.util.spec_from_file_location("votekit_structure", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.measure()


def test_no_import_circles():
    assert _structure()["circles"] == []


def test_no_upward_imports():
    """core → pdf/scan/documents → store → service → web/cli/rehearsal, never back up."""
    assert _structure()["upward"] == []


def test_documents_read_only_core_and_pdf():
    for path in (PACKAGE / "documents").rglob("*.py"):
        for line, module, level in imports_of(path):
            if level == 2 or module.startswith("votekit."):
                top = module.split(".")[1] if module.startswith("votekit.") else module.split(".")[0]
                assert top in {"core", "pdf"}, f"{path.relative_to(PACKAGE)}:{line} imports {module}"
