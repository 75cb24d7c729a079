"""The source admin's form: the language chosen among the dossier's, and a new text
checked against the quotes the source backs."""

from django import forms
from django.conf import settings
from django.db import models
from django.utils.translation import get_language_info

from sources.models import Source

from .corrections import CorrectedForm
from .kept_quotes import refuse_lost_quotes


def language_name(tag: str) -> str:
    """ "English (en)"; a tag Django has no name for is shown as it is."""
    try:
        return f"{get_language_info(tag)['name_translated']} ({tag})"
    except KeyError:
        return tag


def language_choices(current: str = "") -> list[tuple[str, str]]:
    """The dossier's languages, no one chosen for the editor; a source written in
    another keeps its language."""
    tags = list(settings.DOSSIER_LANGUAGES)
    if current and current not in tags:
        tags.append(current)
    return [("", "---------"), *((tag, language_name(tag)) for tag in tags)]


def form_field(field, **kwargs):
    if isinstance(field, models.URLField):
        kwargs["assume_scheme"] = "https"  # as the admin's formfield_overrides say
    return field.formfield(**kwargs)


class SourceForm(CorrectedForm):
    class Meta:
        model = Source
        formfield_callback = form_field
        fields = [
            "title",
            "slug",
            "kind",
            "language",
            "parent",
            "outlet",
            "authors",
            "published_on",
            "published_precision",
            "url",
            "text",
            "text_public",
            "stance_notes",
            "stance_notes_de",
            "reliability_notes",
            "reliability_notes_de",
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "language" in self.fields:
            field = self.fields["language"]
            self.fields["language"] = forms.ChoiceField(
                label=field.label,
                help_text=field.help_text,
                choices=language_choices(self.instance.language if self.instance.pk else ""),
                validators=field.validators,
            )

    def clean_text(self):
        text = self.cleaned_data["text"]
        # self.instance may be an older version (a revert from the history): the stored
        # text is the one the claims' quotes were checked against.
        refuse_lost_quotes(self.instance, text)
        return text
