"""`votekit tally` for later rounds (TALLY-JSON.md ``round``), the name identity and
all-illegible ballots — each case in this process and as a separate process, as an auditor
would run it (tests/cli_support.py)."""
import json
import sys

import pytest

from tests.cli_support import RUNNERS, as_process
from votekit.core.names import canonical_name, repeated, same_name

NAMES = ["丁宁", "于波", "万伟", "马龙", "王芳", "卢静", "田富", "白云", "刘洋", "许明",
         "孙丽", "李强", "杨帆", "吴敏", "何军", "张伟", "陈静", "林涛", "周平", "郑红",
         "赵刚", "胡杰", "钟慧", "高峰", "郭亮", "黄敏", "曹阳", "梁晨", "彭博", "董洁"]


@pytest.fixture(autouse=True, params=RUNNERS)
def how(request, monkeypatch):
    """Every case in this process (fast lane) and as its own process (full run; tests/cli_support.py)."""
    monkeypatch.setattr(sys.modules[__name__], "run", request.param)


def run(*args):
    return as_process(*args)


def tally(tmp_path, data):
    path = tmp_path / "round.json"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return run("tally", str(path))


def verdict(tmp_path, data):
    proc = tally(tmp_path, data)
    assert proc.returncode == 0, proc.stderr
    return json.loads(proc.stdout)


def record(candidates, seats, ballots, stage=None, present=30, members=None):
    members = members or [{"name": n, "status": "full", "present": i < present}
                          for i, n in enumerate(NAMES)]
    data = {"kind": "competitive", "seats": seats, "members": members, "candidates": candidates,
            "ballots_issued": present, "ballots": ballots}
    if stage:
        data["round"] = stage
    return data


def votes(*groups):
    """groups of (count, {name: mark}, write_ins)"""
    out = []
    for count, marks, *rest in groups:
        out += [{"marks": marks, "write_ins": rest[0] if rest else []}] * count
    return out


def test_runoff_most_votes_win_below_half(tmp_path):
    # 30 present, 14 : 10 (6 blank) — first-round rules would say shortfall; a runoff elects 丁宁
    ballots = votes((14, {"丁宁": "agree"}), (10, {"于波": "agree"}), (6, {}))
    out = verdict(tmp_path, record(["丁宁", "于波"], 1, ballots, "runoff"))
    assert (out["status"], out["elected"], out["shortfall"]) == ("complete", ["丁宁"], 0)
    assert out["round"] == "runoff"
    first = verdict(tmp_path, record(["丁宁", "于波"], 1, ballots))
    assert (first["status"], first["elected"]) == ("shortfall", [])


def test_runoff_repeated_tie_votes_again(tmp_path):
    ballots = votes((15, {"丁宁": "agree"}), (15, {"于波": "agree"}))
    out = verdict(tmp_path, record(["丁宁", "于波"], 1, ballots, "runoff"))
    assert out["status"] == "runoff_needed"
    assert out["runoff"]["names"] == ["丁宁", "于波"] and out["runoff"]["seats"] == 1
    assert out["elected"] == [] and out["shortfall"] == 0


def test_runoff_zero_votes_all_round_is_a_tie(tmp_path):
    out = verdict(tmp_path, record(["丁宁", "于波", "万伟"], 2, votes((30, {})), "runoff"))
    assert out["status"] == "runoff_needed" and out["runoff"]["seats"] == 2


def test_runoff_write_ins_count_for_nothing(tmp_path):
    # 不另选他人: 王芳 written on 20 ballots; she is not among the tied and is not elected
    ballots = votes((20, {"丁宁": "disagree"}, [{"name": "王芳", "mark": "agree"}]),
                    (6, {"丁宁": "agree"}), (4, {"于波": "agree"}))
    out = verdict(tmp_path, record(["丁宁", "于波"], 1, ballots, "runoff"))
    assert out["elected"] == ["丁宁"] and "王芳" not in out["tally"]
    assert out["write_ins_ignored"] == {"王芳": 20}
    assert any("不另选他人" in m for m in out["messages"])
    assert any("不另选他人" in f for f in out["flags"])
    assert out["valid_ballots"] == 30     # the written name does not make the ballot invalid
    first = verdict(tmp_path, record(["丁宁", "于波"], 1, ballots))
    assert first["elected"] == ["王芳"]   # in a first round the same ballots elect her


def test_runoff_has_no_differential(tmp_path):
    tied = NAMES[:7]
    ballots = votes((30, {n: "agree" for n in tied[:6]}))
    out = verdict(tmp_path, record(tied, 6, ballots, "runoff"))
    assert (out["slate_ok"], out["min_candidates"], out["status"]) == (True, 7, "complete")
    assert sorted(out["elected"]) == sorted(tied[:6])
    first = verdict(tmp_path, record(tied, 6, ballots))
    assert (first["slate_ok"], first["status"]) == (False, "slate_invalid")
    short = verdict(tmp_path, record(tied[:6], 6, ballots, "runoff"))
    assert (short["slate_ok"], short["status"]) == (False, "slate_invalid")


