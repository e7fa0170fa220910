"""Joining the meeting from tablets on the LAN: by the address the laptop shows, as each role;
log out; switch role; a teller sees no secretary-only or 监票人-only action."""
import pytest
from playwright.sync_api import expect

from votekit.service import meetings
from votekit.service.database import open_database
from votekit.web import create_app
from tests.counting_fixtures import build_meeting
from tests.screens_support import laptop_and_lan, shot, sized_browser

pytestmark = pytest.mark.browser
PIN, SCRUTINEER_PIN = "2468", "1357"
SECRETARY_ONLY = ["名册", "文书", "审计", "平板加入", "签到表", "委员会会议"]


@pytest.fixture
def lan_app(tmp_path):
    db = tmp_path / "lan.sqlite3"
    with open_database(db) as store:
        meeting = build_meeting(store)
        assert meetings.set_pin(store, "测试", meeting.meeting_id, PIN).ok
        assert meetings.set_pin(store, "测试", meeting.meeting_id, SCRUTINEER_PIN, "scrutineer").ok
    app = create_app({"DATABASE": str(db), "SECRET_KEY": "t", "LAN_MODE": True, "LAN_ADDRESS": "127.0.0.2"})
    return app, meeting


def shown_urls(page, base, meeting_id):
    page.goto(f"{base}/m/{meeting_id}/join")
    expect(page.locator(".join-card")).to_have_count(4)
    return {key: page.locator(f"#join-{key} .join-url a").get_attribute("href")
            for key in ("teller", "scrutineer", "projector", "presiding")}


def sign_in(page, url, pin, who=""):
    page.goto(url)
    page.locator("input[name=pin]").fill(pin)
    if who:
        page.locator("input[name=who]").fill(who)
    page.locator("form.grid button[type=submit]").click()


def test_tablets_join_by_the_shown_address_log_out_and_switch(lan_app):
    app, meeting = lan_app
    m, r = meeting.meeting_id, meeting.round_id
    with laptop_and_lan(app) as (laptop_url, lan_url), sized_browser() as new_page:
        laptop = new_page("laptop", touch=False)
        urls = shown_urls(laptop, laptop_url, m)
        shot(laptop, "join-laptop")
        assert all(u.startswith(lan_url + f"/m/{m}/login?role=") for u in urls.values()), urls
        expect(laptop.locator(".topbar .session-acts")).to_have_count(0)      # the laptop is the secretary

        tablet = new_page("tablet")
        tablet.goto(urls["teller"])
        expect(tablet.locator("select[name=role]")).to_have_value("teller")
        shot(tablet, "login-tablet")
        sign_in(tablet, urls["teller"], PIN, "杨帆")
        expect(tablet).to_have_url(f"{lan_url}/m/{m}")
        expect(tablet.locator(".topbar .who")).to_contain_text("签到员/计票人")
        nav = tablet.locator(".topbar nav")
        for word in SECRETARY_ONLY:
            expect(nav).not_to_contain_text(word)
        expect(nav).to_contain_text("计票")
        expect(tablet.locator("#new-election, .print-form, .issue-form")).to_have_count(0)
        expect(tablet.locator("main")).not_to_contain_text("修改")
        shot(tablet, "dashboard-teller-tablet")
        tablet.goto(f"{lan_url}/r/{r}/count")
        expect(tablet.locator("#returned-form, #double-form, #close-form")).to_have_count(0)
        tablet.goto(f"{lan_url}/r/{r}/entry")
        expect(tablet.locator("#btn-submit")).to_be_visible()
        expect(tablet.locator(f"aside a[href=\"/r/{r}/count\"]")).to_have_count(0)
        for link in tablet.locator("a[href]").all():                          # nothing shown that answers 403
            href = link.get_attribute("href")
            if href.startswith("/") and not href.startswith("/static"):
                assert tablet.request.get(lan_url + href).status != 403, href

        tablet.locator("#switch-role").click()                                 # switch: same tablet, 监票人
        expect(tablet.locator("select[name=role]")).to_be_visible()
        tablet.locator("select[name=role]").select_option("scrutineer")
        tablet.locator("input[name=pin]").fill(SCRUTINEER_PIN)
        tablet.locator("form.grid button[type=submit]").click()
        expect(tablet.locator(".topbar .who")).to_contain_text("监票人")
        tablet.goto(f"{lan_url}/r/{r}/count")
        expect(tablet.locator("#returned-form")).to_be_visible()

        tablet.locator("#logout").click()                                      # log out
        tablet.goto(f"{lan_url}/m/{m}")
        expect(tablet).to_have_url(f"{lan_url}/m/{m}/login?next=/m/{m}")

        hall = new_page("laptop", touch=False)                                 # the hall screen's own device
        sign_in(hall, urls["projector"], PIN)
        expect(hall).to_have_url(f"{lan_url}/m/{m}/projector")
        expect(hall.locator("#hall")).to_have_attribute("data-phase", "voting")
        lectern = new_page("tablet")                                           # the presiding officer
        sign_in(lectern, urls["presiding"], PIN)
        expect(lectern).to_have_url(f"{lan_url}/m/{m}/script")
        expect(lectern.locator(".s-step.now").first).to_contain_text("发出选票30张")
        expect(lectern.locator(".topbar nav")).not_to_contain_text("计票")
        shot(lectern, "script-presiding-tablet")

        scrutineer = new_page("tablet")
        sign_in(scrutineer, urls["scrutineer"], PIN)                           # the meeting PIN is not enough
        expect(scrutineer.locator(".flash.error")).to_contain_text("监票人口令不对")
