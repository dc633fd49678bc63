"""A Paginator for searches that may match most of a large table."""

from django.core.paginator import Paginator
from django.utils.functional import cached_property


class BoundedPaginator(Paginator):
    """Pages through at most ``bound`` items; ``more`` says there were more than that.

    Counting every match of a broad search reads every match, while nobody pages past the first few hundred:
    the count stops at ``bound`` + 1 matches. It counts them in whatever order is cheapest (a sequential scan
    that stops early, or an index), not in the list's order, which would walk an index over every row for a rare
    match.

    ``counted``: the matches already counted (up to ``bound`` + 1) by the query that read the page, for a list
    that is paged by hand rather than sliced (``Reference.objects.search_page``).
    """

    def __init__(self, object_list, per_page, *, bound, counted=None, **kwargs):
        super().__init__(object_list, per_page, **kwargs)
        self.bound = bound
        if counted is not None:
            self._counted = counted

    @cached_property
    def _counted(self):
        return self.object_list.order_by()[: self.bound + 1].count()

    @cached_property
    def count(self):
        return min(self._counted, self.bound)

    @property
    def more(self):
        return self._counted > self.bound
