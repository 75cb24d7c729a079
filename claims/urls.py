from django.urls import path, register_converter

from . import feeds, views


class ExportFormatConverter:
    regex = "csv|json"

    def to_python(self, value):
        return value

    def to_url(self, value):
        return value


register_converter(ExportFormatConverter, "export_format")


class CitationFormatConverter(ExportFormatConverter):
    regex = "bib|json"


register_converter(CitationFormatConverter, "cite_format")

app_name = "claims"
urlpatterns = [
    path("", views.question_list, name="index"),
    path("export/claims.<export_format:fmt>", views.claims_export, name="export"),
    path("questions/<slug:slug>/", views.question_detail, name="question"),
    path(
        "questions/<slug:slug>/claims.<export_format:fmt>",
        views.question_export,
        name="question_export",
    ),
    path("questions/<slug:slug>/cite.<cite_format:fmt>", views.question_cite, name="question_cite"),
    path("claims/<int:pk>/", views.claim_detail, name="claim"),
    path("claims/<int:pk>/cite.<cite_format:fmt>", views.claim_cite, name="claim_cite"),
    path("suggest/<str:kind>/", views.suggest, name="suggest"),
    path("events/<slug:slug>/", views.event_detail, name="event"),
    path("feeds/dossier.atom", feeds.DossierFeed(), name="feed"),
    path("questions/<slug:slug>/feed.atom", feeds.QuestionFeed(), name="question_feed"),
    path("events/<slug:slug>/feed.atom", feeds.EventFeed(), name="event_feed"),
]
