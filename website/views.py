from django.db import connection
from django.db.utils import DatabaseError
from django.http import HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.cache import never_cache

from articles.models import Article
from articles.search import parse_query
from articles.selectors import sections_with_articles
from core.ratelimit import rate_limit
from references.models import Reference
from website.forms import SearchForm

REFERENCES_IN_SEARCH_RESULTS = 10


def home(request):
    return render(request, "home.html", {"sections": sections_with_articles()})


@rate_limit("search", methods=["GET"])
def search(request):
    """Site search: articles (ranked, with snippets) and references; bad input gets a 400 page that says why."""
    form = SearchForm(request.GET)
    context = {"form": form, "query": ""}
    if not form.is_valid():
        return render(request, "search.html", context, status=400)
    query = form.cleaned_data["q"]
    if query:
        parsed = parse_query(query)
        references = Reference.objects.search_words(required=parsed.required, excluded=parsed.excluded)
        context.update(
            query=query,
            page_obj=Article.objects.published().search(query, page=request.GET.get("page")),
            references=references.only("key", "title", "formatted_html").order_by("key")[:REFERENCES_IN_SEARCH_RESULTS],
        )
    return render(request, "search.html", context)


def robots_txt(request):
    sitemap_url = request.build_absolute_uri(reverse("django.contrib.sitemaps.views.sitemap"))
    return render(request, "robots.txt", {"sitemap_url": sitemap_url}, content_type="text/plain; charset=utf-8")


@never_cache
def healthz(request):
    """200 when the app and its database answer, 503 otherwise; no page content."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except DatabaseError:
        return HttpResponse("database unavailable\n", status=503, content_type="text/plain")
    return HttpResponse("ok\n", content_type="text/plain")
