"""The site's URLconf plus one new top-level address, as if a developer added an app at /events/."""

from django.http import HttpResponse
from django.urls import path

from lowmilk.urls import urlpatterns as site_urlpatterns

urlpatterns = [path("events/", lambda request: HttpResponse("events"), name="events"), *site_urlpatterns]
