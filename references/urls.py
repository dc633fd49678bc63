from django.urls import path

from references import views

app_name = "references"

urlpatterns = [path("", views.reference_list, name="list")]
