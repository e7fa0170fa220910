"""`votekit rehearse`: the demo meeting end to end, and every artefact checks out on its own."""
import json
import subprocess
import sys

import pytest

from tests.test_ballot_pdf import decode, rasterise

pytestmark = pytest.mark.slow


def run(*args):
    return subprocess.run([sys.executable, "-m", "votekit", *args], capture_output=True,
                          text=True, encoding="utf-8", timeout=300)


@pytest.fixture(scope="module")
def rehearsal(tmp_path_factory):
    out = tmp_path_factory.mktemp("rehearsal")
    proc = run("rehearse", "--out", str(out), "--date", "2026-11-22")
    assert proc.returncode == 0, proc.stderr
    return out, json.loads((out / "summary.json").read_text("utf-8"))


def test_every_step_ran_and_the_record_is_whole(rehearsal):
    out, summary = rehearsal
    assert summary["ok"] and summary["audit"]["ok"]
    assert summary["steps"][-1] == "step_audit" and "step_documents" in summary["steps"]
    for name in summary["artefacts"]:
        assert (out / name).exists(), name
    assert summary["count"]["complete"] and len(summary["count"]["elected"]) == 5
    first, runoff = summary["count"]["rounds"]                 # the scenario's tie → 再次投票
    assert first["status"] == "runoff_needed" and first["runoff"]["names"] == ["周敏", "赵丽华"]
    assert runoff["issued"] == first["issued"] - 1 == 20        # 徐明 left before the 再次投票
    assert summary["quorum"]["valid_from_present"] == 20 and summary["quorum"]["present"] == 21


def test_round_records_recount_to_the_same_verdict(rehearsal):
    out, summary = rehearsal
    rounds = summary["count"]["rounds"] + [summary["plenary"][post] for post in ("secretary", "deputy")]
    assert sorted(p.name for p in out.glob("round-*.json")) == sorted(r["file"] for r in rounds)
    for r in rounds:
        proc = run("tally", str(out / r["file"]))
        assert proc.returncode == 0, proc.stderr
        verdict = json.loads(proc.stdout)
        assert verdict["elected"] == r["elected"] and verdict["status"] == r["status"]
        assert (verdict["valid_ballots"], verdict["invalid_ballots"]) == (r["valid"], r["invalid"])


def test_the_demo_pile_read_from_a_scan_gives_the_keyboard_verdict(rehearsal):
    """Issue 7's demonstration: the printed demo ballots, marked by script and scanned,
    read back with a 监票人 deciding every doubt, agree ballot for ballot with the
    tellers' entry, and the verdict from the scanned ballots alone is the keyboard's."""
    _, summary = rehearsal
    rounds = summary["count"]["rounds"] + [summary["plenary"][post] for post in ("secretary", "deputy")]
    for r in rounds:
        scan = r["scan"]
        assert scan["agree"] and scan["same_verdict"], scan
        assert scan["pages"] == r["valid"] + r["invalid"]
        assert (scan["status"], scan["elected"]) == (r["status"], r["elected"])
    first = rounds[0]["scan"]
    assert first["decided_write_ins"] >= 1 and first["decided_marks"] >= 1   # people decided
    assert first["clear"] + first["decided_marks"] + first["decided_write_ins"] >= first["pages"]


def test_the_archive_keeps_every_scanned_ballot_picture_without_order(rehearsal):
    import re
    import zipfile
    out, summary = rehearsal
    archive = out / "documents" / summary["documents"]["archive"]
    with zipfile.ZipFile(archive) as z:
        scans = [n for n in z.namelist() if n.startswith("scans/")]
        assert all(re.fullmatch(r"scans/[0-9a-f]{64}\.png", n) for n in scans)
        assert all(z.read(n)[:8] == b"\x89PNG\r\n\x1a\n" for n in scans)
        listed = z.read("MANIFEST").decode("utf-8")
    committee_pages = sum(r["scan"]["pages"] for r in summary["count"]["rounds"])
    plenary_pages = [summary["plenary"][post]["scan"]["pages"] for post in ("secretary", "deputy")]
    assert plenary_pages == [5, 5]                                       # the 书记 and 副书记 rounds too
    assert len(scans) == committee_pages + sum(plenary_pages) and all(n in listed for n in scans)


def test_ballot_pdfs_carry_their_round_code(rehearsal):
    out, _ = rehearsal
    pdfs = sorted(out.glob("ballots-*.pdf"))
    assert len(pdfs) >= 2
    codes = set()
    for pdf in pdfs:
        found = set(decode(rasterise(pdf, 100, 1, 1)[0]))
        assert len(found) == 1
        codes |= found
    assert len(codes) == len(pdfs)  # one code per round, different rounds differ


