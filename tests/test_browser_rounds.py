"""The whole multi-round path in Chromium (issue 20): a shortfall → a refused and then an
accepted 另行选举 slate → a tie in the 另行选举 → re-vote won below half → the plenary (refused
while a seat is open) → 书记 → posts → the documents."""
import os
from pathlib import Path

import pytest
from playwright.sync_api import expect

from votekit.core.order import sort_names
from votekit.service import ballots, entry
from votekit.service.database import open_database
from votekit.web import create_app
from tests.browser_support import live_app
from tests.counting_fixtures import CANDIDATES as C, build_meeting
from tests.test_browser_counting import (close_round, entered, open_plenary_and_issue_secretary_ballots,
                                        scan, type_ballot)

pytestmark = pytest.mark.browser
SHOTS = os.environ.get("VOTEKIT_SHOTS")


def shot(page, name):
    """With VOTEKIT_SHOTS set: the page at 1366×768 and 768×1024 (then back to the test's size)."""
    if SHOTS:
        size = page.viewport_size
        for width, height in ((1366, 768), (768, 1024)):
            page.set_viewport_size({"width": width, "height": height})
            page.screenshot(path=str(Path(SHOTS) / f"rounds-{name}-{width}.png"), full_page=True)
        page.set_viewport_size(size)


def agree(*names):
    return {"marks": {n: "agree" for n in names}}


def enter_round(page, url, meeting_id, code, round_id, pile, names):
    page.goto(f"{url}/m/{meeting_id}/count")
    scan(page, code)
    page.wait_for_url(f"**/r/{round_id}/entry")
    for b in pile:
        type_ballot(page, b, names)
        if not b["marks"]:
            page.keyboard.press("Enter")                     # a blank ballot is confirmed with a 2nd Enter
    entered(page, len(pile))


def issue_latest(db):
    with open_database(db) as store:
        round_id = store.max_of("rounds", "id")
        assert ballots.issue_ballots(store, "监票人", round_id, 30).ok
        return round_id, entry.payload_for_round(store, round_id), entry.candidates_of(store, round_id)


def first_round_meeting(tmp_path):
    """The 30-member meeting's file with its first round issued, that round's code, and the app."""
    db = tmp_path / "meeting.sqlite3"
    with open_database(db) as store:
        m = build_meeting(store)
        code = entry.payload_for_round(store, m.round_id)
    app = create_app({"DATABASE": str(db), "SECRET_KEY": "rounds-test", "BALLOTS_DIR": str(tmp_path / "out")})
    return db, m, code, app


def three_of_five_elected(page, url, m, code):
    """The first round through the browser: 16 of 30 agree to the first three → 2 seats short."""
    enter_round(page, url, m.meeting_id, code, m.round_id, [agree(*C[:3])] * 16 + [agree()] * 14, C)
    close_round(page, url, m.round_id, 30)


