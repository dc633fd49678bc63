"""Import references from BibTeX (bibtexparser), RIS (rispy) or CSL-JSON files.

``preview_import`` parses a file and sorts its entries into new, duplicate (same DOI, PMID or key as a
reference already in the library, or earlier in the file) and invalid ones, each with the line it starts
on; nothing is saved. ``import_entries`` then saves the new ones, each on its own, so one bad entry never
stops the rest.
"""

import datetime
import functools
import json
import logging
import re
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import partial
from pathlib import PurePath

import bibtexparser
import rispy
from bibtexparser import middlewares
from bibtexparser.middlewares import NameParts
from bibtexparser.model import DuplicateBlockKeyBlock, ParsingFailedBlock
from django.core.exceptions import ValidationError
from django.db import DatabaseError, transaction
from django.db.models import Q
from django.db.models.functions import Lower
from django.utils.text import slugify
from pylatexenc.latex2text import LatexNodes2Text

from references.models import Kind, Reference

BIBTEX, RIS, CSL_JSON = "bibtex", "ris", "csl-json"
FORMAT_CHOICES = [(BIBTEX, "BibTeX (.bib)"), (RIS, "RIS (.ris)"), (CSL_JSON, "CSL-JSON (.json)")]
_EXTENSIONS = {".bib": BIBTEX, ".bibtex": BIBTEX, ".ris": RIS, ".json": CSL_JSON}

NEW, DUPLICATE, INVALID = "new", "duplicate", "invalid"
_KEY_LENGTH = Reference._meta.get_field("key").max_length
_LOOKUP_CHUNK = 500


@dataclass
class ImportEntry:
    line: int  # where the entry starts in the file, counting from 1
    key: str = ""
    fields: dict = field(default_factory=dict)
    errors: list[str] = field(default_factory=list)
    duplicate_of: str = ""  # why it is a duplicate, e.g. 'DOI 10.1/x of "clavey1996"'

    @property
    def status(self):
        if self.errors:
            return INVALID
        return DUPLICATE if self.duplicate_of else NEW

    @property
    def title(self):
        return self.fields.get("title", "")


@dataclass
class ImportPreview:
    format: str
    entries: list[ImportEntry]

    def _with(self, status):
        return [entry for entry in self.entries if entry.status == status]

    @property
    def new(self):
        return self._with(NEW)

    @property
    def duplicates(self):
        return self._with(DUPLICATE)

    @property
    def invalid(self):
        return self._with(INVALID)


@dataclass
class ImportResult:
    created: list[Reference] = field(default_factory=list)
    failed: list[ImportEntry] = field(default_factory=list)


class UnreadableFile(ValueError):
    """The file is not text, or its format cannot be told."""


def detect_format(filename, text):
    """Return the format of a file from its extension, else from its first characters; None if unknown."""
    by_extension = _EXTENSIONS.get(PurePath(filename or "").suffix.lower())
    if by_extension and by_extension != RIS:
        return by_extension
    start = text.lstrip("\ufeff \t\r\n")[:200]
    if start.startswith(("[", "{")):
        return CSL_JSON
    if start.startswith("@") or re.search(r"^\s*@\w+\s*[{(]", text[:5000], re.MULTILINE):
        return BIBTEX
    if re.match(r"TY  -", start):
        return RIS
    return by_extension


