from django.urls import path

from consultants import views

app_name = "consultants"

urlpatterns = [
    path("", views.search, name="search"),
    path("submit/", views.submit, name="submit"),
    path("submit/thanks/", views.submit_thanks, name="submit_thanks"),
    path("<slug:slug>/", views.detail, name="detail"),
]
