"""One browser script, one offline outbox, for ballots and 测评表 alike: entries tapped while
the tablet is off the network wait on the tablet and go in once it is back."""
import pytest
from playwright.sync_api import expect

from votekit.service import appraisal, entry
from votekit.service.database import open_database
from votekit.web import create_app
from tests.browser_support import live_app
from tests.counting_fixtures import CANDIDATES, build_meeting
from tests.screens_support import shot, touch_page

pytestmark = pytest.mark.browser


def test_sheets_and_ballots_tapped_offline_wait_on_the_tablet(tmp_path):
    db = tmp_path / "outbox.sqlite3"
    with open_database(db) as store:
        m = build_meeting(store)
        sheet = appraisal.add_appraisal(store, "书记", m.meeting_id).value
        assert appraisal.record_issued(store, "书记", sheet, 30).ok
        names = appraisal.get_appraisal(store, sheet).names
    app = create_app({"DATABASE": str(db), "SECRET_KEY": "t", "TESTING": True})
    with live_app(app) as url, touch_page("tablet") as page:
        page.goto(f"{url}/appraisals/{sheet}/entry")
        row = page.locator(f"#sheet tbody tr[data-name='{names[0]}']")
        row.locator("td.g[data-grade=excellent]").tap()
        page.locator(f"#sheet tbody tr[data-name='{names[1]}'] td.name").tap()      # name: 优秀 → 合格
        page.locator(f"#sheet tbody tr[data-name='{names[1]}'] td.name").tap()
        expect(page.locator(f"#sheet tbody tr[data-name='{names[1]}'] td.state")).to_have_text("合格")
        page.locator("#btn-submit").tap()
        expect(page.locator("#entry-msg")).to_have_text("第1张已记录")
        expect(page.locator("#strip-marks")).to_contain_text(f"{names[0]}优秀　{names[1]}合格")
        page.locator("#btn-submit").tap()                                           # a blank sheet: asked first
        expect(page.locator("#entry-msg")).to_contain_text("空白测评表")
        page.locator("#blank-confirm").tap()
        expect(page.locator("#entry-msg")).to_have_text("第2张已记录")

        page.context.set_offline(True)
        row.locator("td.g[data-grade=fail]").tap()
        page.locator("#btn-submit").tap()
        expect(page.locator("#entry-msg")).to_contain_text("网络中断")
        expect(page.locator("#outbox")).to_have_text("待发送 1 张")
        shot(page, "appraisal-offline-tablet")
        page.context.set_offline(False)
        expect(page.locator("#entered")).to_have_text("3", timeout=15000)
        expect(page.locator("#outbox")).to_have_text("")

        page.goto(f"{url}/r/{m.round_id}/entry")                                   # ballots: the same outbox
        page.context.set_offline(True)
        page.locator(f"#ballot tbody tr[data-name='{CANDIDATES[0]}']").tap()
        page.locator("#btn-submit").tap()
        expect(page.locator("#outbox")).to_have_text("待发送 1 张")
        page.context.set_offline(False)
        expect(page.locator("#entry-msg")).to_have_text("第1张已记录", timeout=15000)
    with open_database(db) as store:
        assert appraisal.entered_count(store, sheet) == 3
        assert entry.entered_count(store, m.round_id) == 1
