"""The schema, one numbered ``NNNN-slug.sql`` file per migration.

A file's first line is a comment naming what it adds (``-- ...``); the rest is
plain SQL.  ``Store.migrate`` applies, in number order, every file whose number
the database has not recorded in ``schema_migrations``.  Never edit a migration
that has shipped: add a new file with the next free number.
"""
from __future__ import annotations

import re
from importlib import resources

_FILE = re.compile(r"(\d{4})-[a-z0-9-]+\.sql")


def _load() -> list[tuple[int, str, str]]:
    found = []
    for entry in resources.files(__name__).iterdir():
        match = _FILE.fullmatch(entry.name)
        if not match:
            continue
        text = entry.read_text(encoding="utf-8")
        first, _, rest = text.partition("\n")
        name = first[2:].strip() if first.startswith("--") else entry.name[5:-4]
        found.append((int(match[1]), name, rest if first.startswith("--") else text))
    found.sort(key=lambda m: m[0])
    numbers = [m[0] for m in found]
    if len(set(numbers)) != len(numbers):
        raise RuntimeError(f"两个迁移文件编号相同：{numbers}")
    return found


MIGRATIONS: list[tuple[int, str, str]] = _load()


def split_sql(script: str) -> list[str]:
    """Split a migration into statements, keeping trigger bodies whole (comment lines dropped)."""
    statements, buf = [], []
    for line in script.strip().splitlines():
        if line.lstrip().startswith("--") and not buf:
            continue
        buf.append(line)
        text = "\n".join(buf).strip()
        in_trigger = text.upper().startswith("CREATE TRIGGER")
        if text.endswith(";") and (not in_trigger or text.upper().endswith("END;")):
            statements.append(text)
            buf = []
    if "\n".join(buf).strip():
        statements.append("\n".join(buf).strip())
    return statements