def test_archive_verifies_and_a_changed_byte_is_caught(rehearsal, tmp_path):
    out, summary = rehearsal
    archive = out / "documents" / summary["documents"]["archive"]
    proc = run("verify", str(archive))
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "归档完整" in proc.stdout
    import zipfile
    bad = tmp_path / "bad.zip"
    with zipfile.ZipFile(archive) as src, zipfile.ZipFile(bad, "w") as dst:
        for info in src.infolist():
            data = src.read(info)
            if info.filename.startswith("rounds/") and info.filename.endswith(".json"):
                data = data.replace(b'"agree"', b'"disagree"', 1)
                changed = info.filename
            dst.writestr(info, data)
    proc = run("verify", str(bad))
    assert proc.returncode == 1 and changed in proc.stdout + proc.stderr


def test_documents_screen_produces_the_set_from_the_meeting_file(rehearsal, tmp_path):
    import re
    import shutil
    from votekit.web import create_app
    out, _ = rehearsal
    db = tmp_path / "copy.sqlite3"
    shutil.copy(out / "rehearsal.sqlite3", db)
    app = create_app({"DATABASE": str(db), "SECRET_KEY": "t", "TESTING": True,
                      "BALLOTS_DIR": str(tmp_path / "papers")})
    client = app.test_client()
    assert "打印选票（PDF）" in client.get("/m/1").get_data(as_text=True)
    page = client.get("/m/1/documents").get_data(as_text=True)
    assert 'id="blanks"' in page and "通过选举办法的举手表决票数" in page   # what prints blank
    token = re.search(r'name="csrf-token" content="([^"]+)"', page).group(1)
    refused = client.post("/m/1/documents/facts", data={"csrf_token": token, "rules_vote_agree": "x",
                                                         "rules_vote_disagree": "0",
                                                         "rules_vote_abstain": "0"},
                          follow_redirects=True).get_data(as_text=True)
    assert "0到9999的整数" in refused
    facts = {"csrf_token": token, "rules_vote_agree": "20", "rules_vote_disagree": "0",
             "rules_vote_abstain": "1", "contact_person": "宋佳", "contact_phone": "010-8888"}
    page = client.post("/m/1/documents/facts", data=facts, follow_redirects=True).get_data(as_text=True)
    assert "已保存" in page and "通过选举办法的举手表决票数" not in page and 'value="宋佳"' in page
    response = client.post("/m/1/documents", data={"csrf_token": token})
    assert response.status_code == 302
    page = client.get("/m/1/documents").get_data(as_text=True)
    assert "archive.zip" in page and "pdf/02-计票结果报告单.pdf" in page
    pdf = client.get("/m/1/documents/pdf/02-计票结果报告单.pdf")
    assert pdf.status_code == 200 and pdf.data[:5] == b"%PDF-"
    assert client.get("/m/1/documents/../../secret_key").status_code == 404
    archive = next((tmp_path / "papers").glob("*/documents/archive.zip"))
    proc = run("verify", str(archive))
    assert proc.returncode == 0, proc.stdout
    from tests.documents_support import flat, pdf_text
    script = flat(pdf_text(archive.parent / "pdf" / "01-主持词.pdf"))
    assert "表决结果：赞成20人，不赞成0人，弃权1人。选举办法获得通过。" in script   # the recorded count
    assert "联系人：宋佳，联系电话：010-8888" in flat(pdf_text(archive.parent / "pdf" / "05-关于选举结果的报告.pdf"))


def test_the_shortfall_path_holds_a_void_round_again_and_still_checks_out(tmp_path):
    """``--variant shortfall``: 另行选举 void (more papers back than issued) → 重新投票 → a tie →
    再次投票; every counted round is scanned and re-counted, the archive verifies."""
    proc = run("rehearse", "--out", str(tmp_path), "--date", "2026-11-22", "--variant", "shortfall")
    assert proc.returncode == 0, proc.stderr
    summary = json.loads((tmp_path / "summary.json").read_text("utf-8"))
    assert summary["ok"] and summary["documents"]["verified"]
    assert [(h["kind"], h["status"]) for h in summary["count"]["held"]] == [
        ("first", "closed"), ("further", "void"), ("further", "closed"), ("runoff", "closed")]
    counted = summary["count"]["rounds"]
    assert [r["status"] for r in counted] == ["shortfall", "runoff_needed", "complete"]
    assert all(r["scan"]["agree"] and r["scan"]["same_verdict"] for r in counted)
    assert "deputy" not in summary["plenary"] and len(summary["count"]["elected"]) == 5


@pytest.mark.parametrize("today,words", [
    ("2026-09-01", "还有22天"), ("2026-09-23", "今天是最后期限"), ("2026-10-01", "已逾期8天"),
    ("2026-11-22", None), ("2026-12-01", None)])
def test_term_reminder_counts_down_before_the_meeting(today, words):
    import datetime as dt
    from votekit.store.records import Meeting
    from votekit.web.forms import term_reminder
    meeting = Meeting(1, "中共测试支部委员会", "2026-11-22", term_expires_on="2026-11-30")
    text = term_reminder(meeting, dt.date.fromisoformat(today))
    if words is None:
        assert text == ""
    else:
        assert words in text and "2026年9月23日" in text
    assert term_reminder(Meeting(1, "中共测试支部委员会", "2026-11-22"), dt.date(2026, 1, 1)) == ""
