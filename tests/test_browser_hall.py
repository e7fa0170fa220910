"""The hall screen nobody touches and the presiding officer's live script follow a meeting
that is run through the service layer (as the secretary, tellers and 监票人 would), and a
candidate called 叶䶮 is drawn with the bundled font, not as a box."""
import secrets

import pytest
from playwright.sync_api import expect

from votekit.service import ballots, counting, entry, meetings, roster, sequencing, signin, slate
from votekit.service.database import open_database
from votekit.web import create_app
from tests.browser_support import live_app
from tests.screens_support import shot, sized_browser

pytestmark = pytest.mark.browser
ACTOR = "测试"
MEMBERS = ["丁力", "王红", "叶䶮", "刘新", "孙明", "李华", "吴刚", "张丽", "陈平", "周杰"]
CANDIDATES = ("丁力", "王红", "叶䶮", "刘新")          # already in 姓氏笔画 order


def prepare(db):
    with open_database(db) as store:
        meeting_id = meetings.create_meeting(store, ACTOR, "中共测试社区第三支部委员会", "2026-11-29",
                                             "09:00", "会议室", "李华", "张丽").value
        ids = {n: roster.add_member(store, ACTOR, meeting_id, n).value for n in MEMBERS}
        election_id = meetings.add_election(store, ACTOR, meeting_id, "committee", 3).value
        assert slate.set_candidates(store, ACTOR, election_id, CANDIDATES).ok
        assert slate.set_tellers(store, ACTOR, election_id, ("孙明", "吴刚"), ("陈平",)).ok
        round_id = meetings.current_round(store, election_id).id
    return meeting_id, ids, round_id


def run(db, step):
    with open_database(db) as store:
        step(store)


def ballot(store, round_id, agree, disagree=()):
    marks = {n: "agree" for n in agree} | {n: "disagree" for n in disagree}
    assert entry.submit(store, ACTOR, round_id, {"marks": marks, "write_ins": []}, secrets.token_hex(16)).ok


def glyph(page, text, style=""):
    """A screenshot of one large character drawn by the page's fonts (or the given font-family)."""
    page.evaluate("""([text, style]) => {
        const s = document.createElement('span'); s.textContent = text; s.className = 'glyph-probe';
        s.style.cssText = 'font-size:120px;line-height:1.6;padding:10px;align-self:flex-start;display:inline-block;background:#fff;color:#000;' + style;
        document.body.appendChild(s); }""", [text, style])
    probe = page.locator(".glyph-probe").last
    probe.evaluate("e => document.fonts.load('120px ' + getComputedStyle(e).fontFamily, e.textContent)")
    page.wait_for_function("() => document.fonts.status === 'loaded'")
    png = probe.screenshot()
    probe.evaluate("e => e.remove()")
    return png


def ink(png):
    from io import BytesIO

    from PIL import Image
    image = Image.open(BytesIO(png)).convert("L")
    return sum(1 for v in image.tobytes() if v < 128), image


def inked(png):
    """The character's dark pixels, cropped to their box and scaled to 64×64 (position does not matter)."""
    _, image = ink(png)
    mask = image.point(lambda v: 255 if v < 128 else 0)
    box = mask.getbbox()
    return mask.crop(box).resize((64, 64)).point(lambda v: 255 if v >= 128 else 0) if box else None


def alike(a, b):
    """Share of the 64×64 cells where both pictures agree (1.0: the same shape)."""
    if a is None or b is None:
        return 0.0
    return sum(1 for x, y in zip(a.tobytes(), b.tobytes()) if x == y) / (64 * 64)


