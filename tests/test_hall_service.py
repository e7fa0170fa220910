"""service.hall without a browser: the phase follows what is recorded; the live script marks
the step the meeting is at and carries the other votes on the agenda."""
import secrets

from votekit.service import ballots, counting, entry, hall, motions
from votekit.store import open_store
from tests.counting_fixtures import CANDIDATES, build_meeting, committee_pile


def test_phases_and_the_script_follow_the_record():
    with open_store(":memory:") as store:
        m = build_meeting(store, issued=0)
        assert hall.hall(store, m.meeting_id)["phase"] == "candidates"       # quorum met, slate set
        assert ballots.issue_ballots(store, "监票人", m.round_id, 30).ok
        now = hall.hall(store, m.meeting_id)
        assert now["phase"] == "voting" and now["round"]["issued"] == 30
        assert any("另选他人" in line for line in now["say"])
        for b in committee_pile()[:3]:
            assert entry.submit(store, "计票人", m.round_id, b, secrets.token_hex(16)).ok
        now = hall.hall(store, m.meeting_id)
        assert now["phase"] == "counting" and now["board"]["entered"] == 3
        for b in committee_pile()[3:]:
            assert entry.submit(store, "计票人", m.round_id, b, secrets.token_hex(16)).ok
        assert ballots.record_returned(store, "监票人", m.round_id, 29).ok
        assert counting.close_round(store, "监票人", m.round_id).ok
        now = hall.hall(store, m.meeting_id)
        assert now["phase"] == "result" and now["result"]["elected"] == list(CANDIDATES[:4])
        assert now["next"].startswith("下一项：在" + "、".join(CANDIDATES[4:]) + "中再次投票")
        assert not any(line.startswith("应到会有选举权") for line in now["say"])   # said before the vote

        assert motions.add_motion(store, "书记", m.meeting_id, "general", title="关于支部工作报告的决议",
                                  proposal="同意支部委员会工作报告").ok
        script = hall.script(store, m.meeting_id)
        states = {s["title"]: s["state"] for s in script["steps"]}
        assert states["报告到会情况"] == "done" and states["宣布选举结果"] == "now"
        assert "其他表决事项" in states and states["结束"] == "later"
        assert [s["n"] for s in script["steps"]][:3] == ["一", "二", "三"]
