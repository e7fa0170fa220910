"""The sign-in desk by keyboard: a 50-member branch signed in through headless Chromium.

    python bench/signin_desk.py               # 250 ms latency on every request to the desk
    python bench/signin_desk.py --latency 600

Two passes over the roster of tests/signin_support.py (48 with the vote, 2 预备党员):
1. names typed in full and Enter at once, as fast as a person types;
2. (after resetting) the fewest keys: 拼音 initials typed one letter at a time until the
   member is the highlighted card, then Enter.
Prints wrong persons (signed in but not meant, or meant but not signed in) and keys per
sign-in for each pass.  Figures only: nothing here asserts on time.
"""
from __future__ import annotations

import argparse
import logging
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from playwright.sync_api import expect  # noqa: E402

from tests.browser_support import live_app, offline_page  # noqa: E402
from tests.signin_support import NAMES, build_desk_meeting, present_names  # noqa: E402
from votekit.service.signin import initials  # noqa: E402
from votekit.web import create_app  # noqa: E402


class Latency:
    def __init__(self, app, ms: int):
        self.app, self.ms = app, ms

    def __call__(self, environ, start_response):
        if "/signin" in environ.get("PATH_INFO", ""):
            time.sleep(self.ms / 1000)
        return self.app(environ, start_response)


def desk(tmp: Path, latency: int):
    db = tmp / "desk.sqlite3"
    meeting_id = build_desk_meeting(db)
    app = create_app({"DATABASE": str(db), "SECRET_KEY": "bench"})
    app.wsgi_app = Latency(app.wsgi_app, latency)
    return app, db, meeting_id


def by_full_name(page) -> list[int]:
    keys = []
    search = page.locator("#search")
    for name in NAMES:
        search.press_sequentially(name, delay=40)
        search.press("Enter")
        keys.append(len(name) + 1)
    return keys


def by_initials(page) -> list[int]:
    keys = []
    search = page.locator("#search")
    for name in NAMES:
        code = initials(name)
        typed = ""
        for letter in code:
            typed += letter
            search.press(letter)
            if page.locator("#results .member.highlighted").get_attribute("data-name") == name:
                break
        else:   # initials alone do not single the member out: type the name instead
            search.fill("")
            search.press_sequentially(name)
            typed = name
        search.press("Enter")
        keys.append(len(typed) + 1)
    return keys


def run(latency: int) -> dict:
    figures = {}
    for label, method in (("full names", by_full_name), ("pinyin initials", by_initials)):
        with tempfile.TemporaryDirectory() as folder:
            app, db, meeting_id = desk(Path(folder), latency)
            with live_app(app) as url, offline_page() as page:
                page.goto(f"{url}/m/{meeting_id}/signin")
                expect(page.locator("#results .member")).to_have_count(len(NAMES))
                started = time.perf_counter()
                keys = method(page)
                expect(page.locator("#present-count")).to_have_text(str(len(NAMES) - 2), timeout=60000)
                elapsed = time.perf_counter() - started
            signed = set(present_names(db, meeting_id))
            wrong = len(signed ^ set(NAMES))
            figures[label] = {"sign_ins": len(NAMES), "wrong_persons": wrong,
                              "keys_mean": statistics.mean(keys), "keys_max": max(keys),
                              "seconds": elapsed}
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--latency", type=int, default=250, help="ms added to each desk request")
    args = parser.parse_args()
    logging.getLogger("werkzeug").setLevel(logging.ERROR)
    for label, f in run(args.latency).items():
        print(f"{label:16s} {f['sign_ins']} sign-ins, wrong persons {f['wrong_persons']}, "
              f"keys per sign-in {f['keys_mean']:.2f} (max {f['keys_max']}), "
              f"{f['seconds']:.1f} s at {args.latency} ms latency")


if __name__ == "__main__":
    main()
