"""Counting in headless Chromium against a real server process (keyboard, scanner, camera, SIGKILL)."""
import io
import json
import os
import signal
import socket
import sqlite3
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
import segno
from PIL import Image, ImageDraw, ImageFont
from playwright.sync_api import expect, sync_playwright

from votekit.service import ballots, entry
from votekit.service.database import open_database
from tests.browser_support import CHROMIUM, CHROMIUM_ARGS
from tests.counting_fixtures import CANDIDATES, build_meeting, committee_pile

ROOT = Path(__file__).resolve().parent.parent
FONT = ROOT / "votekit" / "fonts" / "VotekitSansSC-Regular.ttf"
SHOTS = os.environ.get("VOTEKIT_SHOTS")      # set to a directory to keep screenshots


class Server:
    """The app in its own process (so it can be SIGKILLed and started again)."""

    def __init__(self, db: Path):
        self.db = db
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            self.port = probe.getsockname()[1]
        self.url = f"http://127.0.0.1:{self.port}"
        self.proc = None

    def start(self):
        code = ("from werkzeug.serving import run_simple; from votekit.web import create_app; "
                f"run_simple('127.0.0.1', {self.port}, "
                f"create_app({{'DATABASE': {str(self.db)!r}, 'SECRET_KEY': 'browser-test'}}), threaded=True)")
        self.proc = subprocess.Popen([sys.executable, "-c", code], cwd=ROOT,
                                     stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        for _ in range(200):
            try:
                urllib.request.urlopen(self.url + "/", timeout=1).read()
                return self
            except OSError:
                time.sleep(0.05)
        raise RuntimeError("server did not start")

    def kill(self):
        os.kill(self.proc.pid, signal.SIGKILL)
        self.proc.wait()

    def stop(self):
        if self.proc and self.proc.poll() is None:
            self.proc.terminate()
            self.proc.wait()


@pytest.fixture
def meeting_db(tmp_path):
    db = tmp_path / "meeting.sqlite3"
    with open_database(db) as store:
        meeting = build_meeting(store)
        code = entry.payload_for_round(store, meeting.round_id)
    return db, meeting, code


@pytest.fixture
def server(meeting_db):
    srv = Server(meeting_db[0]).start()
    yield srv
    srv.stop()


def browser(p, *extra):
    return p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS + list(extra))


def shot(page, name):
    if SHOTS:
        page.screenshot(path=str(Path(SHOTS) / f"{name}.png"), full_page=True)


def keys_for(ballot, candidates):
    """The keystrokes a teller types for one ballot: one key per row, write-ins, Enter."""
    if ballot.get("illegible"):
        return ["/", "Enter"]
    key = {"agree": "1", "disagree": "2"}
    out = [key.get(ballot["marks"].get(name), "0") for name in candidates]
    for w in ballot.get("write_ins", []):
        out += ["+", ("TYPE", w["name"]), "Enter" if w.get("mark", "agree") == "agree" else "Shift+Enter"]
    return out + ["Enter"]


def type_ballot(page, ballot, candidates):
    for k in keys_for(ballot, candidates):
        if isinstance(k, tuple):
            page.keyboard.type(k[1])
        else:
            page.keyboard.press(k)


def scan(page, code):
    """A USB scanner in keyboard mode: types the code and Enter into whatever has focus."""
    page.keyboard.type(code)
    page.keyboard.press("Enter")


def entered(page, n):
    expect(page.locator("#entered")).to_have_text(str(n), timeout=15000)
    page.wait_for_function("() => window.votekitEntryState().outbox === 0")


def db_count(db, round_id):
    with sqlite3.connect(db) as conn:
        return conn.execute("SELECT COUNT(*) FROM ballots WHERE round_id = ?", [round_id]).fetchone()[0]


def close_round(page, url, round_id, returned):
    page.goto(f"{url}/r/{round_id}/count")
    page.fill("#returned-form input[name=returned]", str(returned))
    page.click("#returned-form button")
    page.check("#close-confirm")                  # 结束计票 is irreversible: the 监票人 confirms first
    page.click("#close-form button")
    expect(page.locator("#verdict-messages")).to_be_visible()


