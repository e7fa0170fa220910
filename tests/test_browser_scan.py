"""扫描读票 in headless Chromium against the real app: the scanned pile is chosen with the page's
file input, a 监票人 decides every doubt from its picture, the scan is counted in (计入); and,
when people also typed the pile, a 监票人 settles the scan/keyboard differences (核对)."""
import json
import random
from dataclasses import replace

import cv2
import pytest
from playwright.sync_api import expect

from tests.browser_support import live_app
from tests.counting_fixtures import ACTOR, CANDIDATES, SCRUTINEERS, build_meeting
from votekit.core.payload import BallotCode, BallotKind, make_payload
from votekit.pdf.ballot import render_ballots
from votekit.scan import pages
from votekit.rehearsal import pen as rh
from votekit.service import adjudication, entry, papers, scan_reconcile
from votekit.service.database import open_database
from votekit.web import create_app

DPI = 150
WRITTEN = "张伟"          # the name the 监票人 reads off the write-in and types
C = CANDIDATES
# What each voter drew (candidate -> mark; "write" adds a circled, written 另选人), and what the
# ballot says once the 监票人 has decided: the ✓ on b1 is read as ○, the write-in as 张伟○.
PLAN = [
    ({**{n: "circle" for n in C[:5]}, C[5]: "cross"}, False),
    ({C[1]: "circle", C[2]: "tick", C[4]: "cross"}, False),
    ({**{n: "circle" for n in C[:4]}, C[5]: "cross"}, True),
    ({**{n: "circle" for n in C[1:]}, C[0]: "cross"}, False),
]
MEANS = {"circle": "agree", "tick": "agree", "cross": "disagree"}
DRAWN = [{"marks": {n: MEANS[w] for n, w in marks.items()},
          "write_ins": [{"name": WRITTEN, "mark": "agree"}] if write else []} for marks, write in PLAN]


def content(ballot) -> str:
    """A ballot (stored row or DRAWN entry) as a comparable string."""
    marks, writes = ballot["marks"], ballot["write_ins"]
    marks = json.loads(marks) if isinstance(marks, str) else marks
    writes = json.loads(writes) if isinstance(writes, str) else writes
    return json.dumps({"marks": marks, "write_ins": writes}, ensure_ascii=False, sort_keys=True)


def marked_sheets(store, tmp_path, m):
    """Print the round's ballots from the app, rasterise them, draw PLAN on them."""
    pdf = papers.print_ballots(store, ACTOR, m.round_id, tmp_path, copies=len(PLAN), spares=0).value
    layout = adjudication.round_layout(store, m.round_id)
    names = {s.name: i for i, s in enumerate(layout.marks) if s.kind == "candidate"}
    write_slot = next(i for i, s in enumerate(layout.marks) if s.kind == "write_in")
    rng, sheets = random.Random(5), []
    for page, (marks, write) in zip(pages.load(pdf.read_bytes(), "b.pdf", DPI), PLAN):
        image = page.image.copy()
        drawn = {names[n]: what for n, what in marks.items()}
        if write:
            drawn[write_slot] = "circle"
        rh.mark_ballot(image, DPI / 25.4, layout, 0, drawn, rng, pen=rh.Pen(30, 0.5),
                       written={write_slot: True} if write else None)
        sheets.append(image)
    return sheets


def other_round_pdf(store, tmp_path, m):
    """A genuine-looking ballot of round 2 of the same election: not this round's."""
    code = BallotCode(f"M{m.meeting_id}E{m.election_id}", 2, BallotKind.COMMITTEE)
    spec = replace(papers.ballot_spec(store, m.round_id), payload=make_payload(code, entry.code_key(store)))
    render_ballots(spec, 1, tmp_path / "round-2.pdf")
    return tmp_path / "round-2.pdf"


@pytest.fixture
def site(tmp_path):
    """The meeting, the scanned files on disk (a 2-page TIFF, 2 JPEGs, another round's PDF), the app."""
    db = tmp_path / "scan.sqlite3"
    with open_database(db) as store:
        m = build_meeting(store, issued=len(PLAN) + 2)
        sheets = marked_sheets(store, tmp_path, m)
        stray = other_round_pdf(store, tmp_path, m)
    files = [tmp_path / "stack.tiff", tmp_path / "p3.jpg", tmp_path / "p4.jpg", stray]
    files[0].write_bytes(cv2.imencodemulti(".tiff", sheets[:2])[1].tobytes())
    for path, sheet in zip(files[1:3], sheets[2:]):
        path.write_bytes(cv2.imencode(".jpg", sheet, [cv2.IMWRITE_JPEG_QUALITY, 85])[1].tobytes())
    with live_app(create_app({"DATABASE": str(db), "SECRET_KEY": "browser-scan"})) as url:
        yield url, db, m, files


def upload(page, base, round_id, files):
    page.goto(f"{base}/r/{round_id}/scan")
    page.locator("#upload-form input[type=file]").set_input_files([str(f) for f in files])
    page.locator("#upload-form button[type=submit]").click()
    expect(page.locator(".flash.ok").first).to_contain_text(
        "读入5页，读出选票4张（其中2张全部清楚），须监票人裁定3处，退回非本轮或无法识别的1张", timeout=20000)
    expect(page.locator("#scan-ballots")).to_have_text("4")
    expect(page.locator("#undecided")).to_have_text("3")
    expect(page.locator("#adopt-form")).to_have_count(0)       # nothing counts before the 监票人


