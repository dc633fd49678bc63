"""/feed/ (Atom) and /feed/rss/: new and updated articles, most recently changed first."""

from django.contrib.syndication.views import Feed
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.html import escape

from articles.models import Article
from pages.models import SiteSettings

FEED_LENGTH = 20


class ArticlesFeed(Feed):
    def title(self):
        return f"{SiteSettings.load().site_name}: new and updated articles"

    def description(self):
        return SiteSettings.load().tagline or self.title()

    def link(self):
        return reverse("home")

    def items(self):
        fields = ["title", "slug", "summary", "publish_at", "updated_at", "authors", "section__slug"]
        return Article.objects.published().select_related("section").only(*fields).order_by("-updated_at")[:FEED_LENGTH]

    def item_title(self, article):
        return article.title

    def item_description(self, article):
        # Feed readers treat a description as HTML; the summary is plain text, so its markup is shown, not run.
        return escape(article.summary)

    def item_pubdate(self, article):
        return article.publish_at

    def item_updateddate(self, article):
        return article.updated_at

    def item_author_name(self, article):
        return article.authors or None


class AtomArticlesFeed(ArticlesFeed):
    feed_type = Atom1Feed
    subtitle = ArticlesFeed.description
