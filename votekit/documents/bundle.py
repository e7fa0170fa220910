"""The full set: every document of one election as PDF and .docx, plus the sealed archive.

Order of work: the records (their fingerprint), every paper that does not print the
archive root, the blank specimens and the 说明.txt; then the archive root over all of
those; then the two papers that print it (计票结果报告单, 归档目录); then the zip.
"""
from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from pathlib import Path

from ..core.printable import printable_tree
from .after import (IndexEntry, appraisal_summary, archive_index, minutes, plenary_minutes,
                    publicity, resolution_form, sign_in_sheet)
from .archive import (PRINTS_ROOT, covered, fingerprint_of, manifest_line, record_members,
                      replace_atomically, root_of, write_archive)
from .before import candidate_list, election_request, election_rules
from .blocks import Paper
from .form_pdf import render_form
from .model import Dossier
from .official_pdf import render_official
from .readme import archive_readme
from .report import approval_request, result_report
from .script import host_script
from .scrutiny import scrutineer_reports
from .specimens import specimens
from .tally_sheet import tally_sheet
from .wording import appraisals, cn_date, people
from .word import write_docx

# 归档目录 order (DOCUMENTS.md): title of each paper by file stem prefix
TITLES = {"00": "换届选举请示", "03": "选举办法", "12": "候选人名单", "04": "签到表",
          "11": "监票人报告单（到会、选票分发、选票收回）", "02": "计票结果报告单", "01": "主持词",
          "05": "关于选举结果的报告", "06": "关于审批选举结果的请示", "07": "公示",
          "08": "党员大会会议记录", "13": "支部委员会第一次全体会议记录", "10": "支部大会决议",
          "14": "民主测评汇总表", "09": "归档目录"}


@dataclass(frozen=True)
class Written:
    files: tuple[Path, ...]        # every PDF and .docx written
    archive: Path
    root: str                      # the archive root (printed on 归档目录 and 计票结果报告单)
    records_root: str              # the records fingerprint


def papers(d: Dossier, fingerprint: str | None = None, root: str = "") -> list[Paper]:
    """Every document (the 归档目录 without its file list), names kept whole."""
    out = [election_request(d)] if d.term is not None else []
    out += [host_script(d), tally_sheet(d, fingerprint, root), election_rules(d), sign_in_sheet(d),
            result_report(d)]
    if d.plenary is not None:
        out += [approval_request(d), plenary_minutes(d)]
    elif d.without_committee and any(c.elected for c in d.contests):
        out.append(approval_request(d))      # 请示 approving the 书记 (副书记) the meeting elected
    out += [publicity(d), minutes(d), candidate_list(d), scrutineer_reports(d)]
    decided = resolution_form(d)
    if decided is not None:
        out.append(decided)
    if appraisals(d):
        out.append(appraisal_summary(d))
    out.append(archive_index(d, root=root, records_root=fingerprint or ""))
    keep = people(d)
    return [dataclasses.replace(p, keep=keep) for p in out]


def render(paper: Paper, path: Path) -> None:
    """Write the PDF to a temporary file and rename it over ``path`` when complete."""
    draw = render_official if paper.official is not None else render_form
    replace_atomically(path, lambda target: draw(paper, target))


def page_count(data: bytes) -> int:
    import pypdfium2
    doc = pypdfium2.PdfDocument(data)
    try:
        return len(doc)
    finally:
        doc.close()


def _write(paper: Paper, out: Path) -> list[tuple[str, bytes, Path]]:
    pdf = out / "pdf" / f"{paper.name}.pdf"
    render(paper, pdf)
    written = [(f"pdf/{pdf.name}", pdf.read_bytes(), pdf)]
    if paper.docx:
        doc = out / "docx" / f"{paper.name}.docx"
        replace_atomically(doc, lambda target: write_docx(paper, target))
        written.append((f"docx/{doc.name}", doc.read_bytes(), doc))
    return written


def _title(paper: Paper) -> str:
    return TITLES.get(paper.name[:2], paper.name[3:])


