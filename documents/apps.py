from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DocumentsConfig(AppConfig):
    name = "documents"
    verbose_name = _("Documents brought in")

    def ready(self):
        from . import checks  # noqa: F401 (registers them)

    # `backup` and `restore` ask each app for the files its rows name through these two
    # methods (claims/backed_up_files.py), so claims need not import documents, built on it.
    def files_storage(self):
        return self.get_model("Document")._meta.get_field("file").storage

    def backed_up_files(self):
        """The original of each document: its name in the storage, and its SHA-256."""
        documents = self.get_model("Document").objects.exclude(file="").order_by("pk")
        return documents.values_list("file", "sha256").iterator()
