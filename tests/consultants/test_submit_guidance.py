"""The listing form guides as GOV.UK's forms do: a focused error summary, messages that say what to do,
and autocomplete on the personal fields."""

import re

import pytest
from django.urls import reverse

from consultants.models import Language
from tests.consultants.test_submit_view import submission

pytestmark = pytest.mark.django_db

URL = reverse("consultants:submit")


@pytest.fixture
def english(db):
    return Language.objects.get(code="en")


def test_an_empty_submission_gets_a_focused_summary_of_specific_messages(client, site_settings, english):
    response = client.post(URL, submission(name="", email="", city="", languages=[], office_visits="", telehealth=""))
    content = response.content.decode()
    summary = re.search(r'<div class="error-summary".*?</ul>', content, re.DOTALL).group(0)
    assert 'tabindex="-1" autofocus' in summary
    assert '<a href="#id_name">Enter your name</a>' in summary
    assert '<a href="#id_email">Enter your email address</a>' in summary
    assert '<a href="#id_city">Enter your town or city</a>' in summary
    assert '<a href="#id_languages_0">Select at least one language you consult in</a>' in summary
    assert "Select at least one way you see clients" in summary
    assert "This field is required" not in content
    assert "<title>Error: " in content
    # Each field names its message, so a screen reader reads it with the field.
    assert re.search(r'<input type="text" name="name"[^>]*aria-describedby="[^"]*id_name_error"', content)
    assert 'id="id_name_error"' in content


def test_a_badly_formed_email_says_how_to_write_it(client, site_settings, english):
    content = client.post(URL, submission(languages=[str(english.pk)], email="nadia.example.org")).content.decode()
    assert "Enter an email address in the correct format, like name@example.com" in content


def test_personal_fields_say_what_they_hold(client, site_settings):
    content = client.get(URL).content.decode()
    for name, purpose in [
        ("name", "name"),
        ("practice_name", "organization"),
        ("email", "email"),
        ("phone", "tel"),
        ("website_url", "url"),
        ("address", "street-address"),
        ("city", "address-level2"),
        ("region", "address-level1"),
        ("postcode", "postal-code"),
        ("country", "country"),
    ]:
        assert re.search(
            rf'name="{name}"[^>]*autocomplete="{purpose}"|autocomplete="{purpose}"[^>]*name="{name}"', content
        ), name
