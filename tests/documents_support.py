"""Shared helpers for the documents tests: build the demo set once, read PDFs' text layer."""
from __future__ import annotations

import copy
import functools
import os
import re
import subprocess
from pathlib import Path

GOLDEN = Path(__file__).resolve().parent / "golden"
REGEN = os.environ.get("VOTEKIT_REGEN_GOLDEN") == "1"


def pdf_text(path: Path, layout: bool = False) -> str:
    args = ["pdftotext", "-enc", "UTF-8"] + (["-layout"] if layout else []) + [str(path), "-"]
    return subprocess.run(args, check=True, capture_output=True).stdout.decode("utf-8")


def flat(text: str) -> str:
    """Whitespace removed: the text layer as one string (line breaks vary by layout)."""
    return re.sub(r"\s+", "", text)


def golden_lines(text: str) -> str:
    lines = [re.sub(r"\s+", "", line) for line in text.splitlines()]
    return "\n".join(line for line in lines if line) + "\n"


def check_golden(name: str, text: str) -> None:
    path = GOLDEN / f"{name}.txt"
    path.parent.mkdir(parents=True, exist_ok=True) if REGEN else None
    got = golden_lines(text)
    if REGEN:
        GOLDEN.mkdir(exist_ok=True)
        path.write_text(got, encoding="utf-8")
    assert path.exists(), f"{path} missing: run with VOTEKIT_REGEN_GOLDEN=1 to create it"
    assert got == path.read_text(encoding="utf-8"), (
        f"{name} differs from {path}; if the change is intended, regenerate with "
        "VOTEKIT_REGEN_GOLDEN=1 and review the diff")


def bbox_pages(path: Path) -> list[dict]:
    """pdftotext -bbox-layout → pages of lines: {'width','height','lines':[(x0,y0,x1,y1,text)]}."""
    out = subprocess.run(["pdftotext", "-bbox-layout", str(path), "-"], check=True,
                         capture_output=True).stdout.decode("utf-8")
    pages = []
    for page in re.finditer(r'<page width="([\d.]+)" height="([\d.]+)">(.*?)</page>', out, re.S):
        lines = []
        for line in re.finditer(r'<line xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" '
                                r'yMax="([\d.]+)">(.*?)</line>', page.group(3), re.S):
            words = re.findall(r">([^<]*)</word>", line.group(5))
            lines.append((*map(float, line.groups()[:4]), "".join(words)))
        pages.append({"width": float(page.group(1)), "height": float(page.group(2)),
                      "lines": lines})
    return pages


# --- the three scenarios of the paperwork tests -------------------------------------------

def scenario(variant: str):
    """The demo meeting (``votekit.rehearsal.scenario``) played into a meeting file and read
    back by ``service.dossier``: plain (every paper fact recorded, 测评), runoff (tie →
    再次投票, a member leaves before it), shortfall (另行选举 → tie → 再次投票, no 副书记,
    no paper facts: the papers print blanks to fill).  The plain set also carries the
    applicant's particulars, which the meeting file does not record."""
    import dataclasses

    d = played_dossier(variant)
    if variant != "plain":
        return d
    admit = dataclasses.replace(d.resolutions[0], applicant=_applicant())
    return dataclasses.replace(d, resolutions=(admit,) + d.resolutions[1:])


def played_dossier(variant: str = "runoff"):
    """``votekit.rehearsal.demo.demo_dossier(variant)``, played once per test run: each call
    gets its own deep copy (the audit log's events are dicts), so no test sees another's."""
    return copy.deepcopy(_played(variant))


@functools.cache
def _played(variant: str):
    from votekit.rehearsal.demo import demo_dossier
    return demo_dossier(variant)


def _applicant():
    from votekit.documents.model import Applicant
    return Applicant("林晓", "女", "1998年3月", "汉族", "山东济南", "大学本科", "街道党政办公室科员",
                     "2023年3月10日", "2023年9月1日", "2025年9月5日", "王建国、叶䶮",
                     "政治立场坚定，工作认真负责，按期参加党课学习，群众评议良好。")


def pdf_pages(path: Path) -> list[str]:
    return pdf_text(path).split("\f")
