"""The public page types `make bench` measures, with the ratio to Wagtail's article page each must reach.

Site search is measured once per kind of query of bench/search_bench.py: on the generated articles every
vocabulary word occurs in every article, so a common word matches all 10,000 of them.
"""

# (name, target ratio to Wagtail's article req/s, path or None when it depends on the data)
PAGES = [
    ("home", 2.0),
    ("/articles/", 2.0),
    ("section page", 2.0),
    ("article", 3.0),
    ("/references/", 2.0),
    ("reference search, common name", 2.0),
    ("reference search, rare", 2.0),
    ("site search, common word", 2.0),
    ("site search, two words", 2.0),
    ("site search, quoted phrase", 2.0),
    ("site search, exclusion", 2.0),
    ("site search, or", 2.0),
    ("site search, question", 2.0),
    ("site search, rare word", 2.0),
    ("site search, no match", 2.0),
    ("about page", 2.0),
    ("directory", 2.0),
    ("directory search 50 km", 2.0),
    ("consultant profile", 2.0),
]
TARGETS = dict(PAGES)

FIXED_URLS = {
    "home": "/",
    "/articles/": "/articles/",
    "/references/": "/references/",
    "reference search, common name": "/references/?q=jenner",
    "reference search, rare": "/references/?q=clavey",
    "site search, common word": "/search/?q=milk",
    "site search, two words": "/search/?q=milk+supply",
    "site search, quoted phrase": "/search/?q=%22milk+supply%22",
    "site search, exclusion": "/search/?q=herbs+-fenugreek",
    "site search, or": "/search/?q=pcos+or+thyroid",
    "site search, question": "/search/?q=how+to+make+more+milk",
    "site search, rare word": "/search/?q=domperidone",
    "site search, no match": "/search/?q=zzyzx",
    "about page": "/about/",
    "directory": "/consultants/",
    "directory search 50 km": "/consultants/?place=10001&radius=50&unit=km",
}


def bench_article():
    """The article every figure uses: one in the middle of the generated ones."""
    from articles.models import Article

    articles = Article.objects.published().select_related("section")
    return articles.filter(slug__endswith="-5000").first() or articles.order_by("pk").first()


def article_for_edits():
    """The article the bench's editor saves: another one of the same section, so every page type is affected."""
    from articles.models import Article

    article = bench_article()
    return Article.objects.published().filter(section=article.section).exclude(pk=article.pk).order_by("pk").first()


def page_urls():
    """{page name: path} for this database (needs Django set up)."""
    from consultants.models import Listing

    article = bench_article()
    listing = Listing.objects.published().order_by("pk").first()
    return {
        **FIXED_URLS,
        "section page": article.section.get_absolute_url(),
        "article": article.get_absolute_url(),
        "consultant profile": listing.get_absolute_url(),
    }
