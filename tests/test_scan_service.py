"""扫描读票 through the service layer: print a round's ballots from the app, mark them by
script, scan, read, let a 监票人 decide the doubts, count — the same verdict as the keyboard."""
import json
import random

import cv2

import pytest
from tests.counting_fixtures import ACTOR, CANDIDATES, SCRUTINEERS, build_meeting
from votekit.core.payload import BallotCode, BallotKind, make_payload
from votekit.scan import pages
from votekit.rehearsal import pen as rh
from votekit.service import adjudication, counting, entry, papers, scan_reconcile
from votekit.store import open_store

DPI = 150



def png(image) -> bytes:
    return cv2.imencode(".png", image)[1].tobytes()


def marked_pile(store, tmp_path, m, drawings):
    """Print the round's ballots, mark each with ``drawings[i]`` (slot -> what), return PNGs."""
    done = papers.print_ballots(store, ACTOR, m.round_id, tmp_path, copies=len(drawings), spares=0)
    assert done.ok, done.messages
    layout = adjudication.round_layout(store, m.round_id)
    sheets = pages.load(done.value.read_bytes(), "ballots.pdf", DPI)
    rng = random.Random(3)
    files = []
    for n, (page, (marks, written)) in enumerate(zip(sheets, drawings)):
        image = page.image.copy()
        rh.mark_ballot(image, DPI / 25.4, layout, 0, marks, rng, pen=rh.Pen(30, 0.5), written=written)
        files.append((f"p{n}.png", png(rh.scanner(image, rng, degrees=2))))
    return layout, files


def layout_of(store, tmp_path, m):
    assert papers.print_ballots(store, ACTOR, m.round_id, tmp_path, copies=1).ok
    return adjudication.round_layout(store, m.round_id)


def slots_of(layout):
    return {s.name: i for i, s in enumerate(layout.marks) if s.kind == "candidate"}, \
        [i for i, s in enumerate(layout.marks) if s.kind == "write_in"]


def drawing(layout, agree=(), disagree=(), odd=None, write=False):
    names, writes = slots_of(layout)
    marks = {names[n]: "circle" for n in agree} | {names[n]: "cross" for n in disagree}
    if odd:
        marks[names[odd[0]]] = odd[1]
    written = {}
    if write:
        marks[writes[0]], written[writes[0]] = "circle", True
    return marks, written


@pytest.mark.slow
def test_scan_decide_adopt_gives_the_same_verdict_as_the_keyboard(store, tmp_path):
    m = build_meeting(store, issued=8)
    c = CANDIDATES
    layout = layout_of(store, tmp_path, m)
    plan = [drawing(layout, c[:5], [c[5]]), drawing(layout, c[:4], [c[4], c[5]]),
            drawing(layout, c[1:], [c[0]]), drawing(layout, [c[0]], [c[1]]),
            drawing(layout, c[:3]), drawing(layout, [c[2]], [c[3]], odd=(c[4], "tick")),
            drawing(layout, c[:4], [c[5]], write=True), drawing(layout)]
    layout, files = marked_pile(store, tmp_path, m, plan)
    read = adjudication.read_upload(store, ACTOR, m.round_id, files)
    assert read.ok and read.value["ballots"] == 8, read.messages
    waiting = adjudication.pending(store, m.round_id)
    kinds = sorted(d.kind for d in waiting)
    assert kinds == ["mark", "write_in"], waiting
    refused = adjudication.decide(store, ACTOR, waiting[0].id, "丁宁", "agree")
    assert not refused.ok and "不是本选举的监票人" in refused.message
    for d in waiting:
        if d.kind == "write_in":
            assert adjudication.decide(store, ACTOR, d.id, SCRUTINEERS[0], "agree", "张伟").ok
        else:
            assert d.label.endswith(c[4]) and adjudication.doubt_picture(store, d.id)[:4] == b"\x89PNG"
            assert adjudication.decide(store, ACTOR, d.id, SCRUTINEERS[1], "abstain").ok
    assert adjudication.summary(store, m.round_id)["undecided"] == 0
    assert scan_reconcile.close_problem(store, m.round_id)          # not yet counted
    assert adjudication.adopt(store, ACTOR, m.round_id).ok
    assert scan_reconcile.close_problem(store, m.round_id) is None
    by_scan = counting.board(store, m.round_id)

    typed = open_store(tmp_path / "typed.sqlite3")
    k = build_meeting(typed, issued=8)
    people = [{"marks": {n: "agree" for n in a} | {n: "disagree" for n in d}, "write_ins": w}
              for a, d, w in [(c[:5], [c[5]], []), (c[:4], [c[4], c[5]], []), (c[1:], [c[0]], []),
                              ([c[0]], [c[1]], []), (c[:3], [], []), ([c[2]], [c[3]], []),
                              (c[:4], [c[5]], [{"name": "张伟", "mark": "agree"}]), ([], [], [])]]
    for n, ballot in enumerate(people):
        assert entry.submit(typed, ACTOR, k.round_id, ballot, f"token-{n:012d}").ok
    by_hand = counting.board(typed, k.round_id)
    typed.close()
    assert by_scan["rows"] == by_hand["rows"] and by_scan["valid"] == by_hand["valid"] == 8


