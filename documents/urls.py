from django.urls import path

from . import views

app_name = "documents"

urlpatterns = [
    path("<int:pk>/original/", views.original, name="original"),
    path("of-source/<slug:slug>/original/", views.source_original, name="source_original"),
]
