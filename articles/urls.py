from django.urls import path

from articles import views

app_name = "articles"

urlpatterns = [
    path("", views.section_list, name="sections"),
    path("<slug:section_slug>/", views.section_detail, name="section"),
    path("<slug:section_slug>/<slug:article_slug>/", views.article_detail, name="article"),
]

# The reference library at /references/ (namespace "references"): every reference with the articles citing it.
reference_library_urls = ([path("", views.reference_library, name="list")], "references")
