"""Fixtures for the browser tests: the built site, served locally, in headless Chromium.

Run after the book is built (`make test` does both, in order). Fixtures:

- ``site_dir`` (session): the folder ``_build/html``. When it is missing the tests are
  skipped, or fail when the environment variable ``REQUIRE_SITE=1`` is set (`make test`).
- ``site_url`` (session): the base URL, e.g. ``http://127.0.0.1:40123/``, of a
  ``http.server`` serving ``site_dir`` on 127.0.0.1, on a free port, in a background thread;
  stopped at the end of the session.
- ``browser`` (session): a headless Chromium driven by Playwright. It uses Debian's
  ``/usr/bin/chromium`` (or the browser named by the environment variable ``CHROMIUM``);
  no ``playwright install`` needed.
- ``browser_page`` (function): a ``PageProbe``: a fresh page (1280x900) that records console
  errors, page errors (uncaught exceptions), failed requests, HTTP errors (status >= 400) and
  any request leaving the local server (which is blocked: the site must work offline).
  ``probe.goto("chapters/x.html")`` opens a page; ``probe.problems()`` waits for the requests
  in flight, then lists what went wrong;
  ``probe.page`` is the Playwright page.
- ``screenshot_dir`` (session): ``_build/screenshots``, where tests keep a picture of each page.

Example::

    def test_slider_changes_the_picture(browser_page):
        page = browser_page.goto("chapters/1_background/what_is_a_neural_network.html")
        ...
        assert browser_page.problems() == []
"""

import os
import pathlib
import shutil

import pytest

ROOT = pathlib.Path(__file__).resolve().parents[2]
SITE = ROOT / "_build" / "html"
SCREENSHOTS = ROOT / "_build" / "screenshots"
CHROMIUM_FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
CHROMIUM_CANDIDATES = ["/usr/bin/chromium", "/usr/bin/chromium-browser", "/snap/bin/chromium"]


@pytest.fixture(scope="session")
def site_dir():
    if not (SITE / "index.html").exists():
        message = "the site is not built: run `make book` (or `make test`, which builds it first)"
        if os.environ.get("REQUIRE_SITE") == "1":
            pytest.fail(message)
        pytest.skip(message)
    return SITE


@pytest.fixture(scope="session")
def site_url(site_dir, serve_directory):
    with serve_directory(site_dir) as url:
        yield url + "/"


def _chromium_path():
    """The Chromium to use: $CHROMIUM, else a system one, else None (Playwright's own)."""
    if os.environ.get("CHROMIUM"):
        return os.environ["CHROMIUM"]
    for candidate in CHROMIUM_CANDIDATES:
        if shutil.which(candidate):
            return candidate
    return None


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import Error, sync_playwright

    executable = _chromium_path()
    with sync_playwright() as playwright:
        try:
            launched = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_FLAGS)
        except Error as error:
            pytest.fail(
                f"could not start Chromium ({executable or 'Playwright bundled'}): {error}\n"
                "Install it: sudo apt-get install chromium (Debian), or set CHROMIUM=/path/to/chromium, "
                "or run .venv/bin/playwright install chromium."
            )
        try:
            yield launched
        finally:
            launched.close()


@pytest.fixture(scope="session")
def screenshot_dir():
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    return SCREENSHOTS


class PageProbe:
    """A browser page that remembers everything that went wrong while it was used."""

    def __init__(self, page, base_url):
        self.page = page
        self.base_url = base_url
        self.console_errors = []
        self.page_errors = []
        self.failed_requests = []
        self.http_errors = []
        self.external_requests = []
        self.in_flight = set()  # requests sent and not yet finished or failed
        page.on("console", self._on_console)
        page.on("pageerror", lambda error: self.page_errors.append(str(error)))
        page.on("request", lambda request: self.in_flight.add(request))
        page.on("requestfinished", lambda request: self.in_flight.discard(request))
        page.on("requestfailed", self._on_request_failed)
        page.on("response", self._on_response)
        page.route("**/*", self._route)

    def _on_console(self, message):
        if message.type == "error":
            where = message.location.get("url", "") if message.location else ""
            self.console_errors.append(f"{message.text} ({where})")

    def _on_request_failed(self, request):
        self.in_flight.discard(request)
        if not request.url.startswith(self.base_url):
            return  # counted as an external request already
        self.failed_requests.append(f"{request.url}: {request.failure}")

    def _on_response(self, response):
        if response.status >= 400:
            self.http_errors.append(f"{response.status} {response.url}")

    def _route(self, route):
        url = route.request.url
        if url.startswith(self.base_url) or url.startswith(("data:", "blob:", "about:")):
            route.continue_()
        else:
            self.external_requests.append(url)
            route.abort()

    def goto(self, path, wait_until="load"):
        """Open ``path`` (relative to the site root) and return the Playwright page."""
        response = self.page.goto(self.base_url + path, wait_until=wait_until)
        if response is None or response.status != 200:
            self.http_errors.append(f"{response.status if response else 'no response'} {path}")
        return self.page

    def settle(self, timeout_ms=30_000):
        """Wait until every request the page has sent so far has finished or failed.

        Cheaper than Playwright's "networkidle" (which always waits half a second of quiet)
        and as strict for what the tests ask: a request still loading counts once it ends.
        """
        waited = 0
        while self.in_flight and waited < timeout_ms:
            self.page.wait_for_timeout(20)  # lets Playwright deliver the pending events
            waited += 20
        if self.in_flight:
            urls = sorted(request.url for request in self.in_flight)
            self.failed_requests += [f"{url}: still loading after {timeout_ms} ms" for url in urls]

    def problems(self):
        """Everything that went wrong, as readable lines (empty when all is well), once the
        requests in flight have settled."""
        self.settle()
        lines = []
        lines += [f"console error: {e}" for e in self.console_errors]
        lines += [f"page error: {e}" for e in self.page_errors]
        lines += [f"failed request: {e}" for e in self.failed_requests]
        lines += [f"HTTP error: {e}" for e in self.http_errors]
        lines += [f"external request (the site must work offline): {e}" for e in self.external_requests]
        return lines


@pytest.fixture
def browser_page(browser, site_url):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(30_000)
    try:
        yield PageProbe(page, site_url)
    finally:
        context.close()
