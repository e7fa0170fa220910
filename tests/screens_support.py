"""Shared by the meeting-day screen tests: an offline Chromium page of a given size (touch or
not), screenshots kept when VOTEKIT_SHOTS names a folder, and 'is it on screen'."""
import os
from contextlib import contextmanager
from pathlib import Path

from playwright.sync_api import sync_playwright

from tests.browser_support import CHROMIUM, CHROMIUM_ARGS

SHOTS = os.environ.get("VOTEKIT_SHOTS")
SIZES = {"laptop": (1366, 768), "tablet": (768, 1024)}


def only_local(context, offsite):
    context.route("**/*", lambda route: route.continue_() if route.request.url.startswith("http://127.0.0.1")
                  else (offsite.append(route.request.url), route.abort()))


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