def decode_upload(data):
    """Return the text of an uploaded file (UTF-8, with or without BOM); raise UnreadableFile otherwise."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        raise UnreadableFile(f"The file is not UTF-8 text (first bad byte on line {line}).") from error


# Reading: each reader yields ImportEntry with Reference field values (no database access).


def read_entries(text, file_format):
    """Parse ``text`` and map every entry to Reference fields; entries that cannot be read carry errors."""
    readers: dict[str, Callable[[str], Iterable[ImportEntry]]] = {
        BIBTEX: _read_bibtex,
        RIS: _read_ris,
        CSL_JSON: _read_csl_json,
    }
    if file_format not in readers:
        raise UnreadableFile(f"Unknown format {file_format!r}.")
    entries = []
    for entry in readers[file_format](text):
        if not entry.errors and not entry.duplicate_of:
            _check_fields(entry)
        entries.append(entry)
    return entries


_BIBTEX_KINDS = {
    "article": Kind.JOURNAL,
    "book": Kind.BOOK,
    "booklet": Kind.BOOK,
    "manual": Kind.BOOK,
    "techreport": Kind.BOOK,
    "report": Kind.BOOK,
    "inbook": Kind.CHAPTER,
    "incollection": Kind.CHAPTER,
    "inproceedings": Kind.CHAPTER,
    "conference": Kind.CHAPTER,
    "phdthesis": Kind.THESIS,
    "mastersthesis": Kind.THESIS,
    "thesis": Kind.THESIS,
    "online": Kind.WEBPAGE,
    "electronic": Kind.WEBPAGE,
    "www": Kind.WEBPAGE,
    "webpage": Kind.WEBPAGE,
}
# Addresses are not LaTeX: a "%20" or "~user" in a URL or DOI is kept as written.
_VERBATIM_FIELDS = {"url", "doi"}
_DEGREES = {"phdthesis": "Doctoral dissertation", "mastersthesis": "Master's thesis"}


def _read_bibtex(text):
    # bibtexparser logs each syntax error itself; here they are reported per entry instead.
    logging.getLogger("bibtexparser").setLevel(logging.CRITICAL)
    library = bibtexparser.parse_string(
        text, append_middleware=[middlewares.SeparateCoAuthors(), middlewares.SplitNameParts()]
    )
    blocks = sorted([*library.entries, *library.failed_blocks], key=lambda block: block.start_line or 0)
    for block in blocks:
        line = (block.start_line or 0) + 1
        if isinstance(block, DuplicateBlockKeyBlock):
            yield ImportEntry(line, key=block.key, duplicate_of=f"key {block.key} earlier in this file")
            continue
        if isinstance(block, ParsingFailedBlock):
            error = block.error
            reason = getattr(error, "abort_reason", "") or str(error).split("\n")[0] or "syntax error"
            key = getattr(block.ignore_error_block, "key", "") if block.ignore_error_block else ""
            yield ImportEntry(line, key=key or "", errors=[f"Could not be read as BibTeX: {reason}"])
            continue
        values = {f.key.lower(): f.value for f in block.fields}
        values = {name: value if name in _VERBATIM_FIELDS else _latex_decoded(value) for name, value in values.items()}
        entry_type = block.entry_type.lower()
        kind = _BIBTEX_KINDS.get(entry_type) or _guess_kind(values.get("journal"), values.get("url"))
        # biblatex's @online names the website in "organization".
        site_name = values.get("organization") if kind == Kind.WEBPAGE else None
        fields = {
            "kind": kind,
            "authors": _bibtex_names(values.get("author")),
            "editors": _bibtex_names(values.get("editor")),
            "title": _text(values.get("title")),
            "container_title": _text(
                values.get("journal") or values.get("booktitle") or values.get("howpublished") or site_name
            ),
            "publisher": _text(
                values.get("publisher")
                or values.get("school")
                or values.get("institution")
                or (values.get("organization") if not site_name else "")
            ),
            "publisher_place": _text(values.get("address")),
            "edition": _text(values.get("edition")),
            "degree": _text(values.get("type")) or _DEGREES.get(entry_type, ""),
            "year": _text(values.get("year")),
            "volume": _text(values.get("volume")),
            "issue": _text(values.get("number") or values.get("issue")),
            "pages": _text(values.get("pages")),
            "doi": _text(values.get("doi")),
            "pmid": _text(values.get("pmid")),
            "url": _text(values.get("url")),
            "accessed": _text(values.get("urldate")),
            "note": _text(values.get("note")),
        }
        yield ImportEntry(line, key=block.key, fields=fields)


@functools.cache
def _latex_converter():
    return LatexNodes2Text()


def _latex_decoded(value):
    """LaTeX in BibTeX values as plain text ({\\"u} -> ü, {DNA} -> DNA); names are decoded part by part.

    Plain values are returned as they are: decoding costs about a millisecond a value, which bibtexparser's
    own LatexDecodingMiddleware spends on every field.
    """
    if isinstance(value, list):
        return [
            NameParts(**{part: [_latex_decoded(word) for word in getattr(name, part)] for part in _NAME_PARTS})
            if isinstance(name, NameParts)
            else _latex_decoded(name)
            for name in value
        ]
    if not isinstance(value, str) or not any(character in value for character in "\\{}$~"):
        return value
    return _latex_converter().latex_to_text(value)


_NAME_PARTS = ("first", "von", "last", "jr")


def _bibtex_names(names):
    if not names:
        return ""
    if isinstance(names, str):
        return names.replace(" and ", "\n")
    lines = []
    for name in names:
        family = " ".join([*name.von, *name.last])
        given = " ".join(name.first)
        suffix = ", ".join(name.jr)
        lines.append(", ".join(part for part in (family, given, suffix) if part))
    return "\n".join(lines)


_RIS_KINDS = {
    "JOUR": Kind.JOURNAL,
    "JFULL": Kind.JOURNAL,
    "MGZN": Kind.JOURNAL,
    "NEWS": Kind.JOURNAL,
    "EJOUR": Kind.JOURNAL,
    "BOOK": Kind.BOOK,
    "EBOOK": Kind.BOOK,
    "EDBOOK": Kind.BOOK,
    "RPRT": Kind.BOOK,
    "CHAP": Kind.CHAPTER,
    "ECHAP": Kind.CHAPTER,
    "CPAPER": Kind.CHAPTER,
    "CONF": Kind.CHAPTER,
    "THES": Kind.THESIS,
    "ELEC": Kind.WEBPAGE,
    "WEB": Kind.WEBPAGE,
    "BLOG": Kind.WEBPAGE,
}


def _ris_records(text):
    """Yield (first line number, record text, error) for each TY ... ER record of a RIS file."""
    start, lines = None, []
    for number, line in enumerate(text.splitlines(), start=1):
        tag = line[:2] if line[2:6] in ("  - ", "  -") else None
        if tag == "TY":
            if start is not None:
                yield start, "\n".join(lines), "The record has no end line (ER  - ) before the next TY."
            start, lines = number, [line]
        elif start is not None:
            lines.append(line)
            if tag == "ER":
                yield start, "\n".join(lines), None
                start, lines = None, []
        elif line.strip() and tag not in (None, "ER"):
            yield number, line, "This line is outside any record (records start with TY  - )."
    if start is not None:
        yield start, "\n".join(lines), "The record has no end line (ER  - )."


def _read_ris(text):
    for line, record_text, problem in _ris_records(text):
        if problem:
            yield ImportEntry(line, errors=[problem])
            continue
        try:
            (record,) = rispy.loads(record_text)
        except (ValueError, KeyError, IndexError) as error:
            yield ImportEntry(line, errors=[f"Could not be read as RIS: {error}"])
            continue
        first = partial(_first_value, record)
        kind = _RIS_KINDS.get(str(record.get("type_of_reference", "")).upper()) or _guess_kind(
            first("journal_name", "alternate_title3"), first("urls")
        )
        start_page, end_page = first("start_page"), first("end_page")
        urls = record.get("urls") or []
        accession = first("accession_number")
        fields = {
            "kind": kind,
            "authors": "\n".join(record.get("authors") or record.get("first_authors") or []),
            "editors": "\n".join(record.get("secondary_authors") or []) if kind == Kind.CHAPTER else "",
            "title": first("title", "primary_title"),
            "container_title": first(
                "journal_name", "alternate_title2", "alternate_title1", "alternate_title3", "secondary_title"
            ),
            "publisher": first("publisher"),
            "publisher_place": first("place_published"),
            "edition": first("edition"),
            "degree": first("type_of_work") if kind == Kind.THESIS else "",
            "year": _year(first("year", "publication_year", "date")),
            "volume": first("volume"),
            "issue": first("number"),
            "pages": f"{start_page}-{end_page}" if start_page and end_page else start_page,
            "doi": first("doi"),
            "pmid": accession if accession.isdigit() else "",
            "url": _text(urls[0]) if urls else "",
            "accessed": first("access_date"),
            "note": first("note"),
        }
        yield ImportEntry(line, key=first("id"), fields=fields)


def _first_value(record, *names):
    """The first of ``names`` that has a value in a rispy record, as text."""
    return next((_text(record[name]) for name in names if record.get(name)), "")


_CSL_KINDS = {
    "article-journal": Kind.JOURNAL,
    "article-magazine": Kind.JOURNAL,
    "article-newspaper": Kind.JOURNAL,
    "article": Kind.JOURNAL,
    "review": Kind.JOURNAL,
    "book": Kind.BOOK,
    "report": Kind.BOOK,
    "chapter": Kind.CHAPTER,
    "paper-conference": Kind.CHAPTER,
    "entry-encyclopedia": Kind.CHAPTER,
    "thesis": Kind.THESIS,
    "webpage": Kind.WEBPAGE,
    "post-weblog": Kind.WEBPAGE,
    "post": Kind.WEBPAGE,
}


def _csl_items(text):
    """Yield (line, item or None, error) for each item of a CSL-JSON array, reading item by item.

    Items are decoded one at a time so each gets its own line number, and a syntax error still
    reports the items before it.
    """
    decoder = json.JSONDecoder()
    text = text.lstrip("\ufeff")
    position = _skip_space(text, 0)
    line_at = lambda index: text.count("\n", 0, index) + 1  # noqa: E731
    if text.startswith("{", position):  # a single item instead of a list
        text, position = f"[{text[position:]}]", 0
    if not text.startswith("[", position):
        yield line_at(position), None, "A CSL-JSON file is a list of items starting with “[”."
        return
    position = _skip_space(text, position + 1)
    if text.startswith("]", position):
        return
    while True:
        try:
            item, end = decoder.raw_decode(text, position)
        except json.JSONDecodeError as error:
            yield (
                error.lineno,
                None,
                f"Not valid JSON: {error.msg} (column {error.colno}); the rest of the file was not read.",
            )
            return
        yield line_at(position), item, None
        position = _skip_space(text, end)
        if text.startswith(",", position):
            position = _skip_space(text, position + 1)
        elif text.startswith("]", position):
            return
        else:
            yield line_at(position), None, "Expected “,” or “]” after an item; the rest of the file was not read."
            return


def _skip_space(text, position):
    while position < len(text) and text[position] in " \t\r\n":
        position += 1
    return position


def _read_csl_json(text):
    for line, item, problem in _csl_items(text):
        if problem:
            yield ImportEntry(line, errors=[problem])
            continue
        if not isinstance(item, dict):
            yield ImportEntry(line, errors=["Each item must be a JSON object ({...})."])
            continue
        kind = _CSL_KINDS.get(str(item.get("type", ""))) or _guess_kind(item.get("container-title"), item.get("URL"))
        fields = {
            "kind": kind,
            "authors": _csl_names(item.get("author")),
            "editors": _csl_names(item.get("editor")),
            "title": _text(item.get("title")),
            "container_title": _text(item.get("container-title-short") or item.get("container-title")),
            "publisher": _text(item.get("publisher")),
            "publisher_place": _text(item.get("publisher-place")),
            "edition": _text(item.get("edition")),
            "degree": _text(item.get("genre")) if kind == Kind.THESIS else "",
            "year": _csl_date(item.get("issued"))[:4],
            "volume": _text(item.get("volume")),
            "issue": _text(item.get("issue")),
            "pages": _text(item.get("page")),
            "doi": _text(item.get("DOI")),
            "pmid": _text(item.get("PMID")),
            "url": _text(item.get("URL")),
            "accessed": _csl_date(item.get("accessed")),
            "note": _text(item.get("note")),
            "original_language": _text(item.get("language")),
            "epub_ahead_of_print": "ahead of print" in _text(item.get("status")).lower(),
            "published_online": _csl_date(item.get("available-date")),
        }
        # CSL-JSON has no variables for these AMA details; they travel in its "custom" object.
        custom = item.get("custom") if isinstance(item.get("custom"), dict) else {}
        fields["title_translated"] = custom.get("title_translated") is True
        fields["authors_et_al"] = custom.get("authors_et_al") is True
        yield ImportEntry(line, key=_text(item.get("id")), fields=fields)


def _csl_names(names):
    if not isinstance(names, list):
        return ""
    lines = []
    for name in names:
        if isinstance(name, dict):
            literal = name.get("literal")
            family = " ".join(_text(name.get(part)) for part in ("non-dropping-particle", "family") if name.get(part))
            parts = (family, _text(name.get("given")), _text(name.get("suffix")))
            lines.append(_text(literal) if literal else ", ".join(p for p in parts if p))
    return "\n".join(line for line in lines if line)


def _csl_date(value):
    """ "2019-03-07" from {"date-parts": [[2019, 3, 7]]} (or "2019" from [[2019]]); "" when absent."""
    if not isinstance(value, dict):
        return ""
    try:
        parts = [int(part) for part in value["date-parts"][0]]
    except (KeyError, IndexError, TypeError, ValueError):
        return _text(value.get("raw") or value.get("literal"))
    if len(parts) == 3:
        return f"{parts[0]:04d}-{parts[1]:02d}-{parts[2]:02d}"
    return str(parts[0]) if parts else ""


def _guess_kind(container, url):
    if container:
        return Kind.JOURNAL
    return Kind.WEBPAGE if url else Kind.BOOK


def _text(value):
    if value is None:
        return ""
    if isinstance(value, list):
        value = value[0] if value else ""
    return re.sub(r"\s+", " ", str(value)).strip().replace("{", "").replace("}", "")


def _year(value):
    match = re.search(r"\d{4}", value or "")
    return match.group(0) if match else ""


# Checking: field values through the model's own validation, then duplicates against the library.


def _normalise_doi(doi):
    return re.sub(r"^(https?://(dx\.)?doi\.org/|doi:\s*)", "", doi.strip(), flags=re.IGNORECASE)


def _check_fields(entry):
    fields = entry.fields
    fields["doi"] = _normalise_doi(fields.get("doi", ""))
    fields["pmid"] = fields.get("pmid", "").strip()
    fields["pages"] = re.sub(r"\s*[-–—]+\s*", "-", fields.get("pages", ""))  # 220--228 or 220–228 -> 220-228
    for name in ("year",):
        value = fields.get(name)
        if value in ("", None):
            fields[name] = None
        elif not str(value).isdigit():
            entry.errors.append(f"{name}: “{value}” is not a year.")
    for name in ("accessed", "published_online"):
        value = fields.get(name) or ""
        if value:
            try:
                fields[name] = datetime.date.fromisoformat(str(value)[:10])
            except ValueError:
                fields[name] = None  # an unreadable access date is dropped, not worth refusing the entry
        else:
            fields[name] = None
    if not fields.get("title"):
        entry.errors.append("title: missing.")
    entry.key = _clean_key(entry.key)
    if entry.errors:
        return
    reference = Reference(key=entry.key or "pending", **fields)
    try:
        reference.full_clean(validate_unique=False, validate_constraints=False)
    except ValidationError as error:
        for name, messages in error.message_dict.items():
            entry.errors += [f"{name}: {message}" for message in messages]


def _clean_key(key):
    """A citation key usable in articles ([@key]): letters, digits, hyphens and underscores."""
    ascii_key = unicodedata.normalize("NFKD", key or "").encode("ascii", "ignore").decode()
    return re.sub(r"[^A-Za-z0-9_-]+", "-", ascii_key).strip("-")[:_KEY_LENGTH]


def _generated_key(fields):
    first_author = (fields.get("authors") or "").split("\n")[0].split(",")[0]
    name = first_author or (fields.get("title") or "").split(" ")[0]  # no author: the title's first word
    base = slugify(f"{name}{fields.get('year') or ''}").replace("-", "") or "ref"
    return base[: _KEY_LENGTH - 4]


def preview_import(text, file_format):
    """Parse a file and sort its entries into new, duplicates and invalid; nothing is saved."""
    entries = read_entries(text, file_format)
    candidates = [entry for entry in entries if entry.status == NEW]
    keys = {entry.key for entry in candidates if entry.key}
    dois = {entry.fields["doi"].lower() for entry in candidates if entry.fields.get("doi")}
    pmids = {entry.fields["pmid"] for entry in candidates if entry.fields.get("pmid")}
    by_key, by_doi, by_pmid = _existing(keys, dois, pmids)

    seen_keys, seen_dois, seen_pmids = {}, {}, {}
    for entry in candidates:
        doi, pmid = entry.fields.get("doi", "").lower(), entry.fields.get("pmid", "")
        if doi and doi in by_doi:
            entry.duplicate_of = f"DOI {entry.fields['doi']} of “{by_doi[doi]}”"
        elif pmid and pmid in by_pmid:
            entry.duplicate_of = f"PMID {pmid} of “{by_pmid[pmid]}”"
        elif entry.key and entry.key in by_key:
            entry.duplicate_of = f"key “{entry.key}” already in the library"
        elif doi and doi in seen_dois:
            entry.duplicate_of = f"DOI {entry.fields['doi']} also on line {seen_dois[doi]}"
        elif pmid and pmid in seen_pmids:
            entry.duplicate_of = f"PMID {pmid} also on line {seen_pmids[pmid]}"
        elif entry.key and entry.key in seen_keys:
            entry.duplicate_of = f"key “{entry.key}” also on line {seen_keys[entry.key]}"
        if entry.duplicate_of:
            continue
        for seen, value in ((seen_dois, doi), (seen_pmids, pmid), (seen_keys, entry.key)):
            if value:
                seen[value] = entry.line

    # Entries without a key get one from the first author and year, unique in the library and the file.
    keyless = [entry for entry in candidates if not entry.key and not entry.duplicate_of]
    if keyless:
        bases = {_generated_key(entry.fields) for entry in keyless}
        taken = set(seen_keys) | set(
            Reference.objects.filter(_startswith_any("key", bases)).values_list("key", flat=True)
        )
        for entry in keyless:
            base, suffix = _generated_key(entry.fields), 0
            entry.key = base
            while entry.key in taken:
                suffix += 1
                entry.key = f"{base}{_letters(suffix)}"
            taken.add(entry.key)
    return ImportPreview(file_format, entries)


def _letters(number):
    """1 -> "a", 26 -> "z", 27 -> "aa": suffixes like the ones BibTeX keys use (smith2001a, smith2001b)."""
    letters = ""
    while number:
        number, remainder = divmod(number - 1, 26)
        letters = chr(ord("a") + remainder) + letters
    return letters


def _startswith_any(field_name, prefixes):
    condition = Q(pk__in=[])
    for prefix in prefixes:
        condition |= Q(**{f"{field_name}__startswith": prefix})
    return condition


def _existing(keys, dois, pmids):
    """Map keys, lower-cased DOIs and PMIDs already in the library to the key of their reference."""
    by_key, by_doi, by_pmid = {}, {}, {}
    for chunk in _chunks(sorted(keys)):
        by_key.update((key, key) for key in Reference.objects.filter(key__in=chunk).values_list("key", flat=True))
    for chunk in _chunks(sorted(dois)):
        matches = Reference.objects.annotate(doi_lower=Lower("doi")).filter(doi_lower__in=chunk)
        by_doi.update(matches.values_list("doi_lower", "key"))
    for chunk in _chunks(sorted(pmids)):
        by_pmid.update(Reference.objects.filter(pmid__in=chunk).values_list("pmid", "key"))
    return by_key, by_doi, by_pmid


def _chunks(items):
    for start in range(0, len(items), _LOOKUP_CHUNK):
        yield items[start : start + _LOOKUP_CHUNK]


def import_entries(entries, *, progress=None):
    """Save the new entries of a preview, each in its own savepoint; return what was created and what failed.

    ``progress`` wraps the iteration (e.g. a tqdm progress bar). Call inside a reversion revision block
    to record who imported them.
    """
    result = ImportResult()
    new_entries = [entry for entry in entries if entry.status == NEW]
    for entry in progress(new_entries) if progress else new_entries:
        reference = Reference(key=entry.key, **entry.fields)
        try:
            with transaction.atomic():
                reference.save()
        except DatabaseError as error:
            entry.errors.append(f"Could not be saved: {error}")
            result.failed.append(entry)
        else:
            result.created.append(reference)
    return result
