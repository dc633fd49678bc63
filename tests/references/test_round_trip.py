"""Every reference export format imports back, through the admin, to the same records."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from references.models import Kind, Reference
from tests.factories import ReferenceFactory

pytestmark = pytest.mark.django_db

COMPARED = [
    "key", "kind", "authors", "editors", "title", "container_title", "publisher", "publisher_place", "edition",
    "degree", "year", "volume", "issue", "pages", "doi", "pmid", "url", "accessed", "note",
]  # fmt: skip
FORMATS = {"bibtex": "references.bib", "ris": "references.ris", "csl-json": "references.json"}


@pytest.fixture
def library(db):
    blank = {"container_title": "", "volume": "", "issue": "", "pages": ""}
    return [
        ReferenceFactory(
            key="garcia2020", authors="García, María\nChen, Li\nHall-Lord, Marie Louise\nÅström, Örjan",
            title="Galactagogues & milk supply: 50% of mothers in a ~randomised trial", year=2020,
            container_title="J Hum Lact", volume="36", issue="4", pages="e123-e130", doi="10.1177/0890334420(9)1-x",
            pmid="32100001", note="Erratum in: J Hum Lact 2021",
        ),
        ReferenceFactory(
            key="van-der-berg2011", authors="van der Berg, Anna\nSmith, John, Jr.", title="Pumping, again",
            year=2011, pages="107-8",
        ),
        ReferenceFactory(
            key="who2003", kind=Kind.BOOK, authors="World Health Organization", title="Infant feeding strategy",
            publisher="WHO", publisher_place="Genève", edition="2nd", year=2003, **blank,
        ),
        ReferenceFactory(
            key="hale-chapter", kind=Kind.CHAPTER, authors="Hale, Thomas W.", editors="Walker, Marsha\nO'Neill, Kate",
            title="Drugs in milk", container_title="Core Curriculum", publisher="Jones & Bartlett", year=2019,
            volume="", issue="", pages="35-45",
        ),
        ReferenceFactory(
            key="nedkova1995", kind=Kind.THESIS, authors="Nedkova, Vesela", title="Лактация и акупунктура",
            degree="Master's thesis", publisher="Medical University, Sofia", year=1995, **blank,
        ),
        ReferenceFactory(
            key="lms-web", kind=Kind.WEBPAGE, authors="", title="Low milk supply", container_title="LowMilkSupply.org",
            url="https://example.org/~lms/a_b?x=1%202", accessed=datetime.date(2024, 5, 1), year=None, **{
                k: v for k, v in blank.items() if k != "container_title"},
        ),
    ]  # fmt: skip


def snapshot():
    return [{name: getattr(ref, name) for name in COMPARED} for ref in Reference.objects.order_by("key")]


def reimport(client, text, filename):
    upload = SimpleUploadedFile(filename, text.encode())
    preview = client.post(reverse("admin:references_reference_import"), {"file": upload, "format": ""})
    assert preview.status_code == 200
    assert not preview.context["preview"].invalid, [e.errors for e in preview.context["preview"].invalid]
    confirmed = client.post(reverse("admin:references_reference_import_confirm"), {"token": preview.context["token"]})
    assert confirmed.status_code == 302


@pytest.mark.parametrize("export_format", FORMATS)
def test_an_export_imports_back_to_the_same_records(editor_client, library, export_format):
    before = snapshot()
    response = editor_client.get(reverse("admin:references_reference_export"), {"format": export_format})
    assert response["Content-Disposition"] == f'attachment; filename="{FORMATS[export_format]}"'

    Reference.objects.all().delete()
    reimport(editor_client, response.content.decode(), FORMATS[export_format])

    assert snapshot() == before


def test_bibtex_lists_authors_as_names_joined_by_and(editor_client, library):
    text = editor_client.get(reverse("admin:references_reference_export"), {"format": "bibtex"}).content.decode()

    assert "author = {García, María and Chen, Li and Hall-Lord, Marie Louise and Åström, Örjan}" in text
    assert "author = {{World Health Organization}}" in text
    assert "{{" not in text.replace("{{World Health Organization}}", "")
