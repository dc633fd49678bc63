import pytest
from django.core.management import CommandError, call_command

from references.models import Reference
from tests.factories import ReferenceFactory

pytestmark = pytest.mark.django_db

BIBTEX = """\
@article{first, title = {First}, journal = {J One}, year = 2001}
@article{second, title = {Second}, journal = {J Two}, year = 2002, doi = {10.1/taken}}
@article{third, title = {Third}, year = {soon}}
@book{fourth, title = {Fourth}, publisher = {P}, year = 2004}
"""


@pytest.fixture
def bib_file(tmp_path):
    path = tmp_path / "library.bib"
    path.write_text(BIBTEX)
    return path


def test_dry_run_reports_and_saves_nothing(bib_file, capsys):
    ReferenceFactory(key="taken", doi="10.1/TAKEN")
    call_command("import_references", str(bib_file), "--dry-run")
    out, err = capsys.readouterr()
    assert "Dry run, nothing saved: 2 new, 1 duplicates, 1 invalid." in out
    assert "line 3: third: year: “soon” is not a year." in err
    assert Reference.objects.count() == 1


def test_import_saves_the_good_entries_and_reports_the_bad_one(bib_file, capsys):
    call_command("import_references", str(bib_file), "--no-progress")
    out, err = capsys.readouterr()
    assert sorted(Reference.objects.values_list("key", flat=True)) == ["first", "fourth", "second"]
    assert "Imported 3 references from library.bib (3 new, 0 duplicates, 1 invalid)." in out
    assert "line 3" in err


def test_a_missing_file_or_unknown_format_is_a_clear_error(tmp_path):
    with pytest.raises(CommandError, match="Cannot read"):
        call_command("import_references", str(tmp_path / "nope.bib"))
    notes = tmp_path / "notes.txt"
    notes.write_text("nothing to see")
    with pytest.raises(CommandError, match="give it with --format"):
        call_command("import_references", str(notes))