def _entries(d: Dossier, done: dict[str, tuple[Paper, int]], extra: list[tuple[str, bytes]]
             ) -> tuple[IndexEntry, ...]:
    order = list(TITLES)
    rows = []
    for key in sorted(done, key=lambda k: order.index(k[:2]) if k[:2] in order else 99):
        paper, pages = done[key]
        day = cn_date(paper.date) if paper.date else ""
        rows.append(IndexEntry(_title(paper), f"pdf/{paper.name}.pdf", "1", str(pages), day,
                               "另有.docx" if paper.docx else ""))
    day = cn_date(d.meeting.meeting_date)
    returned = sum(r.returned for c in d.contests for r in c.held)     # a void round's papers too
    if d.plenary is not None:
        returned += sum(v.result.returned for v in d.plenary.votes)
    void = "（含选举无效的轮次）" if any(c.voids for c in d.contests) else ""
    rows.append(IndexEntry("选票（封存，纸质）", "—", str(returned), "—", day, f"各轮收回的选票{void}"))
    rows.append(IndexEntry("上级党组织批复（纸质）", "—", "", "", "", "收到后补入"))
    scans = sum(1 for p, _ in extra if p.startswith("scans/"))
    specimen = sum(1 for p, _ in extra if p.startswith("specimens/"))
    rows.append(IndexEntry("电子归档包（计票记录、操作记录、扫描图像、全部文书的PDF和Word文件）",
                           "archive.zip", "1", "—", day,
                           f"扫描图像{scans}张，空白样张{specimen}份"))
    return tuple(rows)


def _write_index(d: Dossier, out: Path, entries: tuple[IndexEntry, ...], root: str,
                 fingerprint: str, listing, members: list) -> list[Path]:
    """The 归档目录, counting its own pages in a first pass; its files join ``members``."""
    keep = people(d)
    index = dataclasses.replace(archive_index(d, entries, root, fingerprint, listing), keep=keep)
    pages = page_count(_write(index, out)[0][1])
    own = IndexEntry(TITLES["09"], f"pdf/{index.name}.pdf", "1", str(pages),
                     cn_date(d.meeting.meeting_date), "另有.docx")
    index = dataclasses.replace(archive_index(d, entries[:-3] + (own,) + entries[-3:], root,
                                              fingerprint, listing), keep=keep)
    written = []
    for path, data, file in _write(index, out):
        members.append((path, data))
        written.append(file)
    return written


def write_documents(d: Dossier, out: Path, archive_name: str = "archive.zip") -> Written:
    # every text made printable first (a control character from a paste once stopped the
    # paperwork for good); the audit log stays byte for byte, its hash chain is over it
    d = dataclasses.replace(printable_tree(dataclasses.replace(d, audit_log=())), audit_log=d.audit_log)
    out = Path(out)
    (out / "pdf").mkdir(parents=True, exist_ok=True)
    (out / "docx").mkdir(parents=True, exist_ok=True)
    records = record_members(d)
    fingerprint = fingerprint_of(records)
    members: list[tuple[str, bytes]] = list(records)
    files: list[Path] = []
    done: dict[str, tuple[Paper, int]] = {}
    for paper in papers(d, fingerprint):
        if f"pdf/{paper.name}.pdf" in PRINTS_ROOT:
            continue
        for path, data, file in _write(paper, out):
            members.append((path, data))
            files.append(file)
            if path.startswith("pdf/"):
                done[paper.name] = (paper, page_count(data))
    members += specimens(d)
    titles = tuple((f"pdf/{p.name}.pdf", _title(p)) for p, _ in done.values())
    members.append(("说明.txt", archive_readme(d, titles)))
    root = root_of(members)
    listing = tuple(sorted((line.split("  ", 1)[1], line.split("  ", 1)[0])
                           for line in (manifest_line(p, data) for p, data in members)
                           if covered(line.split("  ", 1)[1])))
    keep = people(d)
    tally = dataclasses.replace(tally_sheet(d, fingerprint, root), keep=keep)
    for path, data, file in _write(tally, out):
        members.append((path, data))
        files.append(file)
        if path.startswith("pdf/"):
            done[tally.name] = (tally, page_count(data))
    files += _write_index(d, out, _entries(d, done, members), root, fingerprint, listing,
                          members)
    archive = out / archive_name
    write_archive(archive, members, d.meeting.meeting_date)
    return Written(tuple(sorted(files)), archive, root, fingerprint)
