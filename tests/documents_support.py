"""Shared helpers for the documents tests: build the demo set once, read PDFs' text layer."""
from __future__ import annotations

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
    """plain: every fact recorded (hand votes, approval dates, applicant, request date);
    runoff: tie → 再次投票, one member leaves before it; shortfall: 另行选举, no 副书记,
    nothing recorded beyond the votes (the papers print blanks to fill)."""
    import dataclasses
    import datetime as dt

    from votekit.core.verdict import judge
    from votekit.core.vocabulary import Ballot
    from votekit.documents.model import Applicant, HandVote
    from votekit.rehearsal.scenario import demo_dossier
    d = demo_dossier(variant)
    if variant == "plain":
        att = d.attendance
        excluded = tuple(dataclasses.replace(e, higher_approved_on=dt.date(2026, 10, 30),
                                             meeting_approved_on=d.meeting.meeting_date)
                         for e in att.excluded)
        admit = dataclasses.replace(d.resolutions[0], applicant=Applicant(
            "程晓雪", "女", "1998年3月", "汉族", "山东济南", "大学本科", "市统计局综合处科员",
            "2023年3月10日", "2023年9月1日", "2025年9月5日", "郑凯、叶䶮",
            "政治立场坚定，工作认真负责，按期参加党课学习，群众评议良好。"))
        return dataclasses.replace(
            d, attendance=dataclasses.replace(att, excluded=excluded), resolutions=(admit,),
            other_votes=(("appraisals", [appraisal_record()]),),
            rules_vote=HandVote(28, 0, 0), tellers_vote=HandVote(27, 0, 1),
            exclusions_vote=HandVote(28, 0, 0),
            meeting=dataclasses.replace(d.meeting, contact_person="成秀英",
                                        contact_phone="0531-12345678"))
    if variant == "runoff":
        second = d.rounds[1]
        rec = second.record
        members = tuple(dataclasses.replace(m, present=False) if m.name == "于立军" else m
                        for m in rec.members)
        blank = Ballot.of({})
        ballots = list(rec.ballots)
        ballots.remove(blank)
        from votekit.core.vocabulary import RoundStage
        rec = dataclasses.replace(rec, members=members, ballots=tuple(ballots),
                                  ballots_issued=len(ballots), stage=RoundStage.RUNOFF)
        from votekit.core.roll import Absent, AbsenceKind, Roll
        roll = Roll("10:30", members, (Absent("卞志刚", AbsenceKind.LEAVE, "病假"),
                                       Absent("于立军", AbsenceKind.LEFT, "10:25"),
                                       Absent("鲁振华", AbsenceKind.LEAVE, "出差")))
        second = dataclasses.replace(second, record=rec, verdict=judge(rec),
                                     ballots_spoiled=1, roll=roll)
        return dataclasses.replace(d, rounds=(d.rounds[0], second))
    p = d.plenary
    return dataclasses.replace(d, plenary=dataclasses.replace(p, votes=p.votes[:1]),
                               term=dataclasses.replace(d.term, deputy_seats=0, request_date=None))


def appraisal_record() -> dict:
    """One 民主测评 as the archive keeps it (service.appraisal.archive_data's shape),
    tallied by the core from 26 sheets over four members."""
    import json
    import random

    from votekit.core.appraisal import (GRADES, AppraisalSheet, Rating, summary_sentence,
                                        tally_appraisal)
    names = ("丁海燕", "叶䶮", "朱红", "苏晓东")
    rng = random.Random(7)
    weights = [Rating.EXCELLENT] * 6 + [Rating.GOOD] * 3 + [Rating.BASIC, Rating.BLANK]
    sheets = [AppraisalSheet.of({n: rng.choice(weights) for n in names}) for _ in range(26)]
    result = tally_appraisal(names, sheets, 28, 26)
    rows = sorted(({"ratings": {n: r.value for n, r in s.ratings}, "illegible": s.illegible}
                   for s in sheets), key=lambda x: json.dumps(x, ensure_ascii=False, sort_keys=True))
    members = [{"no": i, "name": t.name, "rated": t.rated, "blank": t.blank, "invalid": t.invalid,
                "grades": [{"label": g.label, "count": t.count(g), "percent": t.percent(g)}
                           for g in GRADES]} for i, t in enumerate(result.members, 1)]
    summary = {"title": "2026年度民主评议党员", "status": "closed", "status_label": "已结束",
               "issued": 28, "returned": 26, "entered": result.sheets, "void": False,
               "problems": [], "sentence": summary_sentence(result),
               "grade_labels": [g.label for g in GRADES], "members": members}
    return {"title": "2026年度民主评议党员", "names": list(names), "issued": 28, "returned": 26,
            "status": "closed", "sheets": rows, "summary": summary}


def pdf_pages(path: Path) -> list[str]:
    return pdf_text(path).split("\f")
