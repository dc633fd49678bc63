import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from reversion.models import Version

from references.models import Kind, Reference
from tests.factories import ReferenceFactory

pytestmark = pytest.mark.django_db

IMPORT_URL = "/admin/references/reference/import/"
CONFIRM_URL = "/admin/references/reference/import/confirm/"

BIBTEX = """\
@article{west2020,
  author = {West, Diana and Marasco, Lisa},
  title = {Milk supply after breast surgery},
  journal = {J Hum Lact},
  year = {2020},
  volume = {36}, number = {2}, pages = {220--228},
  doi = {10.1177/0890334420000001}
}

@article{copyofexisting,
  title = {Already in the library under another key},
  journal = {Acupunct Med}, year = 2002,
  doi = {https://doi.org/10.1136/AIM.20.2-3.107}
}

@book{broken,
  title = {A brace that never closes
  year = 2001,

@book{mohrbacher2020,
  author = {Mohrbacher, Nancy},
  title = {Breastfeeding Answers},
  publisher = {Nancy Mohrbacher Solutions},
  edition = {2nd},
  year = {2020}
}

@article{badyear, title = {A year that is not one}, year = {next spring}}
"""


def upload(client, name, content, **data):
    return client.post(IMPORT_URL, {"file": SimpleUploadedFile(name, content.encode()), **data})


@pytest.fixture
def existing(db):
    return ReferenceFactory(key="jenner2002", doi="10.1136/aim.20.2-3.107")


def test_bibtex_upload_previews_new_duplicate_and_invalid_entries_without_saving(admin_client, existing):
    response = upload(admin_client, "library.bib", BIBTEX)

    assert response.status_code == 200
    preview = response.context["preview"]
    assert [(entry.line, entry.key) for entry in preview.new] == [(1, "west2020"), (20, "mohrbacher2020")]
    assert [(entry.line, entry.key) for entry in preview.duplicates] == [(10, "copyofexisting")]
    assert "jenner2002" in preview.duplicates[0].duplicate_of
    assert [entry.line for entry in preview.invalid] == [16, 28]
    assert "year" in " ".join(preview.invalid[1].errors)
    page = response.content.decode()
    assert "Import 2 new references" in page and "Could not be read as BibTeX" in page
    assert Reference.objects.count() == 1


def test_confirming_the_preview_imports_the_new_entries_as_a_revision(admin_client, existing, admin_user):
    token = upload(admin_client, "library.bib", BIBTEX).context["token"]

    response = admin_client.post(CONFIRM_URL, {"token": token})

    assert response.status_code == 302
    west = Reference.objects.get(key="west2020")
    assert (west.kind, west.authors, west.container_title, west.year, west.pages) == (
        Kind.JOURNAL,
        "West, Diana\nMarasco, Lisa",
        "J Hum Lact",
        2020,
        "220-228",
    )
    assert "West D, Marasco L." in west.formatted_html
    book = Reference.objects.get(key="mohrbacher2020")
    assert (book.kind, book.edition) == (Kind.BOOK, "2nd")
    assert Reference.objects.count() == 3
    version = Version.objects.get_for_object(west).get()
    assert version.revision.user == admin_user
    assert version.revision.get_comment() == "Imported from library.bib."
    messages = [str(message) for message in response.wsgi_request._messages]
    assert "Imported 2 new references from library.bib; 1 duplicate skipped; 2 invalid entries skipped" in messages[0]
    assert admin_client.post(CONFIRM_URL, {"token": token}).status_code == 302  # a second click imports nothing
    assert Reference.objects.count() == 3


RIS = """\
TY  - JOUR
AU  - Jenner, C.
AU  - Filshie, J.
TI  - Galactorrhoea following acupuncture
JO  - Acupunct Med
PY  - 2002
VL  - 20
IS  - 2-3
SP  - 107
EP  - 108
AN  - 12345678
ER  -

TY  - BOOK
TI  - A record with no end

TY  - ELEC
TI  - Low milk supply: a web page
UR  - https://example.org/low-milk
Y2  - 2024-05-01
ER  -
"""


def test_ris_upload_reports_a_record_without_an_end_and_imports_the_rest(admin_client):
    response = upload(admin_client, "export.ris", RIS)

    preview = response.context["preview"]
    assert [entry.line for entry in preview.invalid] == [14]
    assert "no end line" in preview.invalid[0].errors[0]
    assert [entry.key for entry in preview.new] == ["jenner2002", "low"]
    admin_client.post(CONFIRM_URL, {"token": response.context["token"]})
    article = Reference.objects.get(key="jenner2002")
    assert (article.pmid, article.pages, article.container_title) == ("12345678", "107-108", "Acupunct Med")
    web = Reference.objects.get(key="low")
    assert (web.kind, web.url, str(web.accessed)) == (Kind.WEBPAGE, "https://example.org/low-milk", "2024-05-01")


CSL_JSON = """[
  {"id": "hale2019", "type": "book", "title": "Medications and Mothers' Milk",
   "author": [{"family": "Hale", "given": "Thomas W."}], "issued": {"date-parts": [[2019]]},
   "publisher": "Springer"},
  {"id": "pmidtwin", "type": "article-journal", "title": "Same PMID", "PMID": "999"},
  {"id": "notitle", "type": "article-journal"},
  {"id": "cut", "title": "The file is cut here"
"""


def test_csl_json_with_a_syntax_error_keeps_the_items_before_it(admin_client):
    ReferenceFactory(key="other", pmid="999")

    response = upload(admin_client, "items.json", CSL_JSON)

    preview = response.context["preview"]
    assert [(entry.line, entry.key) for entry in preview.new] == [(2, "hale2019")]
    assert [entry.line for entry in preview.duplicates] == [5]
    assert [(entry.line, entry.errors[0][:14]) for entry in preview.invalid] == [
        (6, "title: missing"),
        (8, "Not valid JSON"),
    ]


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("latin1.bib", b"@article{x, title={Caf\xe9}}", "not UTF-8 text (first bad byte on line 1)"),
        ("notes.txt", b"Just some notes.", "Could not tell the file&#x27;s format"),
    ],
)
def test_unreadable_uploads_are_form_errors(admin_client, name, content, message):
    response = admin_client.post(IMPORT_URL, {"file": SimpleUploadedFile(name, content)})
    assert response.status_code == 200
    assert message in response.content.decode()


def test_an_empty_or_missing_file_and_a_stale_confirmation_are_handled(admin_client):
    assert admin_client.post(IMPORT_URL, {}).status_code == 200
    empty = upload(admin_client, "empty.json", "[]")
    assert "nothing new to import" in empty.content.decode()
    stale = admin_client.post(CONFIRM_URL, {"token": "not-the-one"})
    assert stale.status_code == 302 and stale["Location"] == IMPORT_URL


def test_import_needs_permission_to_add_references(client, django_user_model):
    viewer = django_user_model.objects.create_user("viewer", password="pw", is_staff=True)
    client.force_login(viewer)
    assert client.get(IMPORT_URL).status_code == 403
    assert client.post(CONFIRM_URL, {"token": "x"}).status_code == 403
