"""Hostile input to every form and JSON endpoint of the app (issue 9).

Every route of ``app.url_map`` gets hypothesis-made form fields and JSON bodies: wrong
types, huge numbers, empty and 10,000-character names, control characters, right-to-left
marks, markup.  The app runs with ``TESTING`` (an exception would propagate and fail the
test), so "no 500" is checked directly; after each batch the audit chain and the database
are whole and nothing was written outside the test's folders.
"""
import io
import json
import secrets
import subprocess

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

from votekit.service import roster, slate
from votekit.service.database import open_database
from tests.hostile_support import (FIELDS, HOSTILE, chain_ok, csrf_token, make_setup,
                                   repo_snapshot, routes, url_for_rule)

hostile_text = st.one_of(st.sampled_from(HOSTILE), st.text(max_size=40))
json_value = st.recursive(
    st.one_of(st.none(), st.booleans(), st.integers(min_value=-10**30, max_value=10**30),
              st.floats(allow_nan=True), hostile_text),
    lambda inner: st.one_of(st.lists(inner, max_size=4),
                            st.dictionaries(st.sampled_from(FIELDS + ["marks", "write_ins", "mark"]),
                                            inner, max_size=5)),
    max_leaves=12)
FUZZ = settings(max_examples=150, deadline=None, suppress_health_check=list(HealthCheck))


@pytest.fixture(scope="module")
def fuzzed(tmp_path_factory):
    setup = make_setup(tmp_path_factory.mktemp("hostile"))
    client = setup.app.test_client()
    return setup, client, csrf_token(client, f"/m/{setup.meeting.meeting_id}")


# Found by this fuzzing in a module another helper was still writing (issue 8): a JSON body
# that is not an object (true, [1], 5) makes votes.identify, votes.submit_sheet and
# votes.remove_sheet call .get on it -> 500.
# Remove them from this set once web/votes.py uses ``votekit.web.json_object()``.
KNOWN_BROKEN: set[str] = set()


def _posts(app):
    return [r for r in routes(app, "POST") if r.endpoint != "access.logout" and r.endpoint not in KNOWN_BROKEN]


# Writing the whole set of documents reads no form field and takes half a second or more: fuzzed
# at random it was drawn 0 to 10 times a run (0.5 s to 7 s).  It gets one post with every field
# hostile instead; the paperwork made from the fuzzed meeting is checked at the end of the module.
ONCE = {"documents.produce"}


def test_every_post_route_survives_hostile_forms(fuzzed):
    setup, client, token = fuzzed
    before = repo_snapshot()
    rules = [r for r in _posts(setup.app) if r.endpoint not in ONCE]
    assert len(rules) >= 30

    @FUZZ
    @given(rule=st.sampled_from(rules), form=st.dictionaries(st.sampled_from(FIELDS), hostile_text, max_size=8),
           ballot_id=hostile_text.filter(lambda s: "/" not in s and s.strip() not in ("", ".", "..")))
    def post_form(rule, form, ballot_id):
        form["csrf_token"] = token
        r = client.post(url_for_rule(rule, setup.meeting, ballot_id), data=form)
        assert r.status_code < 500, (rule.rule, form)

    post_form()
    for rule in (r for r in _posts(setup.app) if r.endpoint in ONCE):
        form = {field: HOSTILE[i % len(HOSTILE)] for i, field in enumerate(FIELDS)}
        r = client.post(url_for_rule(rule, setup.meeting), data={**form, "csrf_token": token})
        assert r.status_code < 500, rule.rule
    assert chain_ok(setup.db)
    assert repo_snapshot() == before


@pytest.mark.slow
def test_every_json_endpoint_survives_hostile_bodies(fuzzed):
    setup, client, token = fuzzed
    rules = _posts(setup.app)

    @FUZZ
    @given(rule=st.sampled_from(rules), body=json_value)
    def post_json(rule, body):
        r = client.post(url_for_rule(rule, setup.meeting), data=json.dumps(body, allow_nan=True),
                        content_type="application/json", headers={"X-CSRFToken": token})
        assert r.status_code < 500, (rule.rule, body)

    post_json()
    assert chain_ok(setup.db)