@pytest.mark.slow
def test_nothing_stored_follows_the_page_order(store, tmp_path):
    m = build_meeting(store, issued=6)
    layout = layout_of(store, tmp_path, m)
    c = CANDIDATES
    _, files = marked_pile(store, tmp_path, m, [drawing(layout, [c[i]]) for i in range(6)])
    assert adjudication.read_upload(store, ACTOR, m.round_id, files).ok
    columns = set(store.db["scan_ballots"].columns_dict) | set(store.db["scan_doubts"].columns_dict)
    assert not columns & {"page", "file", "source", "scanned_at", "created_at", "position", "number"}
    rows = store.rows("scan_ballots", round_id=m.round_id)
    assert len({r["id"] for r in rows}) == 6 and all(len(r["id"]) == 32 for r in rows)
    events = [json.loads(r["detail"]) for r in store.rows("audit") if r["action"] == "扫描读票"]
    assert events == [{"round_id": m.round_id, "pages": 6, "ballots": 6, "doubts": 0, "refused": 0, "blank": 0}]


def test_another_rounds_or_forged_page_is_refused_and_shown(store, tmp_path):
    m = build_meeting(store, issued=4)
    assert papers.print_ballots(store, ACTOR, m.round_id, tmp_path, copies=1).ok
    layout = adjudication.round_layout(store, m.round_id)
    key = entry.code_key(store)
    from dataclasses import replace
    from votekit.pdf.ballot import render_ballots
    spec = papers.ballot_spec(store, m.round_id)
    files = []
    for name, payload in (("other-round", make_payload(BallotCode(f"M{m.meeting_id}E{m.election_id}", 2,
                                                                   BallotKind.COMMITTEE), key)),
                          ("forged", make_payload(BallotCode(f"M{m.meeting_id}E{m.election_id}", 1,
                                                              BallotKind.COMMITTEE), "not-our-key"))):
        render_ballots(replace(spec, payload=payload), 1, tmp_path / f"{name}.pdf")
        files.append((f"{name}.pdf", (tmp_path / f"{name}.pdf").read_bytes()))
    files.append(("junk.txt", b"not a scan"))
    read = adjudication.read_upload(store, ACTOR, m.round_id, files)
    assert read.ok and read.value["ballots"] == 0 and read.value["refused"] == 2
    assert "junk.txt" in read.messages[-1]
    reasons = sorted(r for d in adjudication.pending(store, m.round_id) for r in d.reasons)
    assert any("没有第2轮投票" in r for r in reasons) and any("校验码不符" in r for r in reasons)
    assert layout.payload == spec.payload


@pytest.mark.slow
def test_reconciliation_lists_disagreements_and_a_scrutineer_settles_them(store, tmp_path):
    m = build_meeting(store, issued=4)
    c = CANDIDATES
    layout = layout_of(store, tmp_path, m)
    plan = [drawing(layout, c[:2]), drawing(layout, c[:2]), drawing(layout, [c[3]], [c[4]])]
    _, files = marked_pile(store, tmp_path, m, plan)
    assert adjudication.read_upload(store, ACTOR, m.round_id, files).ok
    typed = [{"marks": {c[0]: "agree", c[1]: "agree"}}, {"marks": {c[0]: "agree", c[1]: "agree"}},
             {"marks": {c[3]: "agree", c[4]: "agree"}}]                     # a slip: × typed as ○
    for n, ballot in enumerate(typed):
        assert entry.submit(store, ACTOR, m.round_id, ballot, f"token-{n:012d}").ok
    result = scan_reconcile.compare(store, m.round_id)
    assert not result.agree and len(result.differences) == 2
    assert scan_reconcile.close_problem(store, m.round_id) == result.message
    from votekit.service import ballots
    assert ballots.record_returned(store, ACTOR, m.round_id, 3).ok
    refused = counting.close_round(store, ACTOR, m.round_id)      # the count waits for the paper
    assert not refused.ok and refused.message == result.message
    slip = next(d for d in result.differences if d.people == 1)
    assert "×" not in slip.text
    assert not scan_reconcile.settle(store, ACTOR, m.round_id, slip.key, "scan", "丁宁").ok
    for d in result.differences:              # the paper shows ×: the scan read it right
        assert scan_reconcile.settle(store, ACTOR, m.round_id, d.key, "scan", SCRUTINEERS[0]).ok
    assert scan_reconcile.compare(store, m.round_id).agree
    assert scan_reconcile.close_problem(store, m.round_id) is None
    assert counting.close_round(store, ACTOR, m.round_id).ok
    people = [json.loads(r["marks"]) for r in store.rows("ballots", round_id=m.round_id)]
    assert {c[3]: "agree", c[4]: "disagree"} in people and {c[3]: "agree", c[4]: "agree"} not in people
    assert not adjudication.adopt(store, ACTOR, m.round_id).ok       # people's entry stands
