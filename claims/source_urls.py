from django.urls import path

from . import source_pages

# The pages are about sources and actors, so their names say so: "sources:source".
app_name = "sources"
urlpatterns = [
    path("sources/", source_pages.source_list, name="source_list"),
    path("sources/<slug:slug>/", source_pages.source_detail, name="source"),
    path("actors/<slug:slug>/", source_pages.actor_detail, name="actor"),
]
