"""How a paper's contents are stored: sorted marks without abstentions, write-ins, the illegible
flag, as JSON text; the random keys papers are stored under."""
from __future__ import annotations

import json
import secrets
from typing import Any

from ...core.vocabulary import Ballot, Mark, WriteIn, WriteInMark


def ballot_columns(ballot: Ballot) -> dict[str, Any]:
    """How a ballot is stored: sorted marks (no abstentions), write-ins, illegible flag."""
    marks = {name: mark.value for name, mark in ballot.marks}
    writes = [{"name": w.name, "mark": w.mark.value} for w in ballot.write_ins]
    return {"marks": json.dumps(marks, ensure_ascii=False, sort_keys=True),
            "write_ins": json.dumps(writes, ensure_ascii=False), "illegible": int(ballot.illegible)}


def ballot_from_columns(row: dict[str, Any]) -> Ballot:
    marks = {name: Mark(value) for name, value in json.loads(row["marks"]).items()}
    write_ins = [WriteIn(w["name"], WriteInMark(w.get("mark", "agree"))) for w in json.loads(row["write_ins"])]
    return Ballot.of(marks, write_ins, bool(row["illegible"]))


def content_key(row: dict[str, Any]) -> str:
    """What a stored ballot says, canonically (write-ins in any order read the same)."""
    writes = sorted(json.loads(row["write_ins"]), key=lambda w: (w["name"], w["mark"]))
    return json.dumps({"illegible": bool(row["illegible"]), "marks": json.loads(row["marks"]),
                       "write_ins": writes}, ensure_ascii=False, sort_keys=True)


def columns_of_key(key: str) -> dict[str, Any]:
    """A content key (``content_key``) back to the stored columns."""
    content = json.loads(key)
    return {"marks": json.dumps(content["marks"], ensure_ascii=False, sort_keys=True),
            "write_ins": json.dumps(content["write_ins"], ensure_ascii=False),
            "illegible": int(content["illegible"])}


def new_key() -> str:
    return secrets.token_hex(16)
