"""Forms that guide (GOV.UK's pattern) in Chromium: the error summary takes focus on the first screen, its
links lead to the fields, the messages say what to do."""

import pytest
from playwright.sync_api import expect

from consultants.models import Language
from tests.browser.conftest import DESKTOP, PHONE
from tests.browser.test_accessibility import violations

pytestmark = pytest.mark.browser


def summary_has_focus_on_the_first_screen(page, viewport):
    summary = page.locator(".error-summary")
    expect(summary).to_be_focused()
    box = summary.bounding_box()
    assert 0 <= box["y"] < viewport["height"] / 2
    return summary


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["360", "1280"])
def test_contact_form_errors_take_focus_and_say_what_to_do(open_page, site, viewport):
    page = open_page(viewport=viewport)
    page.goto(site + "/contact/")
    page.get_by_label("Your email address").fill("sam.example.org")
    page.get_by_role("button", name="Send message").click()
    summary = summary_has_focus_on_the_first_screen(page, viewport)
    expect(summary).to_contain_text("Enter your name")
    expect(summary).to_contain_text("Enter an email address in the correct format, like name@example.com")
    assert page.title().startswith("Error: ")
    assert violations(page) == []

    summary.get_by_role("link", name="Enter an email address in the correct format").click()
    email = page.get_by_label("Your email address")
    expect(email).to_be_focused()
    expect(page.get_by_text("Your email address", exact=True)).to_be_in_viewport()
    assert email.input_value() == "sam.example.org"


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["360", "1280"])
def test_listing_submission_errors_take_focus_and_say_what_to_do(open_page, site, viewport):
    Language.objects.get_or_create(code="en", defaults={"name": "English"})  # flushed by earlier browser tests
    page = open_page(viewport=viewport)
    page.goto(site + "/consultants/submit/")
    assert page.get_by_label("Your name").get_attribute("autocomplete") == "name"
    page.get_by_role("button", name="Send for moderation").click()
    summary = summary_has_focus_on_the_first_screen(page, viewport)
    for message in [
        "Enter your name",
        "Enter your email address",
        "Enter your town or city",
        "Give at least one credential",
    ]:
        expect(summary).to_contain_text(message)
    assert violations(page) == []
    summary.get_by_role("link", name="Select at least one language you consult in").click()
    expect(page.locator("#id_languages_0")).to_be_focused()
