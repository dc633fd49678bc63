from django.db import connection
from django.db.utils import DatabaseError
from django.http import HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.cache import never_cache

from articles.search import parse_query, search_articles
from articles.views import sections_with_articles
from lowmilk.forms import SearchForm
from lowmilk.ratelimit import rate_limit
from references.search import search_references


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
        context.update(
            query=query,
            page_obj=search_articles(query, page=request.GET.get("page")),
            references=search_references(required=parsed.required, excluded=parsed.excluded),
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
