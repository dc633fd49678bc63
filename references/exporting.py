"""Export references to BibTeX (bibtexparser) and RIS (rispy), the formats reference managers import."""

import bibtexparser
import rispy
from bibtexparser.model import Entry, Field

from references.models import Kind

_BIBTEX_TYPES = {
    Kind.JOURNAL: "article",
    Kind.BOOK: "book",
    Kind.CHAPTER: "incollection",
    Kind.THESIS: "phdthesis",
    Kind.WEBPAGE: "online",
}
_RIS_TYPES = {Kind.JOURNAL: "JOUR", Kind.BOOK: "BOOK", Kind.CHAPTER: "CHAP", Kind.THESIS: "THES", Kind.WEBPAGE: "ELEC"}


def to_bibtex(references):
    """Return ``references`` as one BibTeX file (text)."""
    library = bibtexparser.Library()
    for reference in references:
        container = "booktitle" if reference.kind == Kind.CHAPTER else "journal"
        if reference.kind == Kind.WEBPAGE:
            container = "organization"
        values = {
            "author": " and ".join(reference.author_list()),
            "editor": " and ".join(reference.editor_list()),
            "title": reference.title,
            container: reference.container_title,
            "publisher": reference.publisher if reference.kind != Kind.THESIS else "",
            "school": reference.publisher if reference.kind == Kind.THESIS else "",
            "address": reference.publisher_place,
            "edition": reference.edition,
            "type": reference.degree,
            "year": str(reference.year or ""),
            "volume": reference.volume,
            "number": reference.issue,
            "pages": reference.pages.replace("-", "--") if reference.pages else "",
            "doi": reference.doi,
            "pmid": reference.pmid,
            "url": reference.url,
            "urldate": reference.accessed.isoformat() if reference.accessed else "",
            "note": reference.note,
        }
        fields = [Field(name, "{" + _braces_balanced(value) + "}") for name, value in values.items() if value]
        library.add(Entry(_BIBTEX_TYPES.get(reference.kind, "misc"), reference.key, fields))
    return bibtexparser.write_string(library)


def _braces_balanced(value):
    """Keep a value's braces only when they pair up, so one stray brace cannot break the file."""
    depth = 0
    for character in value:
        depth += {"{": 1, "}": -1}.get(character, 0)
        if depth < 0:
            break
    return value if depth == 0 else value.replace("{", "(").replace("}", ")")


def to_ris(references):
    """Return ``references`` as one RIS file (text)."""
    records = []
    for reference in references:
        first_page, _, last_page = (reference.pages or "").partition("-")
        record = {
            "type_of_reference": _RIS_TYPES.get(reference.kind, "GEN"),
            "id": reference.key,
            "authors": reference.author_list(),
            "secondary_authors": reference.editor_list(),
            "title": reference.title,
            "secondary_title": reference.container_title,
            "publisher": reference.publisher,
            "place_published": reference.publisher_place,
            "edition": reference.edition,
            "year": str(reference.year or ""),
            "volume": reference.volume,
            "number": reference.issue,
            "start_page": first_page.strip(),
            "end_page": last_page.strip(),
            "doi": reference.doi,
            "accession_number": reference.pmid,
            "urls": [reference.url] if reference.url else [],
            "access_date": reference.accessed.isoformat() if reference.accessed else "",
            "note": reference.note,
        }
        records.append({name: value for name, value in record.items() if value})
    return rispy.dumps(records)
