from django.conf import settings
from django.contrib import admin
from django.contrib.sitemaps.views import sitemap
from django.urls import include, path

from articles.feeds import ArticlesFeed, AtomArticlesFeed
from articles.urls import reference_library_urls
from core.uploads import EditorImageUploadView, EditorPreviewView, serve_media
from editorial.permissions import staff_with_any_permission
from website import views
from website.sitemaps import SITEMAPS

markdown_editors_only = staff_with_any_permission("articles.change_article", "pages.change_page")

admin.site.site_header = "Low Milk Supply: editors"
admin.site.site_title = "Low Milk Supply admin"

urlpatterns = [
    path("", views.home, name="home"),
    path("healthz", views.healthz, name="healthz"),
    # Public site: search, feeds and what search engines read.
    path("search/", views.search, name="search"),
    path("feed/", AtomArticlesFeed(), name="feed"),
    path("feed/rss/", ArticlesFeed(), name="feed_rss"),
    path("sitemap.xml", sitemap, {"sitemaps": SITEMAPS}, name="django.contrib.sitemaps.views.sitemap"),
    path("robots.txt", views.robots_txt, name="robots_txt"),
    path("favicon.ico", views.favicon, name="favicon"),
    path("admin/", admin.site.urls),
    # django-markdownx's preview and image upload, for those who edit markdown content (the package leaves
    # them open); uploads are verified images with random names (core/uploads.py).
    path("markdownx/markdownify/", markdown_editors_only(EditorPreviewView.as_view()), name="markdownx_markdownify"),
    path("markdownx/upload/", markdown_editors_only(EditorImageUploadView.as_view()), name="markdownx_upload"),
    path("articles/", include("articles.urls")),
    path("references/", include(reference_library_urls)),
    path("consultants/", include("consultants.urls")),
]

if settings.DEBUG:
    urlpatterns.append(path("media/<path:path>", serve_media))

# Editor-made pages live at the top level (/about/, /donate/), so they come last.
urlpatterns.append(path("", include("pages.urls")))
