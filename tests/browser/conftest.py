"""Real-browser tests: Playwright for Python driving Debian's Chromium against pytest-django's live server.

Run with `make test-browser`; `make test` leaves them out (-m "not browser").
"""

import io
import os
from pathlib import Path

import pytest
from django.core.management import call_command

# Playwright's sync API runs an event loop in this thread; Django's ORM calls from the test itself are safe here.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update"]
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
PHONE = {"width": 360, "height": 740}
TABLET = {"width": 768, "height": 1024}
DESKTOP = {"width": 1280, "height": 900}


def pytest_collection_modifyitems(items):
    for item in items:
        if Path(str(item.fspath)).parent == Path(__file__).parent:
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def browser():
    if not CHROMIUM.exists():
        pytest.fail("Debian's Chromium is missing: run `apt-get install -y chromium` (CI installs it in .ci/run).")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def site(transactional_db, live_server):
    """The live server's address, serving the demo content."""
    call_command("load_demo", stdout=io.StringIO())
    return live_server.url


def _new_page(browser, viewport, **options):
    context = browser.new_context(viewport=viewport, **options)
    page = context.new_page()
    page.set_default_timeout(10_000)
    return context, page


@pytest.fixture
def page(browser):
    context, page = _new_page(browser, DESKTOP)
    yield page
    context.close()


@pytest.fixture
def phone(browser):
    context, page = _new_page(browser, PHONE, has_touch=True, is_mobile=True)
    yield page
    context.close()


@pytest.fixture
def open_page(browser):
    """Open pages with other settings: open_page(viewport, **context_options) -> Page."""
    contexts = []

    def opener(viewport=DESKTOP, **options):
        context, page = _new_page(browser, viewport, **options)
        contexts.append(context)
        return page

    yield opener
    for context in contexts:
        context.close()


@pytest.fixture(scope="session")
def artifacts():
    (ARTIFACTS / "screenshots").mkdir(parents=True, exist_ok=True)
    return ARTIFACTS