def test_full_meeting_by_keyboard_runoff_and_secretary(meeting_db, server):
    db, meeting, code = meeting_db
    with sync_playwright() as p:
        b = browser(p)
        page = b.new_page(viewport={"width": 1280, "height": 900})
        page.goto(f"{server.url}/m/{meeting.meeting_id}/count")
        scan(page, code)
        page.wait_for_url(f"**/r/{meeting.round_id}/entry")
        pile = committee_pile()
        for ballot in pile:
            type_ballot(page, ballot, CANDIDATES)
        entered(page, 29)
        assert db_count(db, meeting.round_id) == 29
        shot(page, "entry")
        board = json.loads(urllib.request.urlopen(f"{server.url}/r/{meeting.round_id}/board.json").read())
        assert board["invalid"] == 1 and board["rows"][0]["agree"] == 28

        close_round(page, server.url, meeting.round_id, 29)
        expect(page.locator("#elected")).to_have_text("　".join(CANDIDATES[:4]))
        expect(page.locator("#recount")).to_contain_text("复核一致")
        shot(page, "verdict")
        page.click("#runoff-form button")
        with open_database(db) as store:
            runoff = store.max_of("rounds", "id")
            assert ballots.issue_ballots(store, "监票人", runoff, 30).ok
            runoff_code = entry.payload_for_round(store, runoff)

        page.goto(f"{server.url}/m/{meeting.meeting_id}/count")
        scan(page, code)                                            # the closed first round
        expect(page.locator("#scan-msg")).to_contain_text("已结束计票")
        scan(page, runoff_code)
        page.wait_for_url(f"**/r/{runoff}/entry")
        runoff_pile = [{"marks": {CANDIDATES[4]: "disagree", CANDIDATES[5]: "agree"}}] * 17
        for i, ballot in enumerate(runoff_pile):
            type_ballot(page, ballot, CANDIDATES[4:])
            if i == 5:
                entered(page, 6)
                page.keyboard.press("1")                            # a row marked, then the scanner fires
                scan(page, code)                                     # a first-round ballot in the runoff pile
                expect(page.locator("#scan-msg")).to_contain_text("不是正在录入的")
                expect(page.locator("#ballot tbody tr").first).to_have_class("agree")
                page.keyboard.press("Escape")
        entered(page, 17)
        close_round(page, server.url, runoff, 17)
        expect(page.locator("#elected")).to_have_text(CANDIDATES[5])

        secretary_election(page, server.url, meeting, db)
        b.close()


def open_plenary_and_issue_secretary_ballots(page, url, meeting_id, committee):
    """The committee's first plenary: members as settled, convener, quorum, 书记 slate
    (committee[0], 监票人 committee[1]) and its ballots issued."""
    page.goto(f"{url}/m/{meeting_id}/plenary")
    expect(page.locator(".names")).to_have_text("　".join(committee))
    page.fill("#plenary-form input[name=convener]", "上级党委组织部")
    page.click("#plenary-form button")
    expect(page.locator("#plenary-quorum")).to_contain_text("会议有效")
    page.select_option("#plenary-slate select[name=candidate]", committee[0])
    page.select_option("#plenary-slate select[name=scrutineer]", committee[1])
    page.click("#plenary-slate button")
    page.click("#plenary-election-secretary .issue-form button")


def secretary_election(page, url, meeting, db):
    committee = CANDIDATES[:4] + CANDIDATES[5:]
    open_plenary_and_issue_secretary_ballots(page, url, meeting.meeting_id, committee)
    expect(page.locator("#plenary-election-secretary")).to_contain_text("5 / —")
    with open_database(db) as store:
        round_id = store.max_of("rounds", "id")
        code = entry.payload_for_round(store, round_id)
    page.goto(f"{url}/m/{meeting.meeting_id}/count")
    scan(page, code)
    page.wait_for_url(f"**/r/{round_id}/entry")
    for mark in ["1", "1", "1", "1", "2"]:
        page.keyboard.press(mark)
        page.keyboard.press("Enter")
    entered(page, 5)
    close_round(page, url, round_id, 5)
    expect(page.locator("#elected")).to_have_text(committee[0])
    expect(page.locator("#verdict-messages")).to_contain_text("应到会委员5人，实到5人")
    expect(page.locator("#verdict-messages")).not_to_contain_text("有选举权的党员")
    page.goto(f"{url}/m/{meeting.meeting_id}/plenary")
    page.select_option("#posts-form select[name=post-1]", "组织委员")
    page.select_option("#posts-form select[name=post-2]", "宣传委员")
    page.select_option("#posts-form select[name=post-3]", "纪检委员")
    page.click("#posts-form button")
    expect(page.locator("#saved-posts")).to_contain_text(f"书记　{committee[0]}；组织委员　{committee[1]}")
    shot(page, "plenary")