def test_every_get_route_survives_hostile_query_strings(fuzzed):
    setup, client, _ = fuzzed

    @settings(max_examples=60, deadline=None, suppress_health_check=list(HealthCheck))
    @given(rule=st.sampled_from(routes(setup.app, "GET")),
           query=st.dictionaries(st.sampled_from(["q", "pile", "next", "round"]), hostile_text, max_size=3))
    def get(rule, query):
        r = client.get(url_for_rule(rule, setup.meeting), query_string=query)
        assert r.status_code < 500, (rule.rule, query)

    get()


@pytest.mark.parametrize("field,value", [("branch", "x" * 10_000), ("branch", ""), ("branch", "支部\u202e"),
                                         ("date", "9" * 5000), ("starts_at", "09:00+08:00"),
                                         ("place", "会\x00议室")])
def test_bad_meeting_fields_are_refused_in_chinese_and_nothing_is_written(tmp_path, field, value):
    setup = make_setup(tmp_path)
    c = setup.app.test_client()
    form = {"csrf_token": csrf_token(c), "branch": "中共测试支部委员会", "date": "2026-11-22", field: value}
    r = c.post("/", data=form)
    assert r.status_code == 200 and "flash error" in r.get_data(as_text=True)
    with open_database(setup.db) as store:
        assert store.count("meetings") == 1


@pytest.mark.parametrize("name", ["", "王" * 21, "x" * 10_000, "张\u202e伟", "王\u200b芳", "李\x07明",
                                  "=1+1", "@SUM(A1)", "-伟", "+伟"])
def test_bad_member_names_are_refused(tmp_path, name):
    setup = make_setup(tmp_path)
    c = setup.app.test_client()
    t = csrf_token(c)
    before = len(setup.app.test_client().get("/m/1/roster").get_data(as_text=True))
    r = c.post("/m/1/roster/add", data={"csrf_token": t, "name": name, "status": "正式"}, follow_redirects=True)
    assert "flash error" in r.get_data(as_text=True)
    assert before > 0
    with open_database(setup.db) as store:
        assert store.count("members") == 32


MARKUP_NAMES = ["<b>王</b>", "<font size=40>李", "&lt;张&gt;", "<br/>马", "</para>赵"]


def test_markup_in_names_is_escaped_in_pages_json_and_ballot_pdfs(tmp_path):
    setup = make_setup(tmp_path, )
    with open_database(setup.db) as store:
        for name in MARKUP_NAMES:
            assert roster.add_member(store, "测试", setup.meeting.meeting_id, name).ok
        from votekit.service import meetings
        election = meetings.add_election(store, "测试", setup.meeting.meeting_id, "by_election", 2).value
        assert slate.set_candidates(store, "测试", election, MARKUP_NAMES[:3]).ok, "slate"
        round_id = meetings.current_round(store, election).id
    c = setup.app.test_client()
    for path in ("/m/1/roster", f"/e/{election}/slate", "/m/1/sheet", f"/r/{round_id}/entry"):
        page = c.get(path).get_data(as_text=True)
        assert "<b>王</b>" not in page and "<font size=40>" not in page and "</para>" not in page
        assert "&lt;b&gt;王&lt;/b&gt;" in page or "\\u003cb\\u003e" in page, path
    listing = c.get("/m/1/signin.json").json
    assert "<b>王</b>" in [m["name"] for m in listing["members"]]   # JSON keeps the text; JS uses textContent
    r = c.post(f"/r/{round_id}/print", data={"csrf_token": csrf_token(c), "paper": "A4"})
    assert r.status_code == 200 and r.mimetype == "application/pdf"
    pdf = next(setup.ballots_dir.rglob(f"ballots-E{election}-R1-A4.pdf"))
    text = subprocess.run(["pdftotext", "-enc", "UTF-8", str(pdf), "-"], capture_output=True,
                          check=True).stdout.decode()
    flat = "".join(text.split())
    for name in MARKUP_NAMES[:3]:
        assert "".join(name.split()) in flat, name        # printed literally, not as markup


