"""Every screen of the meeting day at 1366×768 and 768×1024: each answers without an error
(no favicon 404 either), each tab has its own title, nothing is fetched from outside.
With VOTEKIT_SHOTS=<folder> the screenshots are kept for a person to look at."""
import secrets

import pytest

from votekit.service import appraisal, ballots, counting, double_entry, entry, meetings, sequencing
from votekit.service.database import open_database
from votekit.web import create_app
from tests.counting_fixtures import CANDIDATES, build_meeting, committee_pile
from tests.screens_support import laptop_and_lan, shot, sized_browser

pytestmark = pytest.mark.browser


def counted_meeting(db):
    """Round 1 counted (a tie: re-vote needed); the re-vote entered twice with one ballot read differently."""
    with open_database(db) as store:
        m = build_meeting(store)
        meetings.set_pin(store, "测试", m.meeting_id, "2468")
        for b in committee_pile():
            assert entry.submit(store, "计票人", m.round_id, b, secrets.token_hex(16)).ok
        assert ballots.record_returned(store, "监票人", m.round_id, 29).ok
        assert counting.close_round(store, "监票人", m.round_id).ok
        runoff = sequencing.next_round(store, "监票人", m.round_id, "runoff").value
        assert ballots.issue_ballots(store, "监票人", runoff, 30).ok
        assert double_entry.set_double_entry(store, "监票人", runoff, True).ok
        pile = [{"marks": {CANDIDATES[4]: "agree", CANDIDATES[5]: "disagree"}}] * 5
        for name, read in (("A", pile), ("B", pile[:-1] + [{"marks": {CANDIDATES[4]: "agree"}}])):
            teller = entry.Enterer("杨帆" if name == "A" else "周敏", f"tablet-{name}")   # two people, two tablets
            for b in read:
                assert entry.submit(store, "计票人", runoff, b, secrets.token_hex(16), name, teller).ok
        sheet = appraisal.add_appraisal(store, "书记", m.meeting_id).value
    return m, runoff, sheet


def test_every_screen_at_both_sizes(tmp_path):
    db = tmp_path / "tour.sqlite3"
    m, runoff, sheet = counted_meeting(db)
    mid, r1 = m.meeting_id, m.round_id
    pages = {"index": "/", "dashboard": f"/m/{mid}", "roster": f"/m/{mid}/roster", "signin": f"/m/{mid}/signin",
             "sheet": f"/m/{mid}/sheet", "count": f"/m/{mid}/count", "slate": f"/e/{m.election_id}/slate",
             "entry-pile": f"/r/{runoff}/entry?pile=A", "scrutiny-result": f"/r/{r1}/count",
             "scrutiny-double": f"/r/{runoff}/count", "board": f"/r/{r1}/board", "plenary": f"/m/{mid}/plenary",
             "votes": f"/m/{mid}/votes", "appraisal-entry": f"/appraisals/{sheet}/entry",
             "documents": f"/m/{mid}/documents", "audit": f"/m/{mid}/audit", "hall": f"/m/{mid}/projector",
             "script": f"/m/{mid}/script", "join": f"/m/{mid}/join", "round-code": f"/r/{r1}/code",
             "settings": f"/m/{mid}/edit"}
    app = create_app({"DATABASE": str(db), "SECRET_KEY": "t", "LAN_MODE": True, "LAN_ADDRESS": "127.0.0.2"})
    with laptop_and_lan(app) as (url, lan_url), sized_browser() as new_page:
        for size in ("laptop", "tablet"):
            page, failed, titles = new_page(size, touch=size == "tablet"), [], {}
            page.on("response", lambda r, failed=failed: failed.append(f"{r.status} {r.url}") if r.status >= 400 else None)
            page.on("pageerror", lambda e, failed=failed: failed.append(f"script error: {e}"))
            for name, path in pages.items():
                page.goto(url + path)
                page.wait_for_load_state("networkidle")
                titles[name] = page.title()
                shot(page, f"tour-{name}-{size}")
            page.goto(f"{lan_url}/m/{mid}/login")                              # a tablet before its PIN
            shot(page, f"tour-login-{size}")
            assert failed == [], failed
            assert len(set(titles.values())) == len(titles), titles                # every tab its own title
            assert not any("votekit" in t for t in titles.values()), titles
