"""The editors' forms: files and pasted text to bring in, and a draft source to confirm."""

from django import forms
from django.conf import settings
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from sources.models import Actor, Source


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files from one input: each checked as a FileField checks one."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput())
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        files = data if isinstance(data, list | tuple) else [data] if data else []
        return [super(MultipleFileField, self).clean(one, initial) for one in files]


class UploadForm(forms.Form):
    files = MultipleFileField(
        label=_("Files"),
        required=False,
        help_text=_(
            "One or several files: web pages saved as HTML, PDFs (scanned ones too), Word "
            "documents (.docx) or plain text. Each is read by its content, whatever its name."
        ),
    )
    pasted = forms.CharField(
        label=_("Or paste a text"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 10}),
        strip=False,
        help_text=_("An article's text, or a web page's HTML."),
    )

    def clean_files(self):
        files = self.cleaned_data["files"]
        if len(files) > settings.DOCUMENT_MAX_FILES:
            raise forms.ValidationError(
                ngettext(
                    "Upload at most %(count)d file at once.",
                    "Upload at most %(count)d files at once.",
                    settings.DOCUMENT_MAX_FILES,
                )
                % {"count": settings.DOCUMENT_MAX_FILES}
            )
        too_large = [one.name for one in files if one.size > settings.DOCUMENT_MAX_BYTES]
        if too_large:
            raise forms.ValidationError(
                _("%(names)s: larger than %(size)s MB, the most a file may be.")
                % {
                    "names": ", ".join(too_large),
                    "size": f"{settings.DOCUMENT_MAX_BYTES / 2**20:g}",
                }
            )
        return files

    def clean_pasted(self):
        pasted = self.cleaned_data["pasted"]
        if len(pasted.encode()) > settings.DOCUMENT_MAX_BYTES:
            raise forms.ValidationError(
                _("The text is larger than %(size)s MB, the most a document may be.")
                % {"size": f"{settings.DOCUMENT_MAX_BYTES / 2**20:g}"}
            )
        return pasted if pasted.strip() else ""

    def clean(self):
        cleaned = super().clean()
        if not self.errors and not cleaned.get("files") and not cleaned.get("pasted"):
            raise forms.ValidationError(_("Choose files, or paste a text."))
        return cleaned


class ConfirmForm(forms.ModelForm):
    """The draft source as read, for the editor to check and confirm."""

    new_outlet = forms.CharField(
        label=_("New outlet"),
        required=False,
        max_length=200,
        help_text=_("The outlet the document names, when no actor held matches it: made anew."),
    )
    author_names = forms.CharField(
        label=_("Authors"),
        required=False,
        max_length=1000,
        help_text=_(
            "Comma-separated. Each is matched to an actor by name or alias; others are made anew."
        ),
    )

    class Meta:
        model = Source
        fields = [
            "title",
            "kind",
            "language",
            "outlet",
            "published_on",
            "published_precision",
            "url",
            "republishes",
            "text",
        ]
        wide = {"class": "vLargeTextField"}
        widgets = {
            "title": forms.TextInput(attrs=wide),
            "url": forms.URLInput(attrs=wide),
            "text": forms.Textarea(attrs={"rows": 20, **wide}),
        }

    # The outlet and authors beside the other details, the text last.
    field_order = [
        "title",
        "kind",
        "language",
        "outlet",
        "new_outlet",
        "author_names",
        "published_on",
        "published_precision",
        "url",
        "republishes",
        "text",
    ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["outlet"].queryset = Actor.objects.order_by("name")
        self.fields["republishes"].queryset = Source.objects.filter(republishes__isnull=True)
        # Long titles shortened, so that the choice fits the page.
        self.fields["republishes"].label_from_instance = lambda s: Truncator(s).chars(80)
        self.fields["language"].help_text = _("As read from the text: check it.")

    def source_data(self) -> dict:
        return self.cleaned_data | {"authors": self.cleaned_data.get("author_names", "")}