def test_error_pages_are_chinese(tmp_path):
    setup = make_setup(tmp_path, MAX_CONTENT_LENGTH=1024 * 1024)
    c = setup.app.test_client()
    r = c.get("/no/such/page")
    assert r.status_code == 404 and "找不到页面" in r.get_data(as_text=True)
    r = c.get("/m/1/pin")
    assert r.status_code == 405 and "操作方式不对" in r.get_data(as_text=True)
    r = c.post("/m/1/edit", data={"branch": "x"})
    assert r.status_code == 400 and "安全令牌" in r.get_data(as_text=True)
    r = c.post("/r/1/ballots", json={"token": secrets.token_hex(16)})
    assert r.status_code == 400 and "安全令牌" in r.json["message"] and r.json["ok"] is False
    big = io.BytesIO(b"0" * (2 * 1024 * 1024))
    t = csrf_token(c, "/m/1/roster")
    r = c.post("/m/1/roster", data={"csrf_token": t, "file": (big, "名册.csv")}, content_type="multipart/form-data")
    assert r.status_code == 413 and "文件太大" in r.get_data(as_text=True) and "1MB" in r.get_data(as_text=True)
    r = c.post("/m/1/count/photo", data={"csrf_token": t, "photo": (io.BytesIO(b"0" * (2 << 20)), "p.jpg")},
               headers={"X-CSRFToken": t}, content_type="multipart/form-data")
    assert r.status_code == 413 and "上限" in r.json["message"]
    with open_database(setup.db) as store:
        assert store.count("members") == 32


def test_an_unexpected_error_is_a_chinese_page_and_nothing_half_written(tmp_path, monkeypatch):
    setup = make_setup(tmp_path)
    setup.app.config.update(TESTING=False, PROPAGATE_EXCEPTIONS=False)
    from votekit.service import audit

    def broken(*args, **kwargs):
        raise RuntimeError("boom")
    c = setup.app.test_client()
    t = csrf_token(c, "/m/1/roster")
    monkeypatch.setattr(audit, "record", broken)
    r = c.post("/m/1/roster/add", data={"csrf_token": t, "name": "新党员", "status": "正式"})
    assert r.status_code == 500 and "程序出错" in r.get_data(as_text=True)
    monkeypatch.undo()
    with open_database(setup.db) as store:
        assert store.get("members", name="新党员") is None     # the insert was rolled back with it


def test_exports_have_no_spreadsheet_formulas(fuzzed):
    setup, client, _ = fuzzed
    for rule in routes(setup.app, "GET"):
        r = client.get(url_for_rule(rule, setup.meeting))
        if r.mimetype == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet":
            import io
            import openpyxl
            for row in openpyxl.load_workbook(io.BytesIO(r.data)).active.iter_rows(values_only=True):
                for cell in row:
                    assert not str(cell or "").startswith(("=", "+", "-", "@")), (rule.rule, cell)
        elif r.mimetype == "text/csv":
            for line in r.get_data(as_text=True).lstrip("\ufeff").splitlines():
                for cell in line.split(","):
                    assert not cell.startswith(("=", "+", "-", "@")), (rule.rule, cell)


def test_after_the_fuzz_nothing_hostile_is_stored_and_the_paperwork_is_made(fuzzed, tmp_path):
    """Every form and JSON field passes the text gate (issue 18): after the hostile posts above,
    no stored text holds a control, bidi-override or zero-width character, and every
    document and the archive are still produced from the fuzzed meeting."""
    import re
    import sqlite3

    from votekit.documents.bundle import write_documents
    from votekit.service.dossier import dossier_for
    from votekit.service.database import open_database

    setup, client, token = fuzzed
    for value in ("李\x07秀\u202e英\u200b", "会\x0b议\u2066室"):       # one sure post per field kind
        client.post(f"/m/{setup.meeting.meeting_id}/edit", data={"csrf_token": token, "branch": "中共测试支部委员会",
                    "date": "2026-11-22", "place": value, "presiding": value, "recorder": value})
        client.post(f"/m/{setup.meeting.meeting_id}/signin/1", json={"action": "absent", "reason": value},
                    headers={"X-CSRFToken": token})
    forbidden = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\u202a-\u202e\u2066-\u2069\u200b-\u200f\ufeff]")
    conn = sqlite3.connect(setup.db)
    try:
        tables = [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")]
        found = []
        for table in tables:
            if table in ("audit", "audit_head", "scan_ballots", "scan_doubts"):
                continue
            for row in conn.execute(f"SELECT * FROM [{table}]"):
                found += [(table, v) for v in row if isinstance(v, str) and forbidden.search(v)]
    finally:
        conn.close()
    assert not found, found[:5]
    with open_database(setup.db) as store:
        dossier = dossier_for(store, setup.meeting.meeting_id, setup.meeting.election_id)
    written = write_documents(dossier, tmp_path / "docs")
    assert written.archive.exists()
