"""Hostile scan uploads: the work per upload is bounded and a bad file loses nothing else.

A decompression-bomb PNG and a PNG whose header lies are refused before anything is
decoded; a PDF of giant pages is rendered within the pixel budget; of a 10,000-page PDF
at most ``MAX_PAGES`` are read and the rest are counted in Chinese; a broken file in a
batch is refused by name while the good ones are read; peak memory stays under 1 GB.
"""
from __future__ import annotations

import io
import pickle
import subprocess
import sys
from pathlib import Path

import cv2
import numpy as np
import pytest
from PIL import Image

from tests import hostile_uploads as H
from tests.counting_fixtures import ACTOR, build_meeting
from votekit.scan import pages
from votekit.service import adjudication, papers
from votekit.store import open_store

ROOT = Path(__file__).resolve().parents[1]


def each(files, budget=None):
    budget = budget or pages.Budget()
    return [p for name, data in files for p in pages.each_page(data, name, budget)], budget


def test_a_decompression_bomb_is_refused_before_it_is_decoded():
    got, _ = each(H.make("bomb_png"))
    assert len(got) == 1 and isinstance(got[0], pages.Unreadable)
    assert got[0].source == "炸弹.png" and "图片太大" in got[0].reason


def test_an_image_just_over_the_budget_is_refused_with_its_size():
    buf = io.BytesIO()
    Image.new("L", (8000, 6000), 255).save(buf, format="PNG")            # 48 million pixels
    got, _ = each([("大图.png", buf.getvalue())])
    assert isinstance(got[0], pages.Unreadable) and "8000×6000" in got[0].reason


def test_a_huge_phone_jpeg_is_decoded_small_not_refused():
    buf = io.BytesIO()
    Image.new("RGB", (9000, 6000), (200, 190, 180)).save(buf, format="JPEG", quality=50)
    got, _ = each([("大照片.jpg", buf.getvalue())])
    assert isinstance(got[0], pages.Page)
    assert got[0].image.size <= pages.MAX_PIXELS and got[0].image.shape == (3000, 4500)


def test_a_header_that_lies_is_refused_by_name_and_the_next_file_is_read():
    files = H.make("lying_header")
    assert len(files[0][1]) < 100
    got, _ = each(files)
    assert isinstance(got[0], pages.Unreadable) and got[0].source == "假头.png"
    assert isinstance(got[1], pages.Page) and got[1].source == "好的.png"


def test_a_truncated_image_is_refused_not_a_crash():
    got, _ = each(H.make("truncated_png"))
    assert isinstance(got[0], pages.Unreadable) and "损坏" in got[0].reason


def test_giant_pdf_pages_are_rendered_within_the_budget():
    data = H.pdf(3, (14_400, 14_400))              # 5 m square pages
    got, _ = each([("巨幅.pdf", data)])
    assert len(got) == 3
    for page in got:
        assert page.image.size <= pages.MAX_PDF_PIXELS and max(page.image.shape) <= pages.MAX_SIDE


def test_ten_thousand_pages_read_at_most_the_limit_and_say_how_many_were_ignored():
    got, budget = each(H.make("many_pages"))
    assert len(got) == pages.MAX_PAGES
    ignored = 10_000 - pages.MAX_PAGES
    assert budget.ignored == {"一万页.pdf": ignored}
    assert budget.notice() == (f"一次最多读入{pages.MAX_PAGES}页，另有{ignored}页没有读"
                               f"（一万页.pdf{ignored}页），请把这些页另外分批上传。")


def test_the_limit_counts_across_the_files_of_one_upload():
    budget = pages.Budget(pages=3)
    got, _ = each([("一.pdf", H.pdf(2)), ("二.pdf", H.pdf(2)), ("三.png", H.white_png())], budget)
    assert [p.source for p in got] == ["一.pdf", "一.pdf", "二.pdf"]
    assert budget.ignored == {"二.pdf": 1, "三.png": 1}


@pytest.fixture
def round_with_ballots(tmp_path):
    store = open_store(tmp_path / "m.sqlite3")
    meeting = build_meeting(store, issued=4)
    done = papers.print_ballots(store, ACTOR, meeting.round_id, tmp_path, copies=2, spares=0)
    assert done.ok, done.messages
    sheets = pages.load(done.value.read_bytes(), "ballots.pdf", 150)
    blank_ballots = [cv2.imencode(".png", s.image)[1].tobytes() for s in sheets]
    yield store, meeting, blank_ballots
    store.close()


def test_a_broken_file_inside_a_good_batch_is_refused_by_name_and_the_rest_is_kept(round_with_ballots):
    store, meeting, ballots = round_with_ballots
    files = [("第一张.png", ballots[0]), ("坏文件.png", b"\x89PNG\r\n\x1a\nbroken" * 5),
             ("假头.png", H.lying_png()), ("第二张.png", ballots[1])]
    read = adjudication.read_upload(store, ACTOR, meeting.round_id, files)
    assert read.ok and read.value["ballots"] == 2, read.messages
    said = " ".join(read.messages)
    assert "坏文件.png：" in said and "假头.png：" in said
    assert "第一张.png" not in said and "第二张.png" not in said


def test_an_upload_over_the_page_limit_reads_the_limit_and_says_what_was_left(round_with_ballots, monkeypatch):
    store, meeting, ballots = round_with_ballots
    monkeypatch.setattr(pages, "MAX_PAGES", 3)
    monkeypatch.setattr(pages.Budget, "__init__", _budget_of(3))
    files = [("一.png", ballots[0]), ("二.pdf", H.pdf(4)), ("三.png", ballots[1])]
    read = adjudication.read_upload(store, ACTOR, meeting.round_id, files)
    assert read.ok and read.value["pages"] == 3 and read.value["ballots"] == 1, read.messages
    assert "一次最多读入3页，另有3页没有读（二.pdf2页、三.png1页），请把这些页另外分批上传。" in read.messages


def _budget_of(limit):
    def init(self, pages=limit, read=0, ignored=None):
        self.pages, self.read, self.ignored = pages, read, ignored if ignored is not None else {}
    return init


@pytest.mark.slow
@pytest.mark.parametrize("kind", ["bomb_png", "giant_pdf", "many_pages"])
def test_reading_a_hostile_upload_stays_under_a_gigabyte(tmp_path, kind):
    batch = tmp_path / "batch.pickle"
    batch.write_bytes(pickle.dumps(H.make(kind)))
    code = ("import pickle,sys;from tests import hostile_uploads as h;"
            f"h.read_like_server(pickle.load(open({str(batch)!r},'rb')));"
            "print([l for l in open('/proc/self/status') if l.startswith('VmHWM')][0].split()[1])")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT,
                         env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin", "OMP_NUM_THREADS": "1"})
    assert out.returncode == 0, out.stderr
    assert int(out.stdout.strip()) < 1024 * 1024          # KiB


def test_a_page_is_handed_on_in_grey_whatever_the_image_mode():
    rgb = np.zeros((40, 30, 3), np.uint8)
    rgb[..., 2] = 200
    for mode_image in (Image.fromarray(rgb), Image.fromarray(rgb).convert("P"),
                       Image.fromarray((np.ones((40, 30)) * 60000).astype(np.uint16))):
        buf = io.BytesIO()
        mode_image.save(buf, format="PNG")
        got, _ = each([("x.png", buf.getvalue())])
        assert isinstance(got[0], pages.Page) and got[0].image.dtype == np.uint8 and got[0].image.ndim == 2
