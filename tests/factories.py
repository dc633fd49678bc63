import datetime

import factory
from django.utils import timezone

from articles.models import Article, Section, Status
from pages.models import ContactMessage, Page, SiteSettings
from references.models import Kind, Reference


class ReferenceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Reference

    key = factory.Sequence(lambda n: f"ref{n}")
    kind = Kind.JOURNAL
    authors = "Jenner, C.\nFilshie, J."
    title = factory.Sequence(lambda n: f"A study of lactation number {n}")
    container_title = "Acupunct Med"
    year = 2002
    volume = "20"
    issue = "2-3"
    pages = "107-8"


class SectionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Section

    title = factory.Sequence(lambda n: f"Section {n}")
    slug = factory.Sequence(lambda n: f"section-{n}")
    intro = "An introduction to this section."
    order = factory.Sequence(lambda n: n)


class ArticleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Article
        skip_postgeneration_save = True

    section = factory.SubFactory(SectionFactory)
    title = factory.Sequence(lambda n: f"Article {n}")
    slug = factory.Sequence(lambda n: f"article-{n}")
    summary = "A short summary for readers."
    body = "## Heading\n\nSome text about making more milk."
    status = Status.PUBLISHED
    publish_at = factory.LazyFunction(lambda: timezone.now() - datetime.timedelta(days=1))
    order = factory.Sequence(lambda n: n)
    authors = "Diana West"
    medical_reviewer = "Dr. A. Reviewer"
    last_reviewed = datetime.date(2025, 3, 14)


class PageFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Page

    title = factory.Sequence(lambda n: f"Page {n}")
    slug = factory.Sequence(lambda n: f"page-{n}")
    body = "Some **markdown** text."


class SiteSettingsFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SiteSettings
        django_get_or_create = ["id"]

    id = 1
    site_name = "Low Milk Supply"
    tagline = "Help for parents making more milk"
    donation_url = "https://example.org/donate/"
    donation_appeal = "Your gift keeps this site free."
    book_title = "Making More Milk"
    book_authors = "Diana West and Lisa Marasco"
    book_blurb = "A practical guide."
    book_url = "https://example.org/book/"
    copyright_holders = "Diana West and Lisa Marasco"
    copyright_start_year = 2005
    contact_email = "editors@example.org"
    disclaimer = "This site does not give medical advice."


class ContactMessageFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ContactMessage

    name = "Sam Parent"
    email = "sam@example.org"
    subject = "A question"
    message = "Hello, I have a question."
