"""Article and section addresses for many rows at once, from one reverse() each (slugs need no escaping).

Lists of hundreds of links (home, sections, search results, the reference library) build each address by joining
strings around the slugs rather than calling reverse() per link. ``addresses()`` is made once per script prefix
(the same for every request of a deployment).
"""

import functools

from django.urls import get_script_prefix, reverse


class Addresses:
    def __init__(self):
        # The address around the slugs, split once: a list of hundreds of links joins strings, nothing more.
        article_url = reverse("articles:article", kwargs={"section_slug": "S-S", "article_slug": "A-A"})
        self._before_section, rest = article_url.split("S-S", 1)
        self._before_article, self._after_article = rest.split("A-A", 1)
        self._section_start, self._section_end = reverse("articles:section", kwargs={"section_slug": "S-S"}).split(
            "S-S", 1
        )

    def article(self, section_slug, slug):
        return f"{self._before_section}{section_slug}{self._before_article}{slug}{self._after_article}"

    def section(self, section_slug):
        return f"{self._section_start}{section_slug}{self._section_end}"


@functools.lru_cache(maxsize=8)
def _for_prefix(script_prefix):  # the key only: reverse() reads the prefix itself
    return Addresses()


def addresses():
    return _for_prefix(get_script_prefix())
