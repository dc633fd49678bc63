from django.core.exceptions import BadRequest
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import render
from django.utils.cache import add_never_cache_headers

from articles.selectors import (
    SectionArticles,
    article_links,
    article_page,
    published_article,
    reference_library_entries,
    section_for_page,
    sections_with_articles,
)
from references.models import Reference

ARTICLES_PER_PAGE = 50
# Each reference lists the articles citing it (about six each on a large site): 25 keep a page quick to read and
# to render, with the search box and the key order for finding one.
REFERENCES_PER_PAGE = 25
MAX_REFERENCE_QUERY_LENGTH = 200
# A search counts and pages through this many matches at most (ten pages): a common name matches a third of the
# library, and proving "more than" costs reading about bound / share rows (0.45 µs each: 0.6 ms for a third).
MAX_REFERENCE_MATCHES = 10 * REFERENCES_PER_PAGE


def section_list(request):
    return render(request, "articles/section_list.html", {"sections": sections_with_articles()})


def section_detail(request, section_slug):
    section = section_for_page(section_slug)
    if section is None:
        raise Http404("No section at this address.")
    # Counted with the section: the paginator asks no query of its own.
    paginator = Paginator(SectionArticles(section, using=section._state.db or "default"), ARTICLES_PER_PAGE)
    page = paginator.get_page(request.GET.get("page"))
    context = {"section": section, "articles": article_links(section, page.object_list), "page_obj": page}
    return render(request, "articles/section_detail.html", context)


def article_detail(request, section_slug, article_slug):
    article = published_article(section_slug, article_slug)
    if article is None:
        raise Http404("No published article at this address.")
    return render_article(request, article)


def render_article(request, article, *, preview=False):
    """The article page; ``preview`` marks a staff preview of an unpublished article (never cached, not indexed)."""
    page = article_page(article, using=article._state.db or "default")
    context = {"article": article, "section": article.section, "article_page": page}
    context["preview"] = preview
    response = render(request, "articles/article_detail.html", context)
    if preview:
        add_never_cache_headers(response)
        response["X-Robots-Tag"] = "noindex"
    return response


def reference_library(request):
    """/references/: every reference in AMA style with the published articles that cite it; searchable."""
    query = request.GET.get("q", "").strip()[:MAX_REFERENCE_QUERY_LENGTH]
    if "\x00" in query:
        raise BadRequest("The search text contains a NUL character.")  # PostgreSQL cannot compare it: a 400
    number = request.GET.get("page")
    if query:
        page = Reference.objects.search_page(query, number, per_page=REFERENCES_PER_PAGE, bound=MAX_REFERENCE_MATCHES)
    else:
        page = Paginator(Reference.objects.in_key_order(), REFERENCES_PER_PAGE).get_page(number)
    page.object_list = reference_library_entries(page.object_list)
    return render(request, "articles/reference_library.html", {"page_obj": page, "query": query})
