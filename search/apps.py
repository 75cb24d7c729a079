from django.apps import AppConfig
from django.db.backends.signals import connection_created
from django.utils.translation import gettext_lazy as _


def register_fold_function(sender, connection, **kwargs):
    """SQLite has no unaccent(): give it ours, so both databases fold alike."""
    if connection.vendor == "sqlite":
        from .text import fold

        connection.connection.create_function(
            "DOSSIER_FOLD", 1, lambda text: None if text is None else fold(text), deterministic=True
        )


class SearchConfig(AppConfig):
    name = "search"
    verbose_name = _("Search")

    def ready(self):
        connection_created.connect(register_fold_function)