def test_shortfall_further_tie_revote_plenary_posts_documents(tmp_path, page):  # noqa: F811
    db, m, code, app = first_round_meeting(tmp_path)
    with live_app(app) as url:
        three_of_five_elected(page, url, m, code)
        expect(page.locator("#verdict-messages")).to_contain_text("尚缺2名")
        expect(page.locator("#election-phase")).to_contain_text("当选人数不足")
        shot(page, "shortfall")
        page.goto(f"{url}/m/{m.meeting_id}/plenary")
        expect(page.locator("#plenary-refused")).to_contain_text("须在全部委员选出后召开")

        page.goto(f"{url}/r/{m.round_id}/count")               # 另行选举: an elected member is refused
        page.fill("#further-form input[name=names]", "、".join((C[0], C[3], C[4])))
        page.click("#further-form button")
        expect(page.locator(".flash.error")).to_contain_text(f"{C[0]}已经当选")
        page.fill("#further-form input[name=names]", "、".join(C[3:]))
        page.click("#further-form button")
        further, code, names = issue_latest(db)
        assert names == tuple(sort_names(C[3:]))
        tie = [agree(C[3], C[4])] * 12 + [agree(C[3], C[5])] * 12 + [agree(C[4], C[5])] * 6
        enter_round(page, url, m.meeting_id, code, further, tie, names)
        close_round(page, url, further, 30)
        expect(page.locator("#verdict-messages")).to_contain_text("再次投票")
        shot(page, "further-tie")

        page.click("#runoff-form button")                        # 再次投票 among the tied
        runoff, code, names = issue_latest(db)
        assert set(names) == {C[4], C[5]}
        pile = [agree(C[4])] * 14 + [agree(C[5])] * 10 + [agree()] * 6
        enter_round(page, url, m.meeting_id, code, runoff, pile, names)
        close_round(page, url, runoff, 30)
        expect(page.locator("#elected")).to_have_text(C[4])      # 14 of 30: most votes, below half
        expect(page.locator("#verdict-messages")).to_contain_text("不论是否超过半数")
        expect(page.locator("#recount")).to_contain_text("复核一致")
        expect(page.locator("#election-phase")).to_contain_text("已产生结果")
        shot(page, "revote")

        committee = tuple(sort_names(C[:5]))
        plenary_and_posts(page, url, m.meeting_id, db, committee)
        page.goto(f"{url}/m/{m.meeting_id}/documents")
        page.click("form button.big")
        expect(page.locator(".flash.ok")).to_contain_text("已生成文书")
        shot(page, "documents")
    written = [p.name for p in (tmp_path / "out").rglob("*.pdf")]
    assert any("计票结果报告单" in n for n in written), written


def plenary_and_posts(page, url, meeting_id, db, committee):
    open_plenary_and_issue_secretary_ballots(page, url, meeting_id, committee)
    with open_database(db) as store:
        round_id = store.max_of("rounds", "id")
        code = entry.payload_for_round(store, round_id)
    enter_round(page, url, meeting_id, code, round_id, [agree(committee[0])] * 4 + [agree()], (committee[0],))
    close_round(page, url, round_id, 5)
    expect(page.locator("#elected")).to_have_text(committee[0])
    page.goto(f"{url}/m/{meeting_id}/plenary")
    page.select_option("#posts-form select[name=post-1]", "组织委员")
    page.select_option("#posts-form select[name=post-2]", "宣传委员")
    page.click("#posts-form button")
    expect(page.locator("#saved-posts")).to_contain_text(f"书记　{committee[0]}；组织委员　{committee[1]}")
    shot(page, "posts")


def test_a_further_round_that_elects_nobody_is_followed_by_a_reduction_vote_on_the_screen(tmp_path, page):  # noqa: F811
    """RULES §7: 3 of 5 elected, the 另行选举 for the other 2 elects nobody → the panel offers
    减少名额 (the election's vote); 16 of 30 agree → 3 seats, settled, the plenary opens."""
    db, m, code, app = first_round_meeting(tmp_path)
    with live_app(app) as url:
        three_of_five_elected(page, url, m, code)
        page.fill("#further-form input[name=names]", "、".join(C[3:]))
        page.click("#further-form button")
        further, code, names = issue_latest(db)
        enter_round(page, url, m.meeting_id, code, further, [agree(C[3])] * 10 + [agree()] * 20, names)
        close_round(page, url, further, 30)
        expect(page.locator("#verdict-messages")).to_contain_text("无人当选")
        expect(page.locator("#further-form")).to_be_visible()            # both next steps offered
        expect(page.locator("#reduction-form")).to_be_visible()
        expect(page.locator("#reduction-refused")).to_have_count(0)
        shot(page, "further-nobody")
        page.fill("#reduction-form input[name=yes]", "16")
        page.click("#reduction-form button")
        expect(page.locator("#election-reduction")).to_contain_text("由5名减少为3名（减少2名）")
        expect(page.locator("#election-phase")).to_contain_text("已产生结果")
        expect(page.locator("#reduction-form")).to_have_count(0)
        shot(page, "reduced")
        page.goto(f"{url}/m/{m.meeting_id}/plenary")
        expect(page.locator("#plenary-refused")).to_have_count(0)
