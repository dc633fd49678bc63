"""Races decided by the database: threads post the same form at the same instant.

They need a database server that runs transactions side by side: on PostgreSQL (the production database)
they race for real. SQLite runs one writer at a time, so the same races cannot happen there; the suite's
SQLite leg skips this module and the PostgreSQL leg (DATABASE_URL=postgres://...) runs it.
"""

import threading

import pytest
from django.db import connection
from django.test import Client

from consultants.models import Language, Listing
from tests.admin_forms import change_form_data
from tests.consultants.factories import ListingFactory
from tests.consultants.test_submit_view import URL as SUBMIT_URL
from tests.consultants.test_submit_view import submission
from tests.factories import ArticleFactory, PageFactory, ReferenceFactory, SectionFactory, SiteSettingsFactory

pytestmark = [
    pytest.mark.django_db(transaction=True, serialized_rollback=True),  # data migrations' rows come back
    pytest.mark.skipif(connection.vendor != "postgresql", reason="needs concurrent transactions (PostgreSQL)"),
]


def at_once(*calls):
    """Run each call in its own thread, released together; return their results in order."""
    barrier = threading.Barrier(len(calls))
    results = [None] * len(calls)

    def run(index, call):
        try:
            barrier.wait()
            results[index] = call()
        except Exception as error:  # reported by the assertion below, with the error itself
            results[index] = error
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(index, call)) for index, call in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    return results


def test_simultaneous_identical_listing_submissions_never_500(site_settings, settings):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "listing": "1000/h"}
    english, _ = Language.objects.get_or_create(code="en", defaults={"name": "English"})
    data = submission(languages=[str(english.pk)])
    clients = [Client() for _ in range(8)]

    responses = at_once(*[lambda client=client: client.post(SUBMIT_URL, data) for client in clients])

    assert [getattr(response, "status_code", response) for response in responses] == [302] * 8
    slugs = list(Listing.objects.values_list("slug", flat=True))
    assert len(slugs) == 8 and len(set(slugs)) == 8


@pytest.fixture
def two_editors(django_user_model):
    clients = []
    for name in ("erin", "frank"):
        client = Client()
        client.force_login(django_user_model.objects.create_superuser(name, f"{name}@example.org", "pw"))
        clients.append(client)
    return clients


RECORDS = {
    "article": (ArticleFactory, "/admin/articles/article/{}/change/", "title"),
    "section": (SectionFactory, "/admin/articles/section/{}/change/", "title"),
    "page": (PageFactory, "/admin/pages/page/{}/change/", "title"),
    "reference": (ReferenceFactory, "/admin/references/reference/{}/change/", "title"),
    "listing": (ListingFactory, "/admin/consultants/listing/{}/change/", "name"),
    "site settings": (SiteSettingsFactory, "/admin/pages/sitesettings/{}/change/", "site_name"),
}


@pytest.mark.parametrize("kind", RECORDS)
def test_two_editors_saving_one_record_at_the_same_instant_one_is_refused(two_editors, site_settings, kind):
    factory, url_pattern, field = RECORDS[kind]
    record = site_settings if kind == "site settings" else factory()
    url = url_pattern.format(record.pk)
    erin, frank = two_editors
    forms = [erin.get(url), frank.get(url)]  # both open the record
    assert forms[0].status_code == 200

    responses = at_once(
        lambda: erin.post(url, change_form_data(forms[0], **{field: "Erin's version"})),
        lambda: frank.post(url, change_form_data(forms[1], **{field: "Frank's version"})),
    )

    statuses = sorted(getattr(response, "status_code", response) for response in responses)
    assert statuses == [200, 302], responses  # one saved, the other refused with the form still filled in
    refused = next(response for response in responses if response.status_code == 200)
    assert "your changes have not been saved" in refused.content.decode()
    record.refresh_from_db()
    saved = next(response for response in responses if response.status_code == 302)
    assert getattr(record, field) == ("Erin's version" if saved is responses[0] else "Frank's version")