def picture_loaded(page) -> bool:
    page.wait_for_function("() => { const i = document.querySelector('#doubt .picture img');"
                           " return i && i.complete; }")
    return page.evaluate("document.querySelector('#doubt .picture img').naturalWidth") > 0


def decide_all(page):
    """Work the 监票人 queue in the browser until it says everything is decided."""
    page.locator("#go-adjudicate").click()
    expect(page.locator("h1")).to_contain_text("监票人裁定")
    seen = []
    while page.locator("#all-done").count() == 0:
        doubt, left = page.locator("#doubt"), int(page.locator("#left").inner_text())
        kind = doubt.get_attribute("data-kind")
        seen.append(kind)
        assert picture_loaded(page), f"the {kind} picture did not load"
        form = page.locator("#decide-form")
        form.locator("select[name=scrutineer]").select_option(SCRUTINEERS[1])
        if kind == "page":
            expect(doubt.locator(".reasons")).to_contain_text("没有第2轮投票")
            form.locator("button[value=not_ballot]").click()
        else:
            if kind == "write_in":
                form.locator("#write-in-name").fill(WRITTEN)
                page.screenshot(path="/tmp/scan_adjudicate.png", full_page=True)
            form.locator("button[value=agree]").click()
        expect(page.locator("#left")).to_have_text(str(left - 1))      # the next page is in
        expect(page.locator(".flash.ok").first).to_contain_text("已裁定")
        assert len(seen) <= 3, seen
    assert sorted(seen) == ["mark", "page", "write_in"]


def test_upload_decide_and_count_in_the_browser(site, page):
    base, db, m, files = site
    upload(page, base, m.round_id, files)
    decide_all(page)
    page.goto(f"{base}/r/{m.round_id}/scan")
    expect(page.locator("#decided tbody tr")).to_have_count(3)
    expect(page.locator("#decided")).to_contain_text(f"○ 赞成：{WRITTEN}")
    adopt = page.locator("#adopt-form button")
    expect(adopt).to_contain_text("将4张扫描选票计入本轮")
    adopt.click()
    expect(page.locator(".flash.ok")).to_contain_text("已将扫描读出的4张选票计入本轮")
    expect(page.locator("#upload .stats")).to_contain_text("已计入 4 张")
    expect(page.locator("#scan-typed")).to_have_text("0")       # counted in, not typed by hand
    page.screenshot(path="/tmp/scan_panel.png", full_page=True)
    page.goto(f"{base}/r/{m.round_id}/board")
    expect(page.locator("#b-entered")).to_have_text("4")
    expect(page.locator("#b-rows tr.write-in")).to_contain_text(f"另选 {WRITTEN}")
    with open_database(db) as store:
        counted = sorted(content(r) for r in store.rows("ballots", round_id=m.round_id))
        assert adjudication.summary(store, m.round_id)["set_aside"] == 1
    assert counted == sorted(content(b) for b in DRAWN)


def scanned_and_typed(db, m, files):
    """The pile read and decided (service layer), and typed by people with one slip:
    b3's × on the first candidate was not typed."""
    with open_database(db) as store:
        data = [(f.name, f.read_bytes()) for f in files[:3]]
        assert adjudication.read_upload(store, ACTOR, m.round_id, data).ok
        for d in adjudication.pending(store, m.round_id):
            name = WRITTEN if d.kind == "write_in" else ""
            assert adjudication.decide(store, ACTOR, d.id, SCRUTINEERS[0], "agree", name).ok
        typed = [dict(b) for b in DRAWN]
        typed[3] = {"marks": {n: "agree" for n in C[1:]}, "write_ins": []}
        for n, ballot in enumerate(typed):
            assert entry.submit(store, ACTOR, m.round_id, ballot, f"typed-token-{n:08d}").ok


def test_scan_and_keyboard_disagree_and_a_scrutineer_settles_it(site, page):
    base, db, m, files = site
    scanned_and_typed(db, m, files)
    page.goto(f"{base}/r/{m.round_id}/scan")
    section = page.locator("#reconcile")
    expect(section.locator("#reconcile-msg")).to_contain_text("扫描读出4张，人工录入4张，有2处不一致")
    rows = section.locator("#scan-differences tbody tr")
    expect(rows).to_have_count(2)
    expect(rows.filter(has_text=f"{C[0]}×")).to_contain_text("1 张")
    expect(page.locator("#adopt-form")).to_have_count(0)    # people typed it: no direct 计入
    for left in (1, 0):                                       # the paper shows ×: the scan was right
        form = rows.first.locator("form", has_text="以扫描为准")
        form.locator("select[name=scrutineer]").select_option(SCRUTINEERS[1])
        form.locator("button").click()
        expect(page.locator(".flash.ok")).to_contain_text("已按扫描读票为准")
        expect(rows).to_have_count(left)
    expect(section.locator("#reconcile-msg")).to_have_text("扫描读出4张，人工录入4张，逐张内容完全一致。")
    with open_database(db) as store:
        assert scan_reconcile.compare(store, m.round_id).agree
        assert scan_reconcile.close_problem(store, m.round_id) is None
        counted = sorted(content(r) for r in store.rows("ballots", round_id=m.round_id))
    assert counted == sorted(content(b) for b in DRAWN)
