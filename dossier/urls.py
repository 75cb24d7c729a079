from django.contrib import admin
from django.contrib.sitemaps import views as sitemaps
from django.urls import include, path

from claims.admin_review import review_queue
from claims.sitemaps import SITEMAPS

urlpatterns = [
    path("admin/review/", admin.site.admin_view(review_queue), name="review_queue"),
    path("admin/", admin.site.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    path("api/", include("api.urls")),
    path("documents/", include("documents.urls")),
    path("sitemap.xml", sitemaps.index, {"sitemaps": SITEMAPS}, name="sitemap-index"),
    path(
        "sitemap-<section>.xml",
        sitemaps.sitemap,
        {"sitemaps": SITEMAPS},
        name="django.contrib.sitemaps.views.sitemap",
    ),
    path("", include("search.urls")),
    path("", include("claims.source_urls")),
    path("", include("claims.urls")),
]

handler400 = "dossier.views.bad_request"
