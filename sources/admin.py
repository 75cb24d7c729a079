from django.contrib import admin
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from claims.admin import ClaimsListAdmin, DossierAdmin
from pages.admin import RenewsPages

from .authors import lost_authors
from .models import Actor, ActorAlias, Source
from .reading import ReadingAdminMixin
from .resources import ActorResource, SourceResource


class ActorAliasInline(admin.TabularInline):
    model = ActorAlias
    extra = 1


@admin.register(Actor)
class ActorAdmin(DossierAdmin):
    resource_classes = [ActorResource]
    list_display = ["name", "kind", "alias_list"]
    list_filter = ["kind"]
    search_fields = ["name", "slug", "aliases__name"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [ActorAliasInline]
    fields = ["kind", "name", "slug", ("description", "description_de")]

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("aliases")

    def delete_model(self, request, obj):
        with lost_authors([obj]):
            super().delete_model(request, obj)

    def delete_queryset(self, request, queryset):
        with lost_authors(list(queryset)):
            super().delete_queryset(request, queryset)

    @admin.display(description=_("aliases"))
    def alias_list(self, actor):
        return ", ".join(alias.name for alias in actor.aliases.all())


@admin.register(ActorAlias)
class ActorAliasAdmin(RenewsPages, SimpleHistoryAdmin):
    """Each spelling on its own, so that its history shows who added or changed it."""

    list_display = ["name", "actor", "kind", "language"]
    list_filter = ["kind"]
    list_select_related = ["actor"]
    search_fields = ["name", "actor__name"]
    autocomplete_fields = ["actor"]


@admin.register(Source)
class SourceAdmin(ReadingAdminMixin, ClaimsListAdmin):
    # The claims list, and the "Read and claim" button
    change_form_template = "admin/sources/source/change_form.html"
    resource_classes = [SourceResource]
    list_display = ["title", "outlet", "published_on", "language", "kind", "parent", "read_link"]
    list_filter = ["kind", "language", "outlet"]
    list_select_related = ["outlet", "parent"]
    search_fields = ["title", "slug", "outlet__name"]
    date_hierarchy = "published_on"
    prepopulated_fields = {"slug": ["title"]}
    autocomplete_fields = ["outlet", "authors", "parent"]
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    claims_of = "source"

    fieldsets = [
        (None, {"fields": ["title", "slug", "kind", "language", "parent"]}),
        (
            _("Publication"),
            {"fields": ["outlet", "authors", "published_on", "published_precision", "url"]},
        ),
        (_("Text"), {"fields": ["text"]}),
        (
            _("Assessment"),
            {
                "fields": [
                    ("stance_notes", "stance_notes_de"),
                    ("reliability_notes", "reliability_notes_de"),
                ],
                "description": _(
                    "German pages show the German texts; English stands in for any left empty."
                ),
            },
        ),
    ]