def test_runoff_partial_tie_elects_the_top_and_votes_again(tmp_path):
    ballots = votes((12, {"丁宁": "agree"}), (9, {"于波": "agree"}), (9, {"万伟": "agree"}))
    out = verdict(tmp_path, record(["丁宁", "于波", "万伟"], 2, ballots, "runoff"))
    assert out["elected"] == ["丁宁"] and out["status"] == "runoff_needed"
    assert out["runoff"] == {"names": ["于波", "万伟"], "seats": 1, "votes": 9}


def test_further_keeps_threshold_and_differential(tmp_path):
    slate = ["丁宁", "于波", "万伟"]          # 2 seats short → at least 3 candidates
    ballots = votes((15, {"丁宁": "agree", "于波": "agree"}), (15, {"于波": "agree"}))
    out = verdict(tmp_path, record(slate, 2, ballots, "further"))
    assert out["round"] == "further"
    assert out["elected"] == ["于波"] and out["status"] == "shortfall" and out["shortfall"] == 1
    short = verdict(tmp_path, record(slate[:2], 2, ballots, "further"))
    assert (short["slate_ok"], short["min_candidates"], short["status"]) == (False, 3, "slate_invalid")


def test_further_counts_write_ins_and_ties_give_runoff(tmp_path):
    slate = ["丁宁", "于波", "万伟"]
    write = [{"name": "王芳", "mark": "agree"}]
    ballots = votes((10, {"丁宁": "agree", "万伟": "agree"}),
                    (10, {"丁宁": "agree", "于波": "disagree"}, write),
                    (10, {"万伟": "agree", "于波": "disagree"}, write))
    out = verdict(tmp_path, record(slate, 2, ballots, "further"))
    assert out["tally"]["王芳"]["agree"] == 20
    assert out["status"] == "runoff_needed"
    assert out["runoff"] == {"names": ["丁宁", "万伟", "王芳"], "seats": 2, "votes": 20}


def test_round_field_unknown_is_malformed(tmp_path):
    proc = tally(tmp_path, record(["丁宁", "于波"], 1, [], "second"))
    assert proc.returncode == 2 and "round" in proc.stderr


def test_reduction_never_to_zero(tmp_path):
    data = record(["丁宁", "于波", "万伟"], 2, votes((30, {})), "further")
    data["seat_reduction_vote"] = {"yes": 30}
    out = verdict(tmp_path, data)
    assert (out["status"], out["seats_reduced_to"], out["shortfall"]) == ("shortfall", None, 2)
    assert any("不能减少为0名" in m for m in out["messages"])


def test_all_illegible_marks_make_an_invalid_ballot(tmp_path):
    ballots = (votes((20, {"丁宁": "agree"}))
               + [{"marks": {"丁宁": "illegible", "于波": "illegible"}, "write_ins": []}] * 10)
    out = verdict(tmp_path, record(["丁宁", "于波"], 1, ballots, "runoff"))
    assert (out["valid_ballots"], out["invalid_ballots"]) == (20, 10)
    one = [{"marks": {"丁宁": "illegible", "于波": "agree"}, "write_ins": []}]
    out = verdict(tmp_path, record(["丁宁", "于波"], 1, one, "runoff"))
    assert (out["valid_ballots"], out["invalid_ballots"]) == (1, 0)


@pytest.mark.parametrize("spelling", ["张 伟", "张\u3000伟", "张\u200b伟", " 张伟\t", "张\ufe00伟"])
def test_write_ins_in_any_spelling_are_one_person(tmp_path, spelling):
    # four spellings, 4 ballots each, plus the plain one: 20 of 30 for 张伟 → elected
    spellings = ["张伟", "张 伟", "张\u3000伟", "张\u200b伟", spelling]
    ballots = []
    for s in spellings:
        ballots += votes((4, {"丁宁": "disagree"}, [{"name": s, "mark": "agree"}]))
    ballots += votes((10, {"丁宁": "agree"}))
    out = verdict(tmp_path, record(["丁宁", "于波"], 1, ballots))
    assert out["tally"]["张伟"]["agree"] == 20 and out["elected"] == ["张伟"]
    assert [n for n in out["tally"] if "伟" in n] == ["张伟"]


def test_compatibility_ideograph_and_variation_selector_are_duplicates(tmp_path):
    for twin in ("\uf9f4涛", "林\ufe01涛"):
        assert same_name(twin, "林涛") and canonical_name(twin) == "林涛"
        members = [{"name": "林涛", "status": "full", "present": True},
                   {"name": twin, "status": "full", "present": True},
                   {"name": "丁宁", "status": "full", "present": True}]
        proc = tally(tmp_path, record(["丁宁"], 1, [], members=members))
        assert proc.returncode == 2 and "members[1].name" in proc.stderr
    assert repeated(["张伟", "张 伟", "李强"]) == ("张伟",)
    assert canonical_name("阿依古丽·买买提") == "阿依古丽·买买提"
    assert canonical_name("ＡＢ") == "AB"


def test_candidate_spelled_differently_is_the_member(tmp_path):
    members = [{"name": n, "status": "full", "present": True} for n in ("林涛", "丁宁", "于波")]
    ballots = [{"marks": {"\uf9f4涛": "agree"}, "write_ins": []}] * 3
    out = verdict(tmp_path, record(["\uf9f4涛", "丁宁"], 1, ballots, members=members, present=3))
    assert out["elected"] == ["林涛"] and out["tally"]["林涛"]["agree"] == 3
