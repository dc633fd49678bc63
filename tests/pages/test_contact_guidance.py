"""The contact form guides as GOV.UK's forms do."""

import re

import pytest

pytestmark = pytest.mark.django_db


def test_an_empty_message_gets_a_focused_summary_that_says_what_to_do(client, site_settings):
    content = client.post(
        "/contact/", {"name": "", "email": "sam.example.org", "subject": "", "message": ""}
    ).content.decode()
    summary = re.search(r'<div class="error-summary".*?</ul>', content, re.DOTALL).group(0)
    assert 'tabindex="-1" autofocus' in summary
    assert '<a href="#id_name">Enter your name</a>' in summary
    assert '<a href="#id_email">Enter an email address in the correct format, like name@example.com</a>' in summary
    assert '<a href="#id_subject">Enter a subject</a>' in summary
    assert '<a href="#id_message">Enter your message</a>' in summary
    assert "This field is required" not in content
    assert "<title>Error: Contact Us" in content


def test_name_and_email_say_what_they_hold(client, site_settings):
    content = client.get("/contact/").content.decode()
    assert re.search(r'<input type="text" name="name" autocomplete="name"', content)
    assert re.search(r'<input type="email" name="email" autocomplete="email"', content)
