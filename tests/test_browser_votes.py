"""One sitting of the demo meeting in headless Chromium: the committee election (through the
service layer), then a resolution (接收预备党员, show of hands, 预备党员 present but not voting)
and a 民主测评 (QR scanned into the app, sheets typed at the keyboard, the 汇总表)."""
import os
from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.browser_support import live_app
from votekit.rehearsal import demo
from votekit.service import appraisal, ballots, counting, entry, meetings, roster, signin
from votekit.service.database import open_database
from votekit.web import create_app

ABSENT = ("郑淑芬", "梁国栋", "何建平", "邓国华")     # 应到 24, 实到 21; 4 预备 + 1 留党察看 attend
SHOTS = os.environ.get("VOTEKIT_SHOTS")


def shot(page, name):
    if SHOTS:
        Path(SHOTS).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(SHOTS) / f"{name}.png"), full_page=True)


def hold_the_election(store, meeting_id):
    """The committee round, through the service layer: 21 ballots, the first five elected."""
    committee = meetings.elections(store, meeting_id)[0].id
    round_id = meetings.current_round(store, committee).id
    present = signin.quorum(store, meeting_id).present
    assert ballots.issue_ballots(store, "测试", round_id, present).ok
    names = entry.candidates_of(store, round_id)
    for i in range(present):
        marks = {n: "agree" for n in names[:5]}
        marks[names[5]] = "disagree"
        assert entry.submit(store, "测试", round_id, {"marks": marks}, f"ballot-token-{i:04d}xx").ok
    assert ballots.record_returned(store, "测试", round_id, present).ok
    closed = counting.close_round(store, "测试", round_id)
    assert closed.ok and len(closed.value["elected"]) == 5


@pytest.fixture
def sitting(tmp_path):
    db = tmp_path / "sitting.sqlite3"
    with open_database(db) as store:
        meeting_id = demo.create_demo_meeting(store, "测试", "2026-11-22")
        for m in roster.members(store, meeting_id):
            if m.name not in ABSENT:
                signin.sign_in(store, "测试", m.id)
        hold_the_election(store, meeting_id)
    app = create_app({"DATABASE": str(db), "SECRET_KEY": "browser-votes"})
    with live_app(app) as url:
        yield url, db, meeting_id


def run_resolution(page, base, meeting_id):
    page.goto(f"{base}/m/{meeting_id}/votes")
    form = page.locator("#new-motion")
    form.locator("[name=kind]").select_option("admit")
    form.locator("[name=person]").fill("林晓")
    form.locator("button").click()
    expect(page.locator("h1")).to_contain_text("关于接收林晓同志为中共预备党员的决议")
    expect(page.locator("#needed")).to_have_text("13")           # 应到 24 → more than 12
    vote = page.locator("#vote-form")
    vote.locator("[name=agree]").fill("20")                       # 20 + 1 + 1 > 实到 21
    vote.locator("[name=against]").fill("1")
    vote.locator("[name=abstain]").fill("1")
    vote.locator("button").click()
    expect(page.locator(".flash.error")).to_contain_text("预备党员不参加表决")
    vote.locator("[name=agree]").fill("19")
    vote.locator("[name=against]").fill("1")
    vote.locator("[name=abstain]").fill("1")
    vote.locator("button").click()
    expect(page.locator("#result .word")).to_have_text("通过")
    expect(page.locator("#result .sentence")).to_contain_text(
        "应到会有表决权的正式党员24名，实到21名（另有预备党员等无表决权的党员5名列席，不参加表决）；"
        "经举手表决，19票赞成，1票反对，1票弃权，赞成票超过应到会有表决权的正式党员（24名）的半数，"
        "同意接收林晓同志为中共预备党员。")
    shot(page, "votes-motion")
    pdf = page.request.get(base + page.locator("#resolution-pdf").get_attribute("href"))
    assert pdf.ok and pdf.body().startswith(b"%PDF")


def type_sheet(page, keys):
    for key in keys:
        page.keyboard.press(key)
    page.keyboard.press("Enter")


def run_appraisal(page, base, db, meeting_id):
    page.goto(f"{base}/m/{meeting_id}/votes#appraisals")
    page.locator("#new-appraisal button").click()
    expect(page.locator("h1")).to_contain_text("民主评议党员测评表")
    appraisal_id = int(page.url.rsplit("/", 1)[1])
    sheet = page.request.get(f"{base}/appraisals/{appraisal_id}/sheets.pdf?copies=2&spares=0")
    assert sheet.ok and sheet.body().startswith(b"%PDF")
    page.locator("#issued-form [name=issued]").fill("3")
    page.locator("#issued-form button").click()
    expect(page.locator(".flash.ok")).to_contain_text("已登记发出测评表3张")
    shot(page, "votes-appraisal")
    with open_database(db) as store:
        code = appraisal.payload(store, appraisal_id)
        names = appraisal.get_appraisal(store, appraisal_id).names
    page.goto(f"{base}/m/{meeting_id}/votes")
    page.locator("#scan").fill(code.lower())                     # a scanner with Caps Lock on
    page.locator("#scan-form button").click()
    expect(page.locator("#sheet tbody tr")).to_have_count(len(names))
    page.locator("#sheet thead th").first.click()                # focus the page, not a grade cell
    type_sheet(page, ["1", "2", "5"])                            # 3rd member double-marked
    expect(page.locator("#entered")).to_have_text("1")
    type_sheet(page, ["1", "1", "3"])
    expect(page.locator("#entered")).to_have_text("2")
    expect(page.locator("#sheet tr.current td.name")).to_have_text(names[0])
    type_sheet(page, ["2", "0", "4"])
    expect(page.locator("#entered")).to_have_text("3")
    expect(page.locator("#entry-msg")).to_contain_text("第3张已记录")
    type_sheet(page, ["1"])
    expect(page.locator("#entry-msg")).to_contain_text("不能再录入")
    shot(page, "votes-entry")
    page.goto(f"{base}/appraisals/{appraisal_id}")
    page.locator("#returned-form [name=returned]").fill("3")
    page.locator("#returned-form button").click()
    page.locator("#close-form button").click()
    expect(page.locator("#summary-table")).to_be_visible()
    first, second, third = (page.locator(f"#summary-table tr[data-name='{n}'] td") for n in names[:3])
    expect(first.nth(2)).to_have_text("2")                       # 优秀 2 of 3
    expect(first.nth(3)).to_have_text("66.7%")
    expect(second.nth(11)).to_have_text("1")                     # 未评价 once
    expect(third.nth(12)).to_have_text("1")                      # 多选无效 once, this member only
    expect(third.nth(6)).to_have_text("1")                       # 基本合格 once
    expect(third.nth(8)).to_have_text("1")                       # 不合格 once
    expect(third.nth(10)).to_have_text("2")                      # 2 valid ratings
    shot(page, "votes-summary")


def test_one_sitting_election_resolution_appraisal(sitting, page):
    base, db, meeting_id = sitting
    run_resolution(page, base, meeting_id)
    run_appraisal(page, base, db, meeting_id)
    page.goto(f"{base}/m/{meeting_id}/votes")
    expect(page.locator("#motion-list")).to_contain_text("通过")
    expect(page.locator("#appraisal-list")).to_contain_text("已结束")
    shot(page, "votes-overview")
