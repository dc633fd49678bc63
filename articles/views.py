from django.conf import settings
from django.core.cache import cache
from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404, render
from django.utils.cache import add_never_cache_headers

from articles.models import Article, Citation, Section
from articles.selectors import article_page_links
from pagecache.generation import current_generation

# Lists stay short however many articles a section holds; the section page has them all, page by page.
ARTICLES_PER_SECTION_ON_LISTS = 8
ARTICLES_PER_PAGE = 50
ARTICLE_SEARCH_COLUMNS = ("body_text", "search_vector", "rank_vector")


def sections_with_articles(per_section=ARTICLES_PER_SECTION_ON_LISTS):
    """Sections that have published articles, in two queries.

    Each has ``published_articles`` (its first ``per_section``) and ``has_more_articles``.
    """
    articles = Article.objects.published().for_listing().order_by("order", "title")[: per_section + 1]
    sections = Section.objects.prefetch_related(Prefetch("articles", queryset=articles, to_attr="published_articles"))
    listed = [section for section in sections if section.published_articles]
    for section in listed:
        section.has_more_articles = len(section.published_articles) > per_section
        section.published_articles = section.published_articles[:per_section]
    return listed


def section_list(request):
    return render(request, "articles/section_list.html", {"sections": sections_with_articles()})


def section_detail(request, section_slug):
    section = get_object_or_404(Section, slug=section_slug)
    articles = Article.objects.published().for_listing().filter(section=section).order_by("order", "title")
    page = Paginator(articles, ARTICLES_PER_PAGE).get_page(request.GET.get("page"))
    context = {"section": section, "articles": page.object_list, "page_obj": page}
    return render(request, "articles/section_detail.html", context)


def article_detail(request, section_slug, article_slug):
    article = get_object_or_404(
        # The page shows none of the source or search columns; reading them was half of this query's time.
        Article.objects.published().select_related("section").defer("body", *ARTICLE_SEARCH_COLUMNS),
        section__slug=section_slug,
        slug=article_slug,
    )
    return render_article(request, article)


def reference_list(article, version):
    """The rows of ``article``'s reference list, cached for the content generation ``version`` unless None.

    Saving an article or a reference starts a new generation, so a cached list is never stale.
    """
    if version is None:
        return list(Citation.objects.filter(article=article).reference_list_entries())
    key = f"articles:reference-list:{version}:{article.pk}"
    rows = cache.get(key)
    if rows is None:
        rows = list(Citation.objects.filter(article=article).reference_list_entries())
        cache.set(key, rows, settings.PAGE_CACHE_TIMEOUT)
    return rows


def render_article(request, article, *, preview=False):
    """The article page; ``preview`` marks a staff preview of an unpublished article (no caching, not indexed)."""
    # Per-article caches pay off only when pages are not cached whole: with the page cache on, this view runs
    # once per page and generation, and their entries would crowd pages out of a bounded local-memory cache.
    per_article_cache = not preview and not settings.PAGE_CACHE_ENABLED
    version = current_generation(request).version
    related, previous, following = article_page_links(article, version=version, cache_links=per_article_cache)
    context = {
        "article": article,
        "section": article.section,
        "citations": reference_list(article, version=version if per_article_cache else None),
        "related": related,
        "previous": previous,
        "next": following,
        "preview": preview,
    }
    response = render(request, "articles/article_detail.html", context)
    if preview:
        add_never_cache_headers(response)
        response["X-Robots-Tag"] = "noindex"
    return response
