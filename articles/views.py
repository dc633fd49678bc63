from django.db.models import Prefetch
from django.shortcuts import get_object_or_404, render

from articles.models import Article, Citation, Section
from articles.selectors import article_page_links


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
        Article.objects.published().select_related("section").defer("body"),
        section__slug=section_slug,
        slug=article_slug,
    )
    related, previous, following = article_page_links(article)
    context = {
        "article": article,
        "section": article.section,
        "citations": Citation.objects.filter(article=article).for_reference_list(),
        "related": related,
        "previous": previous,
        "next": following,
    }
    return render(request, "articles/article_detail.html", context)
