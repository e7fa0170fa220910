"""监票人报告单: attendance, distribution and return of ballots, read back from the PDF."""
import subprocess

from votekit.documents.bundle import render
from tests.documents_support import played_dossier
from votekit.documents.scrutiny import scrutineer_reports


def test_reports_carry_the_recorded_numbers(tmp_path):
    d = played_dossier("runoff")
    pdf = tmp_path / "11.pdf"
    render(scrutineer_reports(d), pdf)
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True,
                          text=True, check=True).stdout
    att = d.attendance
    assert f"应到会有选举权的正式党员{att.expected}人，实到{att.present}人，超过" in text
    for a in att.absent:
        assert a.name in text
    for r in d.rounds:
        assert f"选票分发情况报告单（{r.label}）" in text
        assert f"发出选票{r.issued}张，收回{r.returned}张" in text
        left = r.ballots_printed - r.issued
        assert f"{left}张" in text
    assert text.count("监票人：") >= len(d.election.scrutineers)
