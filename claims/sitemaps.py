"""
The sitemap (Django's sitemaps framework): every public page of the dossier, a section
per kind, for search engines. `/sitemap.xml` is the index of the sections' pages.
"""

from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.sitemaps import Sitemap

from sources.models import Actor, Source

from .models import Claim, Event, Question


class DossierSitemap(Sitemap):
    # Small pages: each is rendered when asked, and a million claims make 200 of them.
    limit = 5000
    fields = ["pk", "slug", "updated_at"]

    def get_protocol(self, protocol=None):
        """The site's own address (SITE_URL) where set, as every absolute link here."""
        return urlsplit(settings.SITE_URL).scheme or super().get_protocol(protocol)

    def get_domain(self, site=None):
        return urlsplit(settings.SITE_URL).netloc or super().get_domain(site)

    def lastmod(self, item):
        return item.updated_at


class QuestionSitemap(DossierSitemap):
    def items(self):
        return Question.objects.published().only(*self.fields).order_by("pk")


class ClaimSitemap(DossierSitemap):
    fields = ["pk", "updated_at"]

    def items(self):
        return Claim.objects.published().only(*self.fields).order_by("pk")


class SourceSitemap(DossierSitemap):
    def items(self):
        return Source.objects.published().only(*self.fields).order_by("pk")


class ActorSitemap(DossierSitemap):
    def items(self):
        return Actor.objects.only(*self.fields).order_by("pk")


class EventSitemap(DossierSitemap):
    def items(self):
        return Event.objects.only(*self.fields).order_by("pk")


SITEMAPS = {
    "questions": QuestionSitemap,
    "events": EventSitemap,
    "sources": SourceSitemap,
    "actors": ActorSitemap,
    "claims": ClaimSitemap,
}
