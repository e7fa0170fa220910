"""扫描读票 screens: upload a scanned PDF, the 监票人 decides from the picture, counts in."""
import random
import re

import cv2
import pytest

from tests.counting_fixtures import ACTOR, CANDIDATES, SCRUTINEERS, build_meeting
from votekit.scan import pages
from votekit.rehearsal import pen as rh
from votekit.service import adjudication, papers
from votekit.service.database import open_database
from votekit.web import create_app


@pytest.fixture
def setup(tmp_path):
    path = tmp_path / "w.sqlite3"
    with open_database(path) as store:
        m = build_meeting(store, issued=3)
        pdf = papers.print_ballots(store, ACTOR, m.round_id, tmp_path, copies=3, spares=0).value
        layout = adjudication.round_layout(store, m.round_id)
    names = {s.name: i for i, s in enumerate(layout.marks) if s.kind == "candidate"}
    rng = random.Random(1)
    marked = []
    for n, page in enumerate(pages.load(pdf.read_bytes(), "b.pdf", 150)):
        image = page.image.copy()
        marks = {names[CANDIDATES[n]]: "circle", names[CANDIDATES[5]]: "cross" if n else "tick"}
        rh.mark_ballot(image, 150 / 25.4, layout, 0, marks, rng, pen=rh.Pen(30, 0.5))
        marked.append(image)
    tiff = cv2.imencode(".tiff", marked[0])[1].tobytes()
    jpgs = [cv2.imencode(".jpg", im, [cv2.IMWRITE_JPEG_QUALITY, 80])[1].tobytes() for im in marked[1:]]
    app = create_app({"DATABASE": str(path), "SECRET_KEY": "test", "TESTING": True})
    return app, m, [("a.tiff", tiff)] + [(f"{n}.jpg", j) for n, j in enumerate(jpgs)]


def token(client, path):
    return re.search(r'name="csrf-token" content="([^"]+)"', client.get(path).get_data(as_text=True)).group(1)


@pytest.mark.slow
def test_upload_adjudicate_adopt(setup):
    import io
    app, m, files = setup
    c = app.test_client()
    t = token(c, f"/r/{m.round_id}/scan")
    data = {"csrf_token": t, "scans": [(io.BytesIO(b), name) for name, b in files]}
    r = c.post(f"/r/{m.round_id}/scan/upload", data=data, content_type="multipart/form-data",
               follow_redirects=True)
    page = r.get_data(as_text=True)
    assert "读入3页，读出选票3张（其中2张全部清楚），须监票人裁定1处" in page, page
    r = c.get(f"/r/{m.round_id}/scan/adjudicate")
    page = r.get_data(as_text=True)
    assert "既不像○也不像×" in page and ">○</button>" in page
    img = re.search(r'<img src="([^"]+)"', page).group(1)
    assert c.get(img).data[:4] == b"\x89PNG"
    action = re.search(r'action="(/scan/doubt/[^"]+)"', page).group(1)
    r = c.post(action, data={"csrf_token": t, "scrutineer": SCRUTINEERS[0], "decision": "disagree"},
               follow_redirects=True)
    assert "全部裁定完毕" in r.get_data(as_text=True)
    r = c.post(f"/r/{m.round_id}/scan/adopt", data={"csrf_token": t}, follow_redirects=True)
    assert "已将扫描读出的3张选票计入本轮" in r.get_data(as_text=True)


def test_upload_without_csrf_is_refused(setup):
    import io
    app, m, files = setup
    c = app.test_client()
    r = c.post(f"/r/{m.round_id}/scan/upload", data={"scans": [(io.BytesIO(files[0][1]), "a.tiff")]},
               content_type="multipart/form-data")
    assert r.status_code == 400
