from django import forms
from django.utils.translation import gettext_lazy as _

from .engine import KINDS, MAX_QUERY_LENGTH


class SearchForm(forms.Form):
    q = forms.CharField(
        label=_("Search"),
        max_length=MAX_QUERY_LENGTH,
        strip=True,
        error_messages={
            "max_length": _(
                "Please shorten your search to at most %(limit_value)d characters "
                "(it has %(show_value)d)."
            )
        },
    )
    kind = forms.ChoiceField(
        label=_("Kind of results"),
        choices=[("", _("All kinds"))] + [(kind.name, kind.name) for kind in KINDS],
        required=False,
    )