# The hall screen polls once a second; on a loaded CI machine a phase can take longer than
# ten seconds to show, so each change of phase is given half a minute (a passing run waits
# only as long as it takes).
def test_the_hall_screen_and_the_script_follow_the_meeting(tmp_path):
    db = tmp_path / "hall.sqlite3"
    meeting_id, ids, round_id = prepare(db)
    app = create_app({"DATABASE": str(db), "SECRET_KEY": "t", "TESTING": True})
    with live_app(app) as url, sized_browser() as new_page:
        hall, tablet, script = new_page("laptop", touch=False), new_page("tablet"), new_page("tablet")
        hall.goto(f"{url}/m/{meeting_id}/projector")
        tablet.goto(f"{url}/m/{meeting_id}/projector")
        script.goto(f"{url}/m/{meeting_id}/script")
        screen = hall.locator("#hall")

        def phase(name, label):
            for page in (hall, tablet):
                expect(page.locator("#hall")).to_have_attribute("data-phase", name, timeout=30000)
            expect(script.locator(".s-step.now").first).to_be_visible()
            shot(hall, f"hall-{label}-laptop")
            shot(tablet, f"hall-{label}-tablet")
            shot(script, f"script-{label}-tablet")

        phase("attendance", "1-attendance")
        expect(screen.locator("[data-q=state]")).to_have_text("会议尚不有效")
        expect(script.locator(".s-step.now h3")).to_have_text("一、报告到会情况")

        run(db, lambda store: [signin.sign_in(store, ACTOR, ids[n]) for n in MEMBERS[:9]])
        phase("candidates", "2-candidates")
        expect(screen).to_contain_text("叶䶮")
        expect(screen).to_contain_text("应到会有选举权的党员10人，实到9人")
        expect(script.locator(".s-step.now h3").last).to_contain_text("宣布候选人名单")
        expect(script.locator(".s-step.now").last).to_contain_text("孙明、吴刚同志为监票人")

        run(db, lambda store: ballots.issue_ballots(store, ACTOR, round_id, 9))
        phase("voting", "3-voting")
        expect(screen).to_contain_text("发出选票9张")
        expect(screen).to_contain_text("多于3名的为无效票")
        expect(script.locator(".s-step.done")).to_have_count(3)

        ding, wang, ye, liu = CANDIDATES
        run(db, lambda store: [ballot(store, round_id, (ding, wang, ye), (liu,)) for _ in range(4)]
            + [ballot(store, round_id, (ding, wang, liu))])
        phase("counting", "4-counting")
        expect(screen.locator("table.h-board tbody tr").nth(2)).to_contain_text("叶䶮")
        expect(screen.locator("table.h-board tbody tr").nth(2).locator("td.agree")).to_have_text("4")
        expect(script.locator(".s-step.now").first).to_contain_text("开箱计票")

        def finish(store):                  # 丁力 8, 王红 8, 叶䶮 5, 刘新 5 of 9: a tie for the 3rd seat
            for _ in range(3):
                ballot(store, round_id, (ding, wang, liu))
            ballot(store, round_id, (ye, liu))
            assert ballots.record_returned(store, ACTOR, round_id, 9).ok
            assert counting.close_round(store, ACTOR, round_id).ok
        run(db, finish)
        phase("result", "5-result")
        expect(screen.locator(".h-names.elected")).to_have_text("丁力王红")
        expect(screen).to_contain_text("得票相等")
        expect(screen.locator(".h-next")).to_contain_text("下一项：")
        expect(script.locator(".s-step.now").first).to_contain_text("当选")

        def runoff(store):
            later = sequencing.next_round(store, ACTOR, round_id, "runoff").value
            assert ballots.issue_ballots(store, ACTOR, later, 9).ok
            return later
        with open_database(db) as store:
            second = runoff(store)
        phase("voting", "6-next-vote")                                     # the next vote, by itself
        expect(screen).to_contain_text("再次投票")
        expect(screen.locator(".h-names")).to_have_text("叶䶮刘新")
        expect(screen).to_contain_text("不另选他人")
        expect(script.locator(".s-step.now").first).to_contain_text("再次投票")

        def last_count(store):
            for _ in range(6):
                ballot(store, second, (ye,), (liu,))
            for _ in range(3):
                ballot(store, second, (liu,), (ye,))
            assert ballots.record_returned(store, ACTOR, second, 9).ok
            assert counting.close_round(store, ACTOR, second).ok
        run(db, last_count)
        expect(screen.locator(".h-names.elected")).to_have_text("叶䶮", timeout=30000)
        phase("result", "7-last-result")
        expect(screen).to_contain_text("选举议程已全部完成")
        expect(script.locator(".s-step.now").last).to_contain_text("大会到此结束")

        # 䶮 is drawn by the bundled serif (the sans lacks U+4DAE), not as a box
        drawn = glyph(hall, "䶮")
        bundled = glyph(hall, "䶮", "font-family:VotekitExtA")
        tofu = glyph(hall, "\ue000")                                     # no font has it: the missing-glyph box
        dark, picture = ink(drawn)
        for name, png in (("drawn", drawn), ("bundled", bundled), ("tofu", tofu)):
            ink(png)[1].save(tmp_path / f"yan-{name}.png")
        same, box = alike(inked(drawn), inked(bundled)), alike(inked(drawn), inked(tofu))
        assert same > 0.97, f"䶮 is not drawn with the bundled font ({same:.2f} alike)"
        assert box < 0.8, f"䶮 looks like the missing-glyph box ({box:.2f} alike)"
        assert dark > 600, f"䶮 has too little ink ({dark} dark pixels): drawn as a box or blank"
        loaded = hall.evaluate("() => [...document.fonts].filter(f => f.family.includes('VotekitExtA'))"
                               ".map(f => f.status)")
        assert loaded == ["loaded"]
        picture.save(tmp_path / "yan.png")
