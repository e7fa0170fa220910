"""A teller with only a tablet: 20 ballots entered by tapping, at 1366×768 and 768×1024 with touch.

After every ballot the strip fixed at the bottom of the screen must show it, inside the
viewport; an over-marked ballot is shown as 无效 in red; a blank ballot is recorded only
after it is confirmed; the numbering of 本机最近录入 survives a refresh.
"""
import pytest
from playwright.sync_api import expect

from votekit.service import counting, entry
from votekit.service.database import open_database
from votekit.web import create_app
from tests.browser_support import live_app
from tests.counting_fixtures import CANDIDATES, build_meeting
from tests.screens_support import SIZES, in_viewport, shot, touch_page

pytestmark = pytest.mark.browser


TAPS_PER_MARK = {"agree": 1, "disagree": 2}


def the_pile():
    """20 ballots: 17 ordinary ones, one with ○ for all 6 (5 seats: 无效), one blank, one write-in."""
    c = CANDIDATES
    ordinary = [{c[i]: "agree" for i in range(6) if i != k} | {c[k]: "disagree"} for k in range(6)]
    pile = [{"marks": ordinary[i % 6], "write_ins": []} for i in range(17)]
    pile.insert(5, {"marks": {n: "agree" for n in c}, "write_ins": []})
    pile.insert(11, {"marks": {}, "write_ins": [], "blank": True})
    pile.insert(15, {"marks": {c[0]: "agree", c[1]: "agree", c[5]: "disagree"},
                     "write_ins": [{"name": "张伟", "mark": "agree"}]})
    return pile


def tap_ballot(page, ballot):
    """Enter one ballot by tapping only (the write-in name is typed on the on-screen keyboard)."""
    taps = 0
    for _i, name in enumerate(CANDIDATES):
        for _ in range(TAPS_PER_MARK.get(ballot["marks"].get(name), 0)):
            page.locator(f"#ballot tbody tr[data-name='{name}']").tap()
            taps += 1
    for w in ballot["write_ins"]:
        page.locator("#btn-writein").tap()
        page.locator("#writein").fill("zw")                     # 拼音首字母 on the tablet's keyboard
        page.locator("#suggest li", has_text=w["name"]).tap()
        page.locator("#writein-agree").tap()
        taps += 3
    page.locator("#btn-submit").tap()
    taps += 1
    if ballot.get("blank"):
        expect(page.locator("#blank-confirm")).to_be_visible()
        assert in_viewport(page, "#blank-confirm")
        page.locator("#blank-confirm").tap()
        taps += 1
    return taps


@pytest.fixture
def counting_db(tmp_path):
    db = tmp_path / "meeting.sqlite3"
    with open_database(db) as store:
        meeting = build_meeting(store)
        code = entry.payload_for_round(store, meeting.round_id)
    return db, meeting, code


@pytest.mark.parametrize("size", SIZES)
def test_a_teller_taps_twenty_ballots(counting_db, size):
    db, meeting, _ = counting_db
    app = create_app({"DATABASE": str(db), "SECRET_KEY": "t", "TESTING": True})
    pile, taps = the_pile(), []
    with live_app(app) as url, touch_page(SIZES[size]) as page:
        page.goto(f"{url}/r/{meeting.round_id}/entry")
        for n, ballot in enumerate(pile, start=1):
            taps.append(tap_ballot(page, ballot))
            expect(page.locator("#entry-msg")).to_have_text(f"第{n}张已记录")
            assert in_viewport(page, "#strip"), f"ballot {n}: the strip is off screen"
            warn = page.locator("#strip-warn")
            if len(ballot["marks"]) == 6 and all(m == "agree" for m in ballot["marks"].values()):
                expect(warn).to_contain_text("无效：画○超过应选人数")
                assert warn.evaluate("e => getComputedStyle(e).backgroundColor") == "rgb(183, 28, 28)"
                shot(page, f"entry-overmarked-{size}")
            else:
                expect(warn).to_have_text("")
            if ballot.get("blank"):
                expect(page.locator("#strip-marks")).to_contain_text(f"{CANDIDATES[0]}空")
            if ballot["write_ins"]:
                expect(page.locator("#strip-marks")).to_contain_text("另选张伟○")
                shot(page, f"entry-writein-{size}")
        expect(page.locator("#entered")).to_have_text("20")
        page.wait_for_function("() => window.votekitEntryState().outbox === 0")
        page.reload()
        expect(page.locator("#recent li").first).to_contain_text("第20张")
        expect(page.locator("#recent li")).to_have_count(8)
        shot(page, f"entry-after-refresh-{size}")
    with open_database(db) as store:
        board = counting.board(store, meeting.round_id)
    assert board["entered"] == 20 and board["invalid"] == 1
    names = {r["name"]: r for r in board["rows"]}
    assert names["张伟"]["agree"] == 1 and names[CANDIDATES[0]]["agree"] == 1 + 14
    print(f"\n{size}: taps per ballot {taps}, mean {sum(taps) / len(taps):.2f}")


@pytest.mark.parametrize("answer", ["before", "after"], ids=["answer-before-the-slip", "answer-after-the-slip"])
def test_enter_twice_asks_before_a_blank_ballot(counting_db, answer):
    """Whether the first ballot's answer comes before or after the second Enter, the
    second Enter on an empty ballot asks — and the question stays until answered.
    'after' holds the server's answer until the question is on screen (no timing)."""
    db, meeting, _ = counting_db
    app = create_app({"DATABASE": str(db), "SECRET_KEY": "t", "TESTING": True})
    with live_app(app) as url, touch_page(SIZES["laptop"], touch=False) as page:
        page.goto(f"{url}/r/{meeting.round_id}/entry")
        page.locator("h1").click()
        held = []
        if answer == "after":
            page.route("**/ballots", lambda route: held.append(route))
        for key in "111112":
            page.keyboard.press(key)
        page.keyboard.press("Enter")
        if answer == "before":
            expect(page.locator("#entered")).to_have_text("1")
        page.keyboard.press("Enter")                                # the slip: Enter twice
        expect(page.locator("#entry-msg")).to_have_text("这是一张空白票（全部弃权）？")
        if answer == "after":
            page.wait_for_function("() => window.votekitEntryState().sending")
            held[0].continue_()
            page.unroute("**/ballots")
        expect(page.locator("#entered")).to_have_text("1")
        expect(page.locator("#entry-msg")).to_have_text("这是一张空白票（全部弃权）？")   # still asked
        expect(page.locator("#blank-confirm")).to_be_visible()
        page.keyboard.press("1")                                    # carries on with the next ballot
        expect(page.locator("#blank-confirm")).to_be_hidden()
        expect(page.locator("#entry-msg")).to_have_text("第1张已记录")     # the last record shown again
        page.keyboard.press("Escape")
        page.keyboard.press("Enter")
        page.keyboard.press("Enter")                                # a real blank ballot, confirmed
        expect(page.locator("#entry-msg")).to_have_text("第2张已记录")
        shot(page, "entry-keyboard-laptop")
    with open_database(db) as store:
        assert entry.entered_count(store, meeting.round_id) == 2
