import datetime
from io import StringIO

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from consultants.models import Credential, Listing, Status
from demo.listings import load_demo_listings
from tests.consultants.factories import ListingFactory

pytestmark = pytest.mark.django_db


def run(*args):
    out = StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()


def test_expire_listings_expires_overdue_and_reminds_once(site_settings):
    today = timezone.localdate()
    overdue = ListingFactory(renewal_due=today - datetime.timedelta(days=1))
    due = ListingFactory(renewal_due=today + datetime.timedelta(days=20))
    later = ListingFactory(renewal_due=today + datetime.timedelta(days=60))

    assert "Expired 1 listing(s); sent 1 renewal reminder(s)." in run("expire_listings")
    overdue.refresh_from_db()
    assert overdue.status == Status.EXPIRED
    assert [message.to for message in mail.outbox] == [[due.email]]
    assert "/consultants/submit/" in mail.outbox[0].body

    # Safe to run again (cron): nothing more happens.
    assert "Expired 0 listing(s); sent 0 renewal reminder(s)." in run("expire_listings")
    assert len(mail.outbox) == 1
    later.refresh_from_db()
    assert later.status == Status.PUBLISHED


def test_a_renewed_listing_gets_a_reminder_again_next_year(site_settings):
    today = timezone.localdate()
    listing = ListingFactory(renewal_due=today + datetime.timedelta(days=20))
    run("expire_listings")
    listing.renewal_due = today + datetime.timedelta(days=385)
    listing.save()
    run("expire_listings", "--today", (today + datetime.timedelta(days=370)).isoformat())
    assert len(mail.outbox) == 2


def test_generate_consultants_is_deterministic():
    run("generate_consultants", "30", "--seed", "7")
    first = list(Listing.objects.order_by("slug").values_list("name", "latitude", "country"))
    Listing.objects.all().delete()
    run("generate_consultants", "30", "--seed", "7")
    assert list(Listing.objects.order_by("slug").values_list("name", "latitude", "country")) == first
    assert Credential.objects.count() >= 30
    assert Listing.objects.published().exists()


def test_demo_listings_load_idempotently():
    load_demo_listings()
    load_demo_listings()
    published = Listing.objects.published()
    assert published.count() == 40
    assert published.values("country").distinct().count() >= 6
    assert not published.filter(latitude__isnull=True).exists()
