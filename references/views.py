from django.core.exceptions import BadRequest
from django.core.paginator import Paginator
from django.shortcuts import render

from references.models import Reference

REFERENCES_PER_PAGE = 50
MAX_QUERY_LENGTH = 200


def reference_list(request):
    query = request.GET.get("q", "").strip()[:MAX_QUERY_LENGTH]
    if "\x00" in query:
        raise BadRequest("The search text contains a NUL character.")  # PostgreSQL cannot compare it: a 400
    references = Reference.objects.with_citing_articles()
    if query:
        references = references.search(query)
    page = Paginator(references, REFERENCES_PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "references/reference_list.html", {"page_obj": page, "query": query})
