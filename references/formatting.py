"""AMA (11th edition) reference formatting from a reference's structured fields."""

import re

from django.utils.html import escape, format_html
from django.utils.safestring import mark_safe

from references.kinds import Kind

MAX_AUTHORS_BEFORE_ET_AL = 6
AUTHORS_SHOWN_WITH_ET_AL = 3

_PAGE_RANGE = re.compile(r"^(\d+)\s*[-–]\s*(\d+)$")


def ama_name(name):
    """Return "Family Initials" for "Family, Given" ("Hall-Lord, Marie Louise" -> "Hall-Lord ML").

    A name without a comma (an organisation, or one already in AMA form) is returned unchanged.
    """
    if "," not in name:
        return name.strip()
    family, given = (part.strip() for part in name.split(",", 1))
    initials = []
    for word in re.split(r"[\s.]+", given):
        if not word:
            continue
        if word.isupper() and len(word) <= 3:  # already initials, e.g. "LJ"
            initials.append(word)
        else:
            initials.extend(part[0].upper() for part in word.split("-") if part)
    return f"{family} {''.join(initials)}".strip()


def ama_authors(names, et_al=False):
    """Return the AMA author list: all up to six, otherwise the first three and "et al"."""
    names = [ama_name(name) for name in names]
    if len(names) > MAX_AUTHORS_BEFORE_ET_AL:
        names, et_al = names[:AUTHORS_SHOWN_WITH_ET_AL], True
    if et_al and names:
        names.append("et al")
    return ", ".join(names)


def ama_pages(pages):
    """Return an inclusive page range with full numbers ("107-8" -> "107-108")."""
    match = _PAGE_RANGE.match(pages.strip())
    if not match:
        return pages.strip()
    first, last = match.groups()
    if len(last) < len(first):
        last = first[: len(first) - len(last)] + last
    return f"{first}-{last}"


def ama_date(value):
    return f"{value:%B} {value.day}, {value.year}"


def _sentence(text):
    """End ``text`` with a full stop unless it already ends with punctuation."""
    text = text.strip()
    return text if not text or text[-1] in ".?!" else text + "."


def _title(reference):
    title = reference.title.strip().rstrip(".")
    if reference.title_translated:
        title = f"[{title}]"
    return title


def _link(url, text=None):
    # Only web links become links: a javascript: or data: URL stored without the admin's validation
    # (an import, the shell) is shown as text and can never run.
    if not url.lower().startswith(("https://", "http://")):
        return escape(text or url)
    return format_html('<a href="{}">{}</a>', url, text or url)


def format_ama(reference):
    """Return the reference as one AMA-style entry, as safe HTML (titles of books and journals in italics)."""
    parts = []
    authors = ama_authors(reference.author_list(), reference.authors_et_al)
    if authors:
        parts.append(escape(_sentence(authors)))

    kind = reference.kind
    year = str(reference.year) if reference.year else ""
    if kind in (Kind.BOOK, Kind.THESIS):
        parts.append(format_html("<i>{}</i>.", _title(reference)))
    else:
        parts.append(escape(_sentence(_title(reference))))

    if kind == Kind.JOURNAL:
        parts.append(_journal_source(reference, year))
    elif kind == Kind.BOOK:
        if reference.edition:
            parts.append(escape(f"{reference.edition} ed."))
        parts.append(escape(_sentence("; ".join(filter(None, [reference.publisher, year])))))
    elif kind == Kind.CHAPTER:
        editors = ama_authors(reference.editor_list())
        lead = f"In: {editors}, {'eds' if len(reference.editor_list()) > 1 else 'ed'}. " if editors else "In: "
        parts.append(format_html("{}<i>{}</i>.", lead, reference.container_title))
        if reference.edition:
            parts.append(escape(f"{reference.edition} ed."))
        source = "; ".join(filter(None, [reference.publisher, year]))
        if reference.pages:
            source += f":{ama_pages(reference.pages)}"
        parts.append(escape(_sentence(source)))
    elif kind == Kind.THESIS:
        if reference.degree:
            parts.append(escape(_sentence(reference.degree)))
        parts.append(escape(_sentence("; ".join(filter(None, [reference.publisher, year])))))
    elif kind == Kind.WEBPAGE:
        if reference.container_title:
            parts.append(format_html("<i>{}</i>.", reference.container_title))
        if year:
            parts.append(escape(f"Published {year}."))

    if reference.original_language:
        parts.append(escape(f"In {reference.original_language}."))
    if reference.note:
        parts.append(escape(_sentence(reference.note)))
    if reference.doi:
        parts.append(format_html("doi:{}", _link(f"https://doi.org/{reference.doi}", reference.doi)))
    elif reference.url:
        if reference.accessed:
            parts.append(escape(f"Accessed {ama_date(reference.accessed)}."))
        parts.append(_link(reference.url))
    if reference.pmid:
        parts.append(
            format_html("PMID: {}", _link(f"https://pubmed.ncbi.nlm.nih.gov/{reference.pmid}/", reference.pmid))
        )
    return mark_safe(_PAGES_AFTER_COLON.sub(r':<span class="nowrap">\1</span>', " ".join(str(p) for p in parts if p)))


# A page range ("…;20(2-3):107-108.") never breaks across lines at its hyphen.
_PAGES_AFTER_COLON = re.compile(r":([A-Za-z]?\d+[A-Za-z]?-[A-Za-z]?\d+[A-Za-z]?)(?=[.;,\s<]|$)")


def _journal_source(reference, year):
    """``<i>Journal</i>. 2002;20(2-3):107-108.``, or "Published online <date>." ahead of print."""
    journal = format_html("<i>{}</i>.", reference.container_title) if reference.container_title else ""
    if reference.epub_ahead_of_print and not reference.volume:
        when = ama_date(reference.published_online) if reference.published_online else year
        return format_html("{} Published online {}.", journal, when).strip()
    source = year
    if reference.volume:
        source += f";{reference.volume}"
        if reference.issue:
            source += f"({reference.issue})"
    elif reference.issue:
        source += f";({reference.issue})"
    if reference.pages:
        source += f":{ama_pages(reference.pages)}"
    return format_html("{} {}", journal, _sentence(source)).strip() if source else journal
