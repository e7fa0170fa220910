"""The documents screen asks for the facts the papers will print; the 记录人 of the new
committee's 第一次全体会议 only where the meeting elects a committee (a branch without one
elects its 书记 and 副书记 at the 党员大会 itself, RULES.md §3)."""
from votekit.service import meetings
from votekit.service.database import open_database
from votekit.web import create_app
from tests.hostile_support import SCRUTINEER_PIN, login, make_setup
from tests.no_committee_support import build_branch


def _documents_page(app, meeting_id: int) -> str:
    client = app.test_client()
    assert login(client, meeting_id, "scrutineer").status_code in (200, 302)
    answer = client.get(f"/m/{meeting_id}/documents")
    assert answer.status_code == 200
    return answer.get_data(as_text=True)


def test_a_committee_election_asks_for_the_plenary_recorder(tmp_path):
    setup = make_setup(tmp_path)
    page = _documents_page(setup.app, setup.meeting.meeting_id)
    assert "委员会第一次全体会议" in page and 'name="plenary_recorder"' in page


def test_a_branch_without_a_committee_is_not_asked_for_a_plenary(tmp_path):
    db = tmp_path / "branch.sqlite3"
    with open_database(db) as store:
        branch = build_branch(store)
        meetings.set_pin(store, "书记", branch.meeting_id, SCRUTINEER_PIN, "scrutineer")
    app = create_app({"DATABASE": str(db), "SECRET_KEY": "t", "TESTING": True,
                      "BALLOTS_DIR": str(tmp_path / "out")})
    page = _documents_page(app, branch.meeting_id)
    assert "联系人" in page
    assert "委员会第一次全体会议" not in page and 'name="plenary_recorder"' not in page
