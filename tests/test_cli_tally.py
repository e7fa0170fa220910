"""`votekit tally` and `votekit order` end to end (TALLY-JSON.md): each case in this process and
as a separate process (tests/cli_support.py)."""
import json
import sys
from pathlib import Path

import pytest

from tests.cli_support import RUNNERS, as_process

ROUNDS = Path(__file__).parent / "rounds"


@pytest.fixture(autouse=True, params=RUNNERS)
def how(request, monkeypatch):
    """Every case in this process (fast lane) and as its own process (full run; tests/cli_support.py)."""
    monkeypatch.setattr(sys.modules[__name__], "run", request.param)


def run(*args, stdin=None):
    return as_process(*args, stdin=stdin)


def tally(path):
    proc = run("tally", str(path))
    assert proc.returncode == 0, proc.stderr
    return json.loads(proc.stdout)


def test_committee_round_with_shortfall():
    out = tally(ROUNDS / "committee.json")
    assert (out["expected"], out["present"], out["min_present"]) == (24, 21, 20)
    assert out["quorum_met"] and out["slate_ok"] and out["election_valid"]
    assert (out["min_candidates"], out["ballots_returned"]) == (6, 21)
    assert (out["valid_ballots"], out["invalid_ballots"]) == (19, 2)
    assert out["tally"]["丁宁"] == {"agree": 18, "disagree": 1, "abstain": 0}
    assert out["tally"]["王芳"]["agree"] == 10          # 2*10 = 20, not > 21
    assert out["tally"]["李明"] == {"agree": 1, "disagree": 0, "abstain": 0}
    assert sorted(out["elected"]) == sorted(["丁宁", "于波", "万伟", "马龙"])
    assert (out["shortfall"], out["status"], out["runoff"]) == (1, "shortfall", None)
    assert out["seats_reduced_to"] is None
    assert out["messages"][0].startswith("应到会有选举权的党员24人，实到21人，超过")


def test_seat_reduction_vote_from_file(tmp_path):
    data = json.loads((ROUNDS / "committee.json").read_text(encoding="utf-8"))
    data["seat_reduction_vote"] = {"yes": 11}
    path = tmp_path / "reduced.json"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    out = tally(path)
    assert (out["seats_reduced_to"], out["shortfall"], out["status"]) == (4, 0, "complete")


def test_single_seat_round():
    out = tally(ROUNDS / "single-seat.json")
    # 应到 5, 实到 5, 4 ballots back of 5; 田富 3: 2*3 > 5 elected; 田大利 1
    assert (out["present"], out["ballots_returned"], out["election_valid"]) == (5, 4, True)
    assert out["elected"] == ["田富"] and out["status"] == "complete"
    assert out["tally"]["田富"] == {"agree": 3, "disagree": 1, "abstain": 0}
    assert out["tally"]["田大利"] == {"agree": 1, "disagree": 2, "abstain": 1}


def test_tie_at_last_seat_gives_runoff(tmp_path):
    names = ["田富", "田大利", "高富", "高大富", "王芳", "丁宁", "于波", "万伟", "马龙", "卢静"]
    ballots = ([{"marks": {"田富": "agree", "田大利": "agree"}}] * 4
               + [{"marks": {"田富": "agree", "高富": "agree"}}] * 4
               + [{"marks": {"田大利": "agree", "高富": "agree"}}] * 2)
    data = {"kind": "competitive", "seats": 2, "ballots_issued": 10, "ballots": ballots,
            "members": [{"name": n, "status": "full", "present": True} for n in names],
            "candidates": ["田富", "田大利", "高富"]}
    path = tmp_path / "tie.json"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    out = tally(path)  # 田富 8, 田大利 6, 高富 6: all > 5; tie for the second seat
    assert out["elected"] == ["田富"] and out["status"] == "runoff_needed"
    assert sorted(out["runoff"]["names"]) == sorted(["田大利", "高富"])
    assert out["runoff"]["seats"] == 1 and out["shortfall"] == 0


def test_secretary_equal_election():
    out = tally(ROUNDS / "secretary.json")
    assert out["elected"] == ["丁宁"] and out["min_candidates"] == 1
    assert out["tally"]["于波"]["agree"] == 1  # the unmarked write-in is not counted
    assert any("未画“○”" in f for f in out["flags"])


MALFORMED = [
    ("not json", "{kind:", "JSON"),
    ("not object", "[1, 2]", "(root)"),
    ("missing field", {"kind": "competitive"}, "seats"),
    ("wrong type", {"seats": "5"}, "seats"),
    ("bool as count", {"ballots_issued": True}, "ballots_issued"),
    ("unknown kind", {"kind": "plurality"}, "kind"),
    ("unknown status", {"members": [{"name": "甲", "status": "guest", "present": True}]},
     "members[0].status"),
    ("unknown mark", {"ballots": [{"marks": {"甲": "yes"}}]}, "ballots[0].marks.甲"),
    ("seats < 1", {"seats": 0}, "seats"),
    ("negative", {"ballots_issued": -1}, "ballots_issued"),
    ("duplicate member", {"members": [{"name": "甲", "status": "full", "present": True}] * 2},
     "members[1].name"),
    ("candidate not member", {"candidates": ["甲", "某"]}, "candidates[1]"),
    ("bad write-in mark", {"ballots": [{"marks": {}, "write_ins": [{"name": "乙", "mark": "x"}]}]},
     "ballots[0].write_ins[0].mark"),
    ("more yes than present", {"seat_reduction_vote": {"yes": 3}}, "seat_reduction_vote.yes"),
]


@pytest.mark.parametrize("label,patch,field", MALFORMED, ids=[m[0] for m in MALFORMED])
def test_malformed_exits_2_with_one_line(tmp_path, label, patch, field):
    base = {"kind": "competitive", "seats": 1, "ballots_issued": 1, "ballots": [],
            "members": [{"name": "甲", "status": "full", "present": True},
                        {"name": "乙", "status": "full", "present": True}],
            "candidates": ["甲", "乙"]}
    if isinstance(patch, str):
        text = patch
    else:
        data = dict(base, **patch)
        if label == "missing field":
            data = patch
        text = json.dumps(data, ensure_ascii=False)
    path = tmp_path / "round.json"
    path.write_text(text, encoding="utf-8")
    proc = run("tally", str(path))
    assert proc.returncode == 2
    assert proc.stdout == ""
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1 and field in lines[0] and "Traceback" not in proc.stderr


def test_missing_file_is_a_clear_error():
    proc = run("tally", "/nonexistent/round.json")
    assert proc.returncode == 2 and "无法读取文件" in proc.stderr


def test_legal_but_failing_round_exits_0(tmp_path):
    data = {"kind": "competitive", "seats": 2, "ballots_issued": 1, "ballots": [{}, {}],
            "members": [{"name": n, "status": "full", "present": True} for n in "甲乙丙"],
            "candidates": ["甲", "乙", "丙"]}
    path = tmp_path / "void.json"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    out = tally(path)
    assert out["status"] == "void_more_returned" and out["tally"] == {} and out["shortfall"] == 2


def test_order_command_args_and_stdin():
    proc = run("order", "田大利", "田富", "高大富", "高富")
    assert proc.returncode == 0
    assert proc.stdout.split() == ["田富", "田大利", "高富", "高大富"]
    proc = run("order", stdin="马龙\n于波\n丁宁\n")
    assert proc.stdout.split() == ["丁宁", "于波", "马龙"]


def test_help_lists_commands():
    proc = run("--help")
    assert proc.returncode == 0
    for command in ("tally", "order"):
        assert command in proc.stdout
