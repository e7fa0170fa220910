"""Text that cannot break anything (issue 18, item 2).

Before: a write-in name decided with "\\x07", or an absence reason with "\\x0b" (what a
paste from Word gives), made every later document fail (HTTP 500, a traceback from
``votekit documents``), so no 计票结果报告单 and no archive could ever be made; right-to-
left overrides reached the .docx files; 李秀英 and 李\\u200b秀英 were two people.

Here every text field of a whole meeting's paperwork (the demo dossier: elections with a
runoff, motions, an appraisal, absences, write-ins) is given hostile characters, the same
way wherever the same text occurs, and then every document and the archive are produced.
"""
from __future__ import annotations

import dataclasses
import enum
import re
import zipfile

import pytest

from votekit.documents.bundle import write_documents
from votekit.documents.verify import verify_archive
from tests.documents_support import played_dossier
from votekit.service import text

HOSTILE_CHARS = "\x07\x0b\x00\x1b\u202e\u2066\u200b\u200f\ufeff\u2028"
FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\u202a-\u202e\u2066-\u2069\u200b-\u200f\ufeff\u2028\u2029]")
CJK = re.compile(r"[\u4e00-\u9fff]")


def poison(value: str) -> str:
    """The same hostile variant of a text wherever it occurs (so names still match)."""
    if not CJK.search(value) or re.search(r"\d", value):
        return value
    return value[0] + "\x07\u202e" + value[1:] + "\u200b\x0b"


def poisoned(value):
    if isinstance(value, enum.Enum):
        return value
    if isinstance(value, str):
        return poison(value)
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        changes = {f.name: poisoned(getattr(value, f.name)) for f in dataclasses.fields(value) if f.init}
        return dataclasses.replace(value, **changes)
    if isinstance(value, dict):
        return {poisoned(k): poisoned(v) for k, v in value.items()}
    if isinstance(value, (list, tuple, set, frozenset)):
        return type(value)(poisoned(v) for v in value)
    return value


def test_poisoning_reaches_the_dossier():
    clean, dirty = played_dossier(), poisoned(played_dossier())
    assert clean != dirty and "\u202e" in dirty.meeting.branch_name


def hostile_dossier():
    """Every text poisoned; the audit log as it was recorded (its hash chain is over it)."""
    d = played_dossier()
    return dataclasses.replace(poisoned(dataclasses.replace(d, audit_log=())), audit_log=d.audit_log)


@pytest.fixture(scope="module")
def written(tmp_path_factory):
    return write_documents(hostile_dossier(), tmp_path_factory.mktemp("hostile-docs"))


def test_every_document_and_the_archive_are_made_from_hostile_text(written):
    check = verify_archive(written.archive)
    assert check.ok, check.summary
    with zipfile.ZipFile(written.archive) as zf:
        names = zf.namelist()
    assert sum(n.endswith(".pdf") for n in names) >= 10 and sum(n.endswith(".docx") for n in names) >= 10


def test_no_hostile_character_reaches_a_document(written):
    with zipfile.ZipFile(written.archive) as zf:
        for name in zf.namelist():
            if name.endswith(".docx"):
                with zipfile.ZipFile(zf.open(name)) as doc:
                    xml = doc.read("word/document.xml").decode("utf-8")
                assert not FORBIDDEN.search(xml), name
            elif name.endswith((".json", ".txt", ".csv")):
                data = zf.read(name).decode("utf-8")
                found = FORBIDDEN.search(data)
                assert not found, (name, data[max(0, found.start() - 40):found.start() + 40])


def test_the_gate_and_the_name_identity_make_one_person():
    from votekit.core.names import canonical_name
    a, _ = text.clean("李秀英", "姓名")
    b, _ = text.clean("李\u200b秀英", "姓名")
    c, _ = text.clean("李\u3000秀英", "姓名")
    assert canonical_name(a) == canonical_name(b) == canonical_name(c) == "李秀英"
