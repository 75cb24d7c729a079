"""Every save, delete and history revert in the admin renews the kept pages that show
the object, as it was and as it is: each model names them in `renews()`."""

from django.contrib import admin
from django.db import transaction

from .changes import changed, changed_objects, merged


class RenewsPages(admin.ModelAdmin):
    """Mixed into every admin of a model that kept pages show."""

    def save_model(self, request, obj, form, change):
        # As stored before: a claim moved to another question renews the one it left.
        before = self.model._base_manager.filter(pk=obj.pk).first() if change else None
        super().save_model(request, obj, form, change)
        obj.renewed_before = before.renews() if before is not None else {}

    def save_related(self, request, form, formsets, change):
        # Renewed once the admin, which always saves the related objects after the
        # object, has saved them all: as saved with its many-to-many fields (a source's
        # authors) and inlines, and as it was.
        super().save_related(request, form, formsets, change)
        obj = form.instance
        changed(**merged([getattr(obj, "renewed_before", {}), obj.renews()]))

    def delete_model(self, request, obj):
        renewals = obj.renews()  # read before it is gone
        super().delete_model(request, obj)
        changed(**renewals)

    def delete_queryset(self, request, queryset):
        renewals = merged(obj.renews() for obj in queryset)
        super().delete_queryset(request, queryset)
        changed(**renewals)

    # simple-history's revert view saves (save_model) outside a transaction: lock rows
    # inside one, and renew the pages of the many-to-many fields it restored.
    def history_form_view(self, request, object_id, version_id, extra_context=None):
        with transaction.atomic():
            response = super().history_form_view(request, object_id, version_id, extra_context)
            if request.method == "POST":
                obj = self.model._base_manager.filter(pk=object_id).first()
                if obj is not None:
                    changed_objects(obj)
            return response