def test_sigkill_after_ballot_15_loses_nothing_and_the_count_resumes(meeting_db, server):
    db, meeting, code = meeting_db
    pile = committee_pile()
    with sync_playwright() as p:
        b = browser(p)
        page = b.new_page()
        page.goto(f"{server.url}/m/{meeting.meeting_id}/count")
        scan(page, code)
        page.wait_for_url(f"**/r/{meeting.round_id}/entry")
        for ballot in pile[:15]:
            type_ballot(page, ballot, CANDIDATES)
        entered(page, 15)
        server.kill()
        assert db_count(db, meeting.round_id) == 15
        type_ballot(page, pile[15], CANDIDATES)                   # typed while the server is down
        expect(page.locator("#entry-msg")).to_contain_text("网络中断", timeout=10000)
        server.start()
        entered(page, 16)                                           # the kept ballot goes in once
        for ballot in pile[16:]:
            type_ballot(page, ballot, CANDIDATES)
        entered(page, 29)
        page.reload()
        expect(page.locator("#entered")).to_have_text("29")
        b.close()
    assert db_count(db, meeting.round_id) == 29
    with open_database(db) as store:
        ballots.record_returned(store, "监票人", meeting.round_id, 29)
        from votekit.service import counting
        assert counting.close_round(store, "监票人", meeting.round_id).value["tally"][CANDIDATES[0]]["agree"] == 28


def ballot_video(payload: str, path: Path) -> Path:
    """A few seconds of 640x480 Y4M 'camera' showing a ballot with the round's QR code."""
    page = Image.new("L", (640, 480), 235)
    draw = ImageDraw.Draw(page)
    draw.rectangle((30, 20, 610, 460), fill=255, outline=0, width=3)
    font = ImageFont.truetype(str(FONT), 26)
    draw.text((60, 40), "中共测试街道第一支部委员会委员选举选票", font=font, fill=0)
    for i, name in enumerate(CANDIDATES):
        draw.rectangle((60 + i * 55, 330, 105 + i * 55, 370), outline=0, width=2)
        draw.text((62 + i * 55, 380), name, font=ImageFont.truetype(str(FONT), 18), fill=0)
    buf = io.BytesIO()
    segno.make(payload, error="m", micro=False).save(buf, kind="png", scale=5, border=4)
    qr = Image.open(io.BytesIO(buf.getvalue())).convert("L")
    page.paste(qr, (600 - qr.width, 90))
    y = page.tobytes()
    chroma = bytes([128]) * (320 * 240)
    with open(path, "wb") as fh:
        fh.write(b"YUV4MPEG2 W640 H480 F10:1 Ip A1:1 C420jpeg\n")
        for _ in range(20):
            fh.write(b"FRAME\n" + y + chroma + chroma)
    return path


def test_camera_reads_the_round_qr_in_the_browser(meeting_db, server, tmp_path):
    db, meeting, code = meeting_db
    video = ballot_video(code, tmp_path / "ballot.y4m")
    with sync_playwright() as p:
        b = browser(p, "--use-fake-ui-for-media-stream", "--use-fake-device-for-media-stream",
                    f"--use-file-for-fake-video-capture={video}")
        context = b.new_context()
        context.grant_permissions(["camera"], origin=server.url)
        page = context.new_page()
        page.goto(f"{server.url}/m/{meeting.meeting_id}/count")
        page.click("#camera-btn")
        page.wait_for_url(f"**/r/{meeting.round_id}/entry", timeout=20000)
        b.close()
