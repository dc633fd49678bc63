import secrets

from django.contrib.staticfiles import finders
from django.core.cache import cache
from django.db import connection
from django.db.utils import DatabaseError
from django.http import FileResponse, Http404, JsonResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.cache import cache_control, never_cache

from articles.models import Article
from articles.search import parse_query
from articles.selectors import sections_with_articles
from core.ratelimit import rate_limit
from references.models import Reference
from website.forms import SearchForm

REFERENCES_IN_SEARCH_RESULTS = 10

HEALTH_KEY = "healthz"


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
        page_obj = Article.objects.published().search(query, page=request.GET.get("page"))
        if not page_obj.paginator.count:
            context["suggestion"] = Article.objects.published().spelling_suggestion(query)
        # A few of the matching references, in key order, and a link to the library for all of them: the first few
        # found rather than the first by key, so the database stops at the tenth match instead of sorting them all.
        references = Reference.objects.first_matching(
            required=parsed.required, excluded=parsed.excluded, limit=REFERENCES_IN_SEARCH_RESULTS
        )
        context.update(query=query, page_obj=page_obj, references=references)
    return render(request, "search.html", context)


def robots_txt(request):
    sitemap_url = request.build_absolute_uri(reverse("django.contrib.sitemaps.views.sitemap"))
    return render(request, "robots.txt", {"sitemap_url": sitemap_url}, content_type="text/plain; charset=utf-8")


@cache_control(public=True, max_age=7 * 24 * 3600)
def favicon(request):
    """/favicon.ico, where browsers and feed readers look for it whatever the page says."""
    path = finders.find("favicon.ico")
    if path is None:
        raise Http404("No favicon")
    return FileResponse(open(path, "rb"), content_type="image/x-icon")  # noqa: SIM115 (FileResponse closes it)


@never_cache
def healthz(request):
    """Each dependency the site needs, as JSON: {"status", "database", "cache"}, each "ok" or "unavailable".

    200 while the database answers, even with the cache down (pages are then rendered afresh: "status" is
    "degraded"); 503 when the database does not answer, as every page then shows the outage page.
    """
    checks = {"database": _database_answers(), "cache": _cache_answers()}
    status = "ok" if all(checks.values()) else "degraded" if checks["database"] else "unavailable"
    body = {"status": status, **{name: "ok" if up else "unavailable" for name, up in checks.items()}}
    return JsonResponse(body, status=200 if checks["database"] else 503)


def _database_answers():
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except DatabaseError:
        return False
    return True


def _cache_answers():
    """Write and read back a token: a full or read-only Redis reads fine but cannot store pages."""
    token = secrets.token_hex(8)
    cache.set(HEALTH_KEY, token, 30)
    return cache.get(HEALTH_KEY) == token
