"""In headless Chromium against a real server: set up an election, import a roster,
sign members in, and watch the quorum panel turn valid at the right count."""

import pytest
from playwright.sync_api import expect

from tests.browser_support import live_app
from votekit.rehearsal.scenario import roster_xlsx, scenario
from votekit.core.quorum import min_present
from votekit.web import create_app


@pytest.fixture
def server(tmp_path):
    app = create_app({"DATABASE": str(tmp_path / "b.sqlite3"), "SECRET_KEY": "browser"})
    with live_app(app) as url:
        yield url


def test_prepare_and_sign_in_a_meeting(server, page, tmp_path):
    demo = scenario()                  # the demo meeting's description, set up by hand here
    roster_file = tmp_path / "党员名册.xlsx"
    roster_file.write_bytes(roster_xlsx(demo))

    page.goto(server + "/")
    form = page.locator("#new-meeting")
    form.locator("[name=branch]").fill(demo.branch)
    form.locator("[name=date]").fill("2026-11-22")
    form.locator("[name=place]").fill(demo.place)
    form.locator("[name=presiding]").fill(demo.presiding)
    form.locator("button").click()
    expect(page.locator("h1")).to_have_text(demo.branch.removesuffix("委员会") + "党员大会")   # 支部党员大会

    page.locator("#new-election [name=seats]").fill("5")
    page.locator("#new-election button").click()
    expect(page.locator(".flash.ok")).to_contain_text("差额选举，应选5名")

    page.get_by_role("link", name="党员名册").first.click()
    page.locator("#import-form input[type=file]").set_input_files(str(roster_file))
    page.locator("#import-form button").click()
    expect(page.locator("#preview-count")).to_have_text("30")     # the preview first, nothing saved yet
    page.locator("#confirm-import button").click()
    expect(page.locator(".flash.ok")).to_contain_text("导入30名党员")

    page.locator("tr", has_text="邓国华").get_by_role("link", name="修改").click()
    page.locator("select[name=reason]").select_option("6")
    page.locator("[name=higher_approved_on]").fill("2026-11-02")
    page.locator("[name=meeting_approved_on]").fill("2026-11-22")
    page.get_by_role("button", name="登记").click()
    expect(page.locator(".flash.ok")).to_contain_text("不计入应到会人数")

    page.goto(server + "/e/1/slate")
    for name in demo.candidates[:5]:
        page.locator(f"input[name=candidate][value={name}]").check()
    page.locator("#slate-form button").click()
    expect(page.locator(".flash.error")).to_contain_text("即至少6名，现有候选人5名")
    for name in demo.candidates:
        page.locator(f"input[name=candidate][value={name}]").check()
    page.locator("#slate-form button").click()
    expect(page.locator(".flash.ok").first).to_contain_text("候选人名单已确定（按姓氏笔画为序）")
    expect(page.locator(".flash.ok").nth(1)).to_have_text("请人工核对以下姓名的笔画顺序：叶䶮。")   # 䶮: no stroke data
    page.locator("#tellers-form [name=scrutineers]").fill("王建国")
    page.locator("#tellers-form button").click()
    expect(page.locator(".flash.error")).to_contain_text("王建国是候选人，不能担任监票人")
    page.locator("#tellers-form [name=scrutineers]").fill("、".join(demo.scrutineers))
    page.locator("#tellers-form [name=counters]").fill("、".join(demo.counters))
    page.locator("#tellers-form button").click()
    expect(page.locator(".flash.ok")).to_contain_text("监票人：")

    page.goto(server + "/m/1/signin")
    panel = page.locator("#quorum-panel")
    expect(panel.locator("[data-q=expected]")).to_have_text("24")
    need = min_present(24)
    expect(panel.locator("[data-q=min_present]")).to_have_text(str(need))

    page.locator('.member[data-name="唐思雨"] .name').click()      # 预备党员: attends, not counted
    expect(page.locator('.member[data-name="唐思雨"]')).to_have_class("member present novote")
    expect(panel.locator("[data-q=present]")).to_have_text("0")

    voters = list(demo.voting())
    search = page.locator("#search")
    for count, name in enumerate(voters[:need], start=1):
        if count % 2:
            page.locator(f'.member[data-name="{name}"] .name').click()
        else:   # the other way tellers work: type the name, press Enter
            search.fill(name)
            expect(page.locator("#results .member.highlighted")).to_have_attribute("data-name", name)
            search.press("Enter")
        expect(panel.locator("[data-q=present]")).to_have_text(str(count))
        expect(panel.locator("[data-q=state]")).to_have_text("有效" if count >= need else "尚不有效")
        expect(panel).to_have_class("quorum met" if count >= need else "quorum unmet")
        search.fill("")
    expect(panel.locator("[data-q=message]")).to_have_text(
        "应到会有选举权的党员24人，实到20人，超过应到会人数的五分之四，符合规定，会议有效。")
    page.screenshot(path=str(tmp_path / "signin.png"))

    projector = page.context.new_page()
    projector.goto(server + "/m/1/projector")
    hall = projector.locator("#hall")                                # quorum met: the hall screen moves on
    expect(hall).to_have_attribute("data-phase", "candidates")
    expect(hall).to_contain_text("候选人名单")
    expect(hall).to_contain_text("（按姓氏笔画为序）")
    page.locator(f'#present-list li[data-name="{voters[0]}"] button', has_text="离会").click()  # one leaves …
    page.locator("#time-dialog button", has_text="确定").click()
    expect(panel.locator("[data-q=present]")).to_have_text(str(need - 1))
    expect(hall).to_have_attribute("data-phase", "attendance")       # … the projector follows
    expect(projector.locator("[data-q=present]")).to_have_text(str(need - 1))
    expect(projector.locator("[data-q=state]")).to_have_text("会议尚不有效")
