from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ClaimsConfig(AppConfig):
    name = "claims"
    verbose_name = _("Events, questions and claims")

    def ready(self):
        from . import lookups  # noqa: F401 (registers field__any)
