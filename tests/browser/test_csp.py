"""The admin, the markdownx editor and public pages work in a real browser under the strict policy.

Chromium reports every blocked inline script or style as a CSP violation; there must be none, and the
admin's JavaScript (markdownx live preview, select2 autocomplete, date shortcuts) must actually run.
Runs with `make test-browser` (the browser conftest supplies Chromium and the `page` fixture).
"""

import pytest
from django.contrib.auth.models import User

from tests.factories import ArticleFactory, PageFactory, ReferenceFactory, SiteSettingsFactory

RECORD_VIOLATIONS = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  const blocked = event.blockedURI || "inline";
  window.__cspViolations.push(`${event.violatedDirective} blocked ${blocked} in ${event.sourceFile}`);
});
"""


@pytest.fixture
def browser_page(page):
    """The browser page, recording CSP violations and console messages."""
    page.add_init_script(RECORD_VIOLATIONS)
    console = []
    page.on("console", lambda message: console.append(message.text))
    return page, console


def violations(page, console):
    recorded = page.evaluate("window.__cspViolations || []")
    return recorded + [text for text in console if "Content Security Policy" in text]


@pytest.fixture
def content(transactional_db):
    SiteSettingsFactory()
    ReferenceFactory(key="clavey1996", title="The use of acupuncture for the treatment of insufficient lactation")
    article = ArticleFactory(body="## Pumping\n\nPower pumping helps [@clavey1996].")
    PageFactory(slug="contact", title="Contact Us", nav_order=1)
    User.objects.create_superuser("editor", "editor@example.org", "a long test password")
    return article


def test_admin_and_markdownx_editor_work_under_the_policy(browser_page, live_server, content):
    page, console = browser_page
    page.goto(f"{live_server.url}/admin/login/")
    page.fill("#id_username", "editor")
    page.fill("#id_password", "a long test password")
    page.click("input[type=submit]")
    page.wait_for_url(f"{live_server.url}/admin/")
    assert violations(page, console) == []

    page.goto(f"{live_server.url}/admin/articles/article/{content.pk}/change/")
    page.fill("#id_body", "**Bold** text citing [@clavey1996].")
    preview = page.locator(".markdownx-preview")
    preview.locator("strong").wait_for()  # the live preview's request went out and came back
    assert "acupuncture" in preview.inner_text()
    assert page.locator(".select2-container").count() > 0  # autocomplete for related articles
    assert page.locator(".datetimeshortcuts").count() > 0  # the admin's date widgets
    assert violations(page, console) == []

    for path in ["/admin/articles/article/", "/admin/references/reference/add/", "/admin/pages/sitesettings/1/change/"]:
        page.goto(live_server.url + path)
        assert violations(page, console) == [], path


def test_public_pages_have_no_violations(browser_page, live_server, content):
    page, console = browser_page
    for path in ["/", "/articles/", content.get_absolute_url(), "/references/", "/contact/"]:
        response = page.goto(live_server.url + path)
        assert response.status == 200, path
        assert "script-src 'self'" in response.headers["content-security-policy"]
        assert violations(page, console) == [], path
