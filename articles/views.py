from django.db.models import Prefetch
from django.shortcuts import get_object_or_404, render
from django.utils.cache import add_never_cache_headers

from articles.models import Article, Citation, Section


def sections_with_articles():
    """Sections that have published articles, each with ``published_articles`` (two queries)."""
    articles = Article.objects.published().for_listing().order_by("order", "title")
    sections = Section.objects.prefetch_related(Prefetch("articles", queryset=articles, to_attr="published_articles"))
    return [section for section in sections if section.published_articles]


def section_list(request):
    return render(request, "articles/section_list.html", {"sections": sections_with_articles()})


def section_detail(request, section_slug):
    section = get_object_or_404(Section, slug=section_slug)
    articles = Article.objects.published().for_listing().filter(section=section).order_by("order", "title")
    return render(request, "articles/section_detail.html", {"section": section, "articles": articles})


def article_detail(request, section_slug, article_slug):
    article = get_object_or_404(
        Article.objects.published().with_neighbours().select_related("section"),
        section__slug=section_slug,
        slug=article_slug,
    )
    return render_article(request, article)


def render_article(request, article, *, preview=False):
    """The article page; ``preview`` marks a staff preview of an unpublished article (no caching, not indexed)."""
    context = {
        "article": article,
        "section": article.section,
        "citations": Citation.objects.filter(article=article).for_reference_list(),
        "related": article.related.published().for_listing(),
        "preview": preview,
    }
    response = render(request, "articles/article_detail.html", context)
    if preview:
        add_never_cache_headers(response)
        response["X-Robots-Tag"] = "noindex"
    return response
