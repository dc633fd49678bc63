import datetime

import pytest
import rispy

from references import importing
from references.models import Kind
from tests.factories import ReferenceFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def library(db):
    return [
        ReferenceFactory(key="jenner2002", doi="10.1136/aim.20.2-3.107", pmid="12216603"),
        ReferenceFactory(
            key="hale2019", kind=Kind.BOOK, authors="Hale, Thomas W.", title="Medications {and} Mothers' Milk",
            container_title="", publisher="Springer", edition="18th", volume="", issue="", pages="", year=2019,
        ),
        ReferenceFactory(
            key="lms-web", kind=Kind.WEBPAGE, authors="", title="Low milk supply", container_title="LMS",
            url="https://example.org/", accessed=datetime.date(2024, 5, 1), volume="", issue="", pages="",
        ),
    ]  # fmt: skip


def test_exported_bibtex_imports_back_as_duplicates_of_the_whole_library(admin_client, library):
    response = admin_client.get("/admin/references/reference/export/?format=bibtex")

    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="references.bib"'
    text = response.content.decode()
    assert "@article{jenner2002," in text and "@book{hale2019," in text
    preview = importing.preview_import(text, importing.BIBTEX)
    assert not preview.invalid and not preview.new
    assert sorted(entry.key for entry in preview.duplicates) == ["hale2019", "jenner2002", "lms-web"]
    hale = next(entry for entry in importing.read_entries(text, importing.BIBTEX) if entry.key == "hale2019")
    assert (hale.fields["kind"], hale.fields["edition"], hale.fields["authors"]) == (
        Kind.BOOK,
        "18th",
        "Hale, Thomas W.",
    )


def test_selected_references_export_as_ris(admin_client, library):
    response = admin_client.post(
        "/admin/references/reference/", {"action": "export_ris", "_selected_action": [library[0].pk, library[2].pk]}
    )

    assert response.status_code == 200
    records = rispy.loads(response.content.decode())
    assert [(record["type_of_reference"], record["id"]) for record in records] == [
        ("JOUR", "jenner2002"),
        ("ELEC", "lms-web"),
    ]
    assert records[0]["doi"] == "10.1136/aim.20.2-3.107"
    assert records[1]["urls"] == ["https://example.org/"]


def test_an_unknown_export_format_falls_back_to_bibtex(admin_client, library):
    response = admin_client.get("/admin/references/reference/export/?format=<script>")
    assert response.status_code == 200
    assert response["Content-Disposition"].endswith('"references.bib"')
