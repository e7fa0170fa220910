"""Headless Chromium for the browser tests: Debian's /usr/bin/chromium, offline."""
from contextlib import contextmanager

from playwright.sync_api import sync_playwright

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--no-first-run", "--disable-sync"]


@contextmanager
def offline_page():
    """A page whose every request outside the local server is refused, and then reported."""
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        context = browser.new_context(viewport={"width": 1280, "height": 900})
        offsite = []
        context.route("**/*", lambda route: route.continue_() if route.request.url.startswith("http://127.0.0.1")
                      else (offsite.append(route.request.url), route.abort()))
        yield context.new_page()
        browser.close()
        assert offsite == [], f"the app fetched from outside: {offsite}"
