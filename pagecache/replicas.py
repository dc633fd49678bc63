"""Page cache and read replicas: never render a page from a replica that lags behind the content generation.

Cached pages are stored under the generation read from the primary. A page rendered from a replica that has
not yet replayed the latest edit would be stored under the new generation with the old content, and served
until the next edit. So before a request's first replica read, the replica's generation is compared with the
primary's; a replica that is behind sends the request to the primary.
"""

from django.db import connections

from pagecache.generation import current_generation
from pagecache.models import ContentGeneration


def replica_is_current(alias, request):
    primary = current_generation(request)
    table = connections[alias].ops.quote_name(ContentGeneration._meta.db_table)
    with connections[alias].cursor() as cursor:
        cursor.execute(f"SELECT version FROM {table} WHERE id = 1")  # noqa: S608
        row = cursor.fetchone()
    return row is not None and row[0] >= primary.version
