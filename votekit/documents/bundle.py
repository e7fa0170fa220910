"""The full set: every document of one election as PDF (and .docx where it is edited),
plus the sealed archive.  Records first, so the tally report can carry their fingerprint."""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from .after import archive_index, minutes, publicity, resolution_form, sign_in_sheet
from .archive import fingerprint_of, record_members, replace_atomically, write_archive
from .before import election_request, election_rules
from .blocks import Paper
from .form_pdf import render_form
from .model import Dossier
from .official_pdf import render_official
from .report import approval_request, result_report
from .script import host_script
from .scrutiny import scrutineer_reports
from .tally_sheet import tally_sheet
from .word import write_docx


@dataclass(frozen=True)
class Written:
    files: tuple[Path, ...]        # every PDF and .docx written
    archive: Path
    root: str                      # SHA-256 of the archive's MANIFEST
    records_root: str              # printed on the 计票结果报告单


def papers(d: Dossier, fingerprint: str | None = None) -> list[Paper]:
    """Every document, in the order of the 归档目录."""
    out = []
    if d.term is not None:
        out.append(election_request(d))
    out += [host_script(d), tally_sheet(d, fingerprint), election_rules(d), sign_in_sheet(d),
            result_report(d)]
    if d.plenary is not None:
        out.append(approval_request(d))
    out += [publicity(d), minutes(d), archive_index(d, fingerprint), resolution_form(d),
            scrutineer_reports(d)]
    return out


def render(paper: Paper, path: Path) -> None:
    """Write the PDF to a temporary file and rename it over ``path`` when complete."""
    draw = render_official if paper.official is not None else render_form
    replace_atomically(path, lambda target: draw(paper, target))


def write_documents(d: Dossier, out: Path, archive_name: str = "archive.zip") -> Written:
    out = Path(out)
    (out / "pdf").mkdir(parents=True, exist_ok=True)
    (out / "docx").mkdir(parents=True, exist_ok=True)
    records = record_members(d)
    fingerprint = fingerprint_of(records)
    written: list[Path] = []
    pdf_members = []
    for paper in papers(d, fingerprint):
        pdf = out / "pdf" / f"{paper.name}.pdf"
        render(paper, pdf)
        written.append(pdf)
        pdf_members.append((f"pdf/{pdf.name}", pdf.read_bytes()))
        if paper.docx:
            doc = out / "docx" / f"{paper.name}.docx"
            replace_atomically(doc, lambda target, p=paper: write_docx(p, target))
            written.append(doc)
    archive = out / archive_name
    root = write_archive(archive, records + pdf_members, d.meeting.meeting_date)
    return Written(tuple(written), archive, root, fingerprint)
