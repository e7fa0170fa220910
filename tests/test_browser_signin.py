"""The sign-in desk in headless Chromium, with tablet latency on every request to the desk.

Forty members are signed in by typing their names and pressing Enter at once, as
fast as a person types, while the server answers 150–350 ms late (the answers
come back out of order).  Exactly those forty must be signed in; an empty Enter
and a typo sign in nobody and say 未找到.
"""
import time

import pytest
from playwright.sync_api import expect

from tests.browser_support import live_app
from tests.signin_support import NAMES, build_desk_meeting, present_names
from votekit.web import create_app

pytestmark = pytest.mark.browser
LATENCY_MS = (350, 150, 250)   # request 1 waits 350 ms, request 2 150 ms, …: answers overtake each other


class Latency:
    """WSGI middleware: the desk's requests (roster refresh and sign-in) answer late."""

    def __init__(self, app):
        self.app, self.count = app, 0

    def __call__(self, environ, start_response):
        if "/signin" in environ.get("PATH_INFO", ""):
            self.count += 1
            time.sleep(LATENCY_MS[self.count % len(LATENCY_MS)] / 1000)
        return self.app(environ, start_response)


@pytest.fixture
def desk(tmp_path):
    db = tmp_path / "desk.sqlite3"
    meeting_id = build_desk_meeting(db)
    app = create_app({"DATABASE": str(db), "SECRET_KEY": "browser"})
    app.wsgi_app = Latency(app.wsgi_app)
    with live_app(app) as url:
        yield url, db, meeting_id


def test_forty_typed_sign_ins_with_latency_sign_in_exactly_those_forty(desk, page):
    url, db, meeting_id = desk
    page.goto(f"{url}/m/{meeting_id}/signin")
    expect(page.locator("#results .member")).to_have_count(len(NAMES))
    search = page.locator("#search")
    chosen = NAMES[5:45]                         # includes 张伟 and 张伟民, 王芳 and 王芳芳
    for name in chosen:
        search.press_sequentially(name, delay=40)
        search.press("Enter")
    panel = page.locator("#quorum-panel")
    expect(panel.locator("[data-q=present]")).to_have_text("40", timeout=20000)
    expect(page.locator("#present-count")).to_have_text("40")
    assert sorted(present_names(db, meeting_id)) == sorted(chosen)

    before = page.locator("#status-line").inner_text()
    search.press("Enter")                          # an empty box
    expect(page.locator("#status-line")).to_contain_text("未找到")
    search.press_sequentially("孙玮", delay=40)     # a typo for 孙伟: nobody of that name
    search.press("Enter")
    expect(page.locator("#status-line")).to_contain_text("未找到“孙玮”")
    assert before != page.locator("#status-line").inner_text()
    expect(panel.locator("[data-q=present]")).to_have_text("40")
    assert sorted(present_names(db, meeting_id)) == sorted(chosen)


def test_undo_reasons_and_leaving_by_dialog(desk, page):
    url, db, meeting_id = desk
    page.goto(f"{url}/m/{meeting_id}/signin")
    expect(page.locator("#results .member")).to_have_count(len(NAMES))
    search = page.locator("#search")
    search.press_sequentially("张伟", delay=30)
    expect(page.locator("#results .member.highlighted")).to_have_attribute("data-name", "张伟")
    search.press("Enter")
    status = page.locator("#status-line")
    expect(status).to_contain_text("已签到：张伟（第1人")
    status.get_by_role("button", name="撤销").click()
    expect(status).to_contain_text("已撤销张伟的签到")
    expect(page.locator("#present-count")).to_have_text("0")

    absent = page.locator('#not-arrived li[data-name="王芳"]')
    absent.get_by_role("button", name="出差").click()              # one click: 请假（出差）
    expect(absent).to_contain_text("请假（出差）")
    other = page.locator('#not-arrived li[data-name="孙伟"]')
    other.get_by_role("button", name="其他…").click()
    page.locator("#time-dialog input[name=reason]").fill("照顾住院的母亲")
    page.locator("#time-dialog button", has_text="确定").click()
    expect(other).to_contain_text("请假（照顾住院的母亲）")

    page.locator('#results .member[data-name="李明"] .name').click()
    expect(page.locator("#present-count")).to_have_text("1")
    page.locator('#present-list li[data-name="李明"]').get_by_role("button", name="离会").click()
    page.locator("#time-dialog input[name=time]").fill("10:30")
    page.locator("#time-dialog button", has_text="确定").click()
    left = page.locator('#not-arrived li[data-name="李明"]')
    expect(left).to_contain_text("中途离会 10:30")
    expect(status).to_contain_text("李明 10:30 中途离会")
    left.get_by_role("button", name="返回").click()
    page.locator("#time-dialog button", has_text="确定").click()
    expect(page.locator('#present-list li[data-name="李明"]')).to_have_count(1)
    expect(status).to_contain_text("李明")
    expect(status).to_contain_text("返回会场")                      # the server's answer, not the page's guess
    assert sorted(present_names(db, meeting_id)) == ["李明"]
