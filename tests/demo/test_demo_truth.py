"""The demo tells the truth: every article cites real references, and no review date is already past."""

import datetime

import pytest
from django.core.management import call_command
from django.utils import timezone

from articles.models import Article
from demo.loading import load_site
from references.models import Reference

pytestmark = pytest.mark.django_db


def test_every_demo_article_cites_references_with_their_bibliographic_fields(client):
    call_command("load_demo")
    articles = list(Article.objects.published())
    assert len(articles) >= 10
    for article in articles:
        assert article.citations.count() >= 2, article.slug
        assert 'class="cite"' in article.body_html, article.slug
    for reference in Reference.objects.filter(citations__isnull=False).distinct():
        assert reference.author_list() and reference.title and reference.year, reference.key
        assert reference.formatted_html.startswith(reference.author_list()[0].split(",")[0]), reference.key
    page = client.get(Article.objects.get(slug="galactagogue-herbs").get_absolute_url()).content.decode()
    assert "Mortel M, Mehta SD. Systematic review of the efficacy of herbal galactogogues." in page


@pytest.mark.parametrize("today", [None, datetime.date(2031, 3, 1)])
def test_review_dates_are_recent_and_the_next_review_still_ahead(today):
    load_site(today=today)
    today = today or timezone.localdate()
    for article in Article.objects.all():
        assert today - datetime.timedelta(days=366) <= article.last_reviewed <= today, article.slug
        assert article.next_review_due > today, article.slug
