"""Export references to BibTeX (bibtexparser), RIS (rispy) and CSL-JSON, the formats reference managers import.

Each export imports back through ``references.importing`` to the same records (tests/references/test_round_trip.py).
"""

import json
import re

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
            "author": _bibtex_names(reference.author_list()),
            "editor": _bibtex_names(reference.editor_list()),
            "title": _latex_escaped(reference.title),
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
            "note": _latex_escaped(reference.note),
        }
        for name in (container, "publisher", "school", "address"):
            values[name] = _latex_escaped(values[name])
        # bibtexparser's writer encloses each value in braces itself: one pair, so "a and b" stays a name list.
        fields = [Field(name, _braces_balanced(value)) for name, value in values.items() if value]
        library.add(Entry(_BIBTEX_TYPES.get(reference.kind, "misc"), reference.key, fields))
    return bibtexparser.write_string(library)


# Characters LaTeX reads as markup; escaped so a title such as "50% & more" comes back as written.
_LATEX_SPECIALS = re.compile(r"[\\%&$#_~^]")
_LATEX_ESCAPES = {"\\": r"\textbackslash{}", "~": r"\textasciitilde{}", "^": r"\textasciicircum{}"}


def _latex_escaped(value):
    return _LATEX_SPECIALS.sub(lambda match: _LATEX_ESCAPES.get(match[0], "\\" + match[0]), value or "")


def _bibtex_names(names):
    """Names for BibTeX's "and"-separated list: "Family, Given" as is, "Family, Given, Jr." as BibTeX's
    "Family, Jr., Given", and an organisation (no comma) braced so it is not split into first and last name."""
    written = []
    for name in names:
        parts = [_latex_escaped(part.strip()) for part in name.split(",")]
        if len(parts) == 1:
            written.append("{" + parts[0] + "}")
        elif len(parts) == 2:
            written.append(f"{parts[0]}, {parts[1]}")
        else:
            written.append(f"{parts[0]}, {', '.join(parts[2:])}, {parts[1]}")
    return " and ".join(written)


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
            "type_of_work": reference.degree,
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


_CSL_TYPES = {
    Kind.JOURNAL: "article-journal",
    Kind.BOOK: "book",
    Kind.CHAPTER: "chapter",
    Kind.THESIS: "thesis",
    Kind.WEBPAGE: "webpage",
}


def _csl_name(name):
    parts = [part.strip() for part in name.split(",")]
    if len(parts) == 1:
        return {"literal": parts[0]}
    csl = {"family": parts[0], "given": parts[1]}
    if len(parts) > 2:
        csl["suffix"] = ", ".join(parts[2:])
    return csl


def _csl_date(value):
    return {"date-parts": [[value.year, value.month, value.day]]}


def to_csl_json(references):
    """Return ``references`` as one CSL-JSON file (text): what Zotero, Mendeley and pandoc read."""
    items = []
    for reference in references:
        item = {
            "id": reference.key,
            "type": _CSL_TYPES.get(reference.kind, "document"),
            "author": [_csl_name(name) for name in reference.author_list()],
            "editor": [_csl_name(name) for name in reference.editor_list()],
            "title": reference.title,
            "container-title": reference.container_title,
            "publisher": reference.publisher,
            "publisher-place": reference.publisher_place,
            "edition": reference.edition,
            "genre": reference.degree,
            "issued": {"date-parts": [[reference.year]]} if reference.year else None,
            "volume": reference.volume,
            "issue": reference.issue,
            "page": reference.pages,
            "DOI": reference.doi,
            "PMID": reference.pmid,
            "URL": reference.url,
            "accessed": _csl_date(reference.accessed) if reference.accessed else None,
            "note": reference.note,
        }
        items.append({name: value for name, value in item.items() if value})
    return json.dumps(items, ensure_ascii=False, indent=2) + "\n"
