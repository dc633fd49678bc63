from django.db import connection
from django.db.utils import DatabaseError
from django.http import HttpResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache

from articles.views import sections_with_articles


def home(request):
    return render(request, "home.html", {"sections": sections_with_articles()})


@never_cache
def healthz(request):
    """200 when the app and its database answer, 503 otherwise; no page content."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except DatabaseError:
        return HttpResponse("database unavailable\n", status=503, content_type="text/plain")
    return HttpResponse("ok\n", content_type="text/plain")
