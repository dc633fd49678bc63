from django.urls import path

from pages import views

app_name = "pages"

urlpatterns = [
    path("contact/", views.contact, name="contact"),
    path("contact/thanks/", views.contact_thanks, name="contact_thanks"),
    path("donate/", views.donate, name="donate"),
    path("<slug:slug>/", views.page_detail, name="page"),
]
