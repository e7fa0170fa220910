"""Shared by the meeting-day screen tests: an offline Chromium page of a given size (touch or
not), screenshots kept when VOTEKIT_SHOTS names a folder, and 'is it on screen'."""
import os
from contextlib import contextmanager
from pathlib import Path

from playwright.sync_api import sync_playwright

from tests.browser_support import CHROMIUM, CHROMIUM_ARGS

SHOTS = os.environ.get("VOTEKIT_SHOTS")
SIZES = {"laptop": (1366, 768), "tablet": (768, 1024)}


LOCAL = ("http://127.0.0.1", "http://127.0.0.2")   # 127.0.0.2: 'a tablet on the LAN' (not the laptop)


def only_local(context, offsite):
    context.route("**/*", lambda route: route.continue_() if route.request.url.startswith(LOCAL)
                  else (offsite.append(route.request.url), route.abort()))


@contextmanager
def laptop_and_lan(app):
    """The app served twice on one port: at 127.0.0.1 (the laptop itself, the secretary) and at
    127.0.0.2, where every request arrives as from a tablet at 192.0.2.50 (the kernel would give
    it 127.0.0.1 as source).  Yields (laptop URL, LAN URL)."""
    import threading

    from werkzeug.serving import make_server

    def from_a_tablet(environ, start_response):
        environ["REMOTE_ADDR"] = "192.0.2.50"
        return app(environ, start_response)
    lan = make_server("127.0.0.2", 0, from_a_tablet, threaded=True)
    laptop = make_server("127.0.0.1", lan.server_port, app, threaded=True)
    threads = [threading.Thread(target=s.serve_forever, daemon=True) for s in (lan, laptop)]
    for t in threads:
        t.start()
    try:
        yield f"http://127.0.0.1:{lan.server_port}", f"http://127.0.0.2:{lan.server_port}"
    finally:
        for s in (lan, laptop):
            s.shutdown()
        for t in threads:
            t.join()


@contextmanager
def sized_browser():
    """A browser whose contexts are refused everything but the local server; yields new_page(size, touch)."""
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        offsite = []

        def new_page(size, touch=True):
            width, height = SIZES.get(size, size)
            context = browser.new_context(viewport={"width": width, "height": height}, has_touch=touch,
                                          is_mobile=touch and width < 1000)
            only_local(context, offsite)
            return context.new_page()
        yield new_page
        browser.close()
        assert offsite == [], f"the app fetched from outside: {offsite}"


@contextmanager
def touch_page(size, touch=True):
    with sized_browser() as new_page:
        yield new_page(size, touch)


def shot(page, name):
    if SHOTS:
        page.screenshot(path=str(Path(SHOTS) / f"{name}.png"))


def in_viewport(page, selector):
    box = page.locator(selector).bounding_box()
    view = page.viewport_size
    return box is not None and box["y"] >= 0 and box["y"] + box["height"] <= view["height"] \
        and box["x"] >= 0 and box["x"] + box["width"] <= view["width"]
