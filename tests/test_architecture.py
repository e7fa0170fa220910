"""The import direction: a pure core, one store that runs SQL, shells on top."""
import ast
import functools
import json
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


@functools.cache
def _parsed(path: Path, stamp: tuple[int, int]) -> ast.Module:
    return ast.parse(path.read_text(encoding="utf-8"))


def parsed(path: Path) -> ast.Module:
    """The file's syntax tree, parsed once per run while the file is unchanged (tests only read it)."""
    found = path.stat()
    return _parsed(path, (found.st_mtime_ns, found.st_size))


def imports_of(path: Path):
    tree = parsed(path)
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield node.lineno, alias.name, 0
        elif isinstance(node, ast.ImportFrom):
            yield node.lineno, node.module or "", node.level


def calls_of(path: Path):
    tree = parsed(path)
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
        for line, module, _level in imports_of(path):
            assert "store" not in module.split("."), f"{path.relative_to(PACKAGE)}:{line}"


@functools.cache
def _measured() -> str:
    """tools/structure.py measures the import graph (also run by hand for the figures); once
    per run, each test gets its own copy."""
    import importlib.util
    path = PACKAGE.parent / "tools" / "structure.py"
    spec = importlib.util.spec_from_file_location("votekit_structure", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return json.dumps(module.measure())


def _structure() -> dict:
    return json.loads(_measured())


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


# -- the typed store (issue 13): tables are named only inside votekit/store ------------------
STORE = PACKAGE / "store"
GENERIC_ROW_CALLS = {"rows", "get", "insert", "update", "upsert", "delete", "count", "max_of"}
STORE_CALLS = GENERIC_ROW_CALLS | {"query", "query_one", "value", "write", "conn", "db",
                                   "insert_ballot"}


def table_names() -> set[str]:
    import re
    text = "\n".join(p.read_text(encoding="utf-8") for p in (STORE / "migrations").glob("*.sql"))
    return set(re.findall(r"CREATE TABLE (?:IF NOT EXISTS )?\[?(\w+)", text))


def _is_store(node) -> bool:
    """``store``, ``r.store``, ``self.store``: the receiver is a Store by its name."""
    return (isinstance(node, ast.Name) and node.id == "store") or \
        (isinstance(node, ast.Attribute) and node.attr == "store")


def table_literals(path: Path, tables: set[str]) -> list[str]:
    """Generic row calls on a store with a table name (``store.rows("ballots", ...)``), and SQL text."""
    import re
    sql = re.compile(r"\b(FROM|INTO|UPDATE|JOIN)\s+\[?(" + "|".join(sorted(tables)) + r")\b")
    found = []
    for node in ast.walk(parsed(path)):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and \
                node.func.attr in GENERIC_ROW_CALLS and _is_store(node.func.value) and node.args and \
                isinstance(node.args[0], ast.Constant) and node.args[0].value in tables:
            found.append(f"{node.lineno}:{node.args[0].value}")
        elif isinstance(node, ast.Constant) and isinstance(node.value, str) and sql.search(node.value):
            found.append(f"{node.lineno}:SQL")
    return found


# What still names tables outside the store (being moved behind named queries); per file, these
# counts may only go down, and no other file may start.
KNOWN_TABLE_LITERALS: dict[str, int] = {}


def test_no_table_names_outside_the_store():
    tables = table_names()
    assert {"ballots", "rounds", "round_state", "audit"} <= tables
    grown = {}
    for path in shell_files():
        if is_store(path):
            continue
        rel = path.relative_to(PACKAGE).as_posix()
        found = table_literals(path, tables)
        if len(found) > KNOWN_TABLE_LITERALS.get(rel, 0):
            grown[rel] = found
    assert grown == {}, "name the query in votekit/store instead of a table in the caller"


KNOWN_STORE_CALLERS = {"web/documents.py", "scan/commands.py"}


def test_only_the_service_layer_calls_the_store():
    """Shells (web, CLI, rehearsal) and libraries hand the store to the service; they do not use it."""
    offenders = set()
    for path in shell_files():
        rel = path.relative_to(PACKAGE).as_posix()
        if is_store(path) or rel.startswith("service/"):
            continue
        for node in ast.walk(parsed(path)):
            if isinstance(node, ast.Attribute) and node.attr in STORE_CALLS and _is_store(node.value):
                offenders.add(rel)
        for _line, module, level in imports_of(path):
            if module == "votekit.store" or module.startswith("votekit.store.") or \
                    (level and module.split(".")[0] == "store"):
                offenders.add(rel)
    assert offenders - KNOWN_STORE_CALLERS == set()


SECRET_TABLES = ("ballots", "ballot_places", "pile_ballots", "pile_places", "voided_ballots", "entry_tokens",
                 "pile_tokens", "appraisal_sheets", "appraisal_tokens", "sheet_places", "scan_ballots")
KNOWN_SECRET_WRITERS: set[str] = set()


def test_the_secret_ballot_tables_have_one_owner():
    """The counted ballots, the double-entry piles, voided entries, 测评表, read scans and their entry
    tokens are written only in votekit/store/ballot_box/, so the secrecy rules can be read in one place."""
    import re
    write = re.compile(r"\b(INSERT INTO|DELETE FROM|UPDATE)\s+\[?(" + "|".join(SECRET_TABLES) + r")\b")
    writers = {p.relative_to(PACKAGE).as_posix() for p in STORE.rglob("*.py")
               if write.search(p.read_text(encoding="utf-8"))}
    assert writers and all(w.startswith("store/ballot_box/") for w in writers), writers
    for path in shell_files():
        if is_store(path):
            continue
        for node in ast.walk(parsed(path)):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and \
                    node.func.attr in {"insert", "update", "upsert", "delete"} and _is_store(node.func.value) \
                    and node.args and isinstance(node.args[0], ast.Constant) and node.args[0].value in SECRET_TABLES:
                assert path.relative_to(PACKAGE).as_posix() in KNOWN_SECRET_WRITERS, f"{path}:{node.lineno}"


def test_records_are_read_by_attribute():
    """The store's records are not mappings: ``rec.name``, never ``rec["name"]`` or ``rec.get``."""
    import dataclasses

    from votekit.store import appraisals, audit_log, doubts, motions, records, roster, rounds, sessions
    found = [obj for module in (records, rounds, roster, motions, appraisals, doubts, sessions, audit_log)
             for obj in vars(module).values() if dataclasses.is_dataclass(obj) and isinstance(obj, type)]
    assert len(found) >= 12
    assert [c.__name__ for c in found if hasattr(c, "__getitem__") or hasattr(c, "get")] == []
    assert all(c.__dataclass_params__.frozen for c in found)


def test_the_service_layer_calls_named_queries_only():
    """The service names no table and writes no SQL: no generic row calls (``store.rows("members")``),
    no ``store.query``/``store.value``/``store.conn``; it calls the store's named queries."""
    generic = GENERIC_ROW_CALLS | {"query", "query_one", "value", "conn", "db"}
    found = []
    for path in (PACKAGE / "service").rglob("*.py"):
        tree = parsed(path)
        # asking whether a transaction is open runs no SQL (``store.conn.in_transaction``)
        state_only = {id(n.value) for n in ast.walk(tree)
                      if isinstance(n, ast.Attribute) and n.attr == "in_transaction"}
        for node in ast.walk(tree):
            if isinstance(node, ast.Attribute) and node.attr in generic and _is_store(node.value) \
                    and id(node) not in state_only:
                found.append(f"{path.relative_to(PACKAGE).as_posix()}:{node.lineno} store.{node.attr}")
    assert found == []
