"""`votekit rehearse`: the demo meeting end to end, and every artefact checks out on its own."""
import json
import subprocess
import sys

import pytest

from tests.test_ballot_pdf import decode, rasterise


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


def test_round_records_recount_to_the_same_verdict(rehearsal):
    out, summary = rehearsal
    rounds = summary["count"]["rounds"] + [summary["plenary"]["secretary"]]
    assert sorted(p.name for p in out.glob("round-*.json")) == sorted(r["file"] for r in rounds)
    for r in rounds:
        proc = run("tally", str(out / r["file"]))
        assert proc.returncode == 0, proc.stderr
        verdict = json.loads(proc.stdout)
        assert verdict["elected"] == r["elected"] and verdict["status"] == r["status"]
        assert (verdict["valid_ballots"], verdict["invalid_ballots"]) == (r["valid"], r["invalid"])


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
