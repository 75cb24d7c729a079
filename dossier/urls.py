from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("admin/", admin.site.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    path("api/", include("api.urls")),
    path("documents/", include("documents.urls")),
    path("", include("search.urls")),
    path("", include("claims.source_urls")),
    path("", include("claims.urls")),
]

handler400 = "dossier.views.bad_request"
