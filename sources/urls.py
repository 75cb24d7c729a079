from django.urls import path

from . import views

app_name = "sources"
urlpatterns = [
    path("sources/", views.source_list, name="source_list"),
    path("sources/<slug:slug>/", views.source_detail, name="source"),
    path("actors/<slug:slug>/", views.actor_detail, name="actor"),
]
