"""印制与清点 (issue 4): print a round from the meeting file, read it back, keep the count of paper."""
import re
import subprocess
import sys

import pytest

from votekit.rehearsal import demo
from votekit.core.order import sort_names
from votekit.core.payload import parse_payload
from votekit.service import ballots, meetings, papers, signin, slate
from votekit.service.database import open_database
from votekit.service.entry import code_key
from votekit.web import create_app
from tests.test_ballot_pdf import decode, pdftext, rasterise


@pytest.fixture
def meeting(tmp_path):
    path = tmp_path / "m.sqlite3"
    store = open_database(path)
    meeting_id = demo.create_demo_meeting(store, "书记", "2026-11-22")
    election = meetings.elections(store, meeting_id)[0]
    rnd = meetings.rounds(store, election.id)[0]
    yield store, path, meeting_id, election, rnd
    store.close()


def sign_in_all(store, meeting_id):
    for _row in signin.attendance(store, meeting_id) if hasattr(signin, "attendance") else []:
        pass
    for member in store.rows("members", meeting_id=meeting_id):
        signin.sign_in(store, "书记", member["id"])


def test_printed_round_reads_back(meeting, tmp_path):
    store, _, meeting_id, election, rnd = meeting
    outcome = papers.print_ballots(store, "书记", rnd.id, tmp_path / "out")
    assert outcome.ok, outcome.messages
    pdf = outcome.value
    assert pdf.parent.parent == tmp_path / "out" and pdf.name.endswith(".pdf")
    account = papers.paper_account(store, rnd.id)
    copies, spares = papers.default_copies(store, rnd.id)
    assert account["printed"] == copies + spares and account["spares"] == spares
    pages = rasterise(pdf, 150, 1, 2)
    codes = {c for page in pages for c in decode(page)}
    assert codes == {account["payload"]}  # identical on every ballot, no serial
    reading = parse_payload(account["payload"], code_key(store))
    assert reading.ok and reading.code.round_no == 1
    text = pdftext(pdf, 1)
    names = slate.candidate_names(store, election.id)
    positions = [text.index(n) for n in sort_names(names)]
    assert positions == sorted(positions)
    assert "委员选举选票" in text and "应选委员5名" in text
    assert papers.printed_layout(store, rnd.id)["version"] >= 1


def test_second_round_has_another_code(meeting, tmp_path):
    store, _, meeting_id, election, rnd = meeting
    names = list(slate.candidate_names(store, election.id))[:3]
    opened = meetings.open_round(store, "书记", election.id, "runoff", 1, names)
    assert opened.ok
    second = meetings.rounds(store, election.id)[-1]
    first = papers.print_ballots(store, "书记", rnd.id, tmp_path)
    runoff = papers.print_ballots(store, "书记", second.id, tmp_path)
    assert first.ok and runoff.ok
    codes = [papers.paper_account(store, r)["payload"] for r in (rnd.id, second.id)]
    assert codes[0] != codes[1]
    assert "再次投票" in pdftext(runoff.value, 1)


def test_spoiled_count_is_bounded_by_what_is_left(meeting, tmp_path):
    store, _, meeting_id, election, rnd = meeting
    assert not papers.record_spoiled(store, "书记", rnd.id, 1).ok  # nothing printed
    papers.print_ballots(store, "书记", rnd.id, tmp_path, copies=25, spares=3)
    sign_in_all(store, meeting_id)
    assert ballots.issue_ballots(store, "书记", rnd.id, 24).ok
    refused = papers.record_spoiled(store, "书记", rnd.id, 5)
    assert not refused.ok and "0至4张" in refused.message
    done = papers.record_spoiled(store, "书记", rnd.id, 3)
    assert done.ok and "留存1张" in done.message
    account = papers.paper_account(store, rnd.id)
    assert (account["printed"], account["issued"], account["spoiled"], account["kept"]) == (28, 24, 3, 1)


def test_bad_counts_are_refused_and_nothing_is_written(meeting, tmp_path):
    store, _, _, _, rnd = meeting
    assert not papers.print_ballots(store, "书记", rnd.id, tmp_path, copies=0).ok
    assert not papers.print_ballots(store, "书记", rnd.id, tmp_path, spares=-1).ok
    assert papers.paper_account(store, rnd.id)["printed"] == 0
    assert not list(tmp_path.glob("**/*.pdf"))


def test_round_without_candidates_is_refused(meeting, tmp_path):
    store, _, meeting_id, _, _ = meeting
    secretary = [e for e in meetings.elections(store, meeting_id) if e.post == "secretary"][0]
    rnd = meetings.rounds(store, secretary.id)[0]
    outcome = papers.print_ballots(store, "书记", rnd.id, tmp_path)
    assert not outcome.ok and "候选人" in outcome.message


def test_ballots_command(meeting, tmp_path):
    _, path, _, _, rnd = meeting
    proc = subprocess.run([sys.executable, "-m", "votekit", "ballots", str(rnd.id),
                           "--db", str(path), "--out", str(tmp_path / "b"), "--paper", "A5"],
                          capture_output=True, text=True, encoding="utf-8", timeout=120)
    assert proc.returncode == 0, proc.stderr
    pdf = proc.stdout.strip().splitlines()[-1]
    assert pdf.endswith("-A5.pdf") and (tmp_path / "b") in __import__("pathlib").Path(pdf).parents
    proc = subprocess.run([sys.executable, "-m", "votekit", "ballots", "999", "--db", str(path)],
                          capture_output=True, text=True, encoding="utf-8", timeout=120)
    assert proc.returncode == 1 and "投票轮次不存在" in proc.stderr and "Traceback" not in proc.stderr


def test_print_button_returns_the_pdf(meeting, tmp_path):
    _, path, meeting_id, _, rnd = meeting
    app = create_app({"DATABASE": str(path), "SECRET_KEY": "t", "TESTING": True,
                      "BALLOTS_DIR": str(tmp_path / "web")})
    client = app.test_client()
    page = client.get(f"/m/{meeting_id}").get_data(as_text=True)
    assert "打印选票（PDF）" in page
    token = re.search(r'name="csrf-token" content="([^"]+)"', page).group(1)
    response = client.post(f"/r/{rnd.id}/print", data={"csrf_token": token, "paper": "A4"})
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    assert response.data[:5] == b"%PDF-"
    assert list((tmp_path / "web").glob("*/ballots-E*-R1-A4.pdf"))
    page = client.get(f"/m/{meeting_id}").get_data(as_text=True)
    assert "含备用3张" in page
