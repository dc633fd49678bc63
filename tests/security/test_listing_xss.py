"""The XSS corpus through consultant listings (every field a submitter or an import can fill) and the
listing submission form: nothing executable reaches the profile, the search results or the map data."""

import pytest
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from consultants.forms import ListingSubmissionForm
from consultants.models import Credential, Listing
from tests.consultants.factories import ListingFactory
from tests.security.xss import XSS_PAYLOADS, executable_parts

pytestmark = pytest.mark.django_db

LISTING_TEXT_FIELDS = ["name", "practice_name", "about", "telehealth_area", "areas_served", "phone", "address",
                       "city", "region", "postcode"]  # fmt: skip


def fitted(payload, model, name):
    return payload[: model._meta.get_field(name).max_length]


@pytest.mark.parametrize("payload", XSS_PAYLOADS)
def test_payload_in_every_listing_field_never_becomes_executable(client, site_settings, payload):
    listing = ListingFactory(
        website_url="javascript:alert(1)", **{name: fitted(payload, Listing, name) for name in LISTING_TEXT_FIELDS}
    )
    Credential.objects.filter(listing=listing).update(number=fitted(payload, Credential, "number"))

    for url in [listing.get_absolute_url(), "/consultants/?lat=42.377&lng=-71.1256&radius=25&unit=mi"]:
        response = client.get(url)
        assert response.status_code == 200, url
        assert executable_parts(response.content.decode()) == [], url


def test_hostile_listing_submissions_never_give_a_500_or_reflect_unescaped(client, site_settings, settings):
    settings.RATE_LIMITS = {}
    names = [*ListingSubmissionForm.base_fields, "credentials-TOTAL_FORMS", "credentials-INITIAL_FORMS",
             "credentials-0-kind", "credentials-0-number", "credentials-0-expires"]  # fmt: skip
    values = st.sampled_from(XSS_PAYLOADS) | st.text(st.characters(exclude_categories=["Cs"]), max_size=40)
    values = values | st.sampled_from(["-1", "99999999999", "1e9", "x" * 3000, "0"])

    @hypothesis_settings(
        max_examples=40, deadline=None, database=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
    )
    @given(data=st.dictionaries(st.sampled_from(names), values, max_size=len(names)))
    def check(data):
        response = client.post("/consultants/submit/", data)
        assert response.status_code in {200, 302, 400}, response.status_code
        html = response.content.decode()
        assert executable_parts(html) == []
        for value in data.values():
            if value in XSS_PAYLOADS and "<" in value:
                assert value not in html

    check()
