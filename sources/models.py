from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator, URLValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from dossier.dates import format_partial_date
from dossier.publication import PUBLISHED, Reviewed
from dossier.sizes import megabytes
from dossier.versioning import Versioned

# A pragmatic BCP 47 check: a primary language subtag and optional subtags
# ("de", "en-GB", "kk-Cyrl-KZ").
bcp47_validator = RegexValidator(
    r"^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$",
    _("Enter a BCP 47 language tag such as “de”, “en-GB” or “kk-Cyrl”."),
)


def text_fits(text: str) -> None:
    """A source's text is at most SOURCE_TEXT_MAX_BYTES of UTF-8: what the reading view
    and the search index are measured for (docs/operators/limits-on-input.md)."""
    size, limit = len(text.encode("utf-8", "surrogatepass")), settings.SOURCE_TEXT_MAX_BYTES
    if size > limit:
        raise ValidationError(
            _(
                "This text is %(size)s MB long; a source's text may have at most %(limit)s MB. "
                "Split a longer document into parts (a source can be part of another)."
            ),
            code="too_long",
            params={"size": megabytes(size), "limit": megabytes(limit)},
        )


# A source's address is shown as a link: only web addresses, never javascript: or data:.
LINK_SCHEMES = ["http", "https"]


class DatePrecision(models.TextChoices):
    """How much of a stored date the source actually gave."""

    DAY = "day", _("Day")
    MONTH = "month", _("Month")
    YEAR = "year", _("Year")


def precision_goes_with_date(date_field: str, precision_field: str, name: str):
    """A precision is given exactly when its date is."""
    return models.CheckConstraint(
        condition=(
            Q(**{f"{date_field}__isnull": True, precision_field: ""})
            | (Q(**{f"{date_field}__isnull": False}) & ~Q(**{precision_field: ""}))
        ),
        name=name,
        violation_error_message=_("Give a date and its precision together, or neither."),
    )


class ActorQuerySet(models.QuerySet):
    def get_by_natural_key(self, slug):
        return self.get(slug=slug)

    def places(self):
        return self.filter(kind__in=Actor.PLACE_KINDS)


class Actor(Versioned, models.Model):
    """Anyone or anything a source names: a person, a body, an outlet, a place."""

    class Kind(models.TextChoices):
        PERSON = "person", _("Person")
        ORGANISATION = "organisation", _("Organisation")
        STATE = "state", _("State")
        GOVERNMENT_BODY = "government_body", _("Government body")
        MEDIA_OUTLET = "media_outlet", _("Media outlet")
        NEWS_AGENCY = "news_agency", _("News agency")
        PLACE = "place", _("Place")

    # States are places too: "the unrest in Kazakhstan".
    PLACE_KINDS = [Kind.PLACE, Kind.STATE]

    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    name = models.CharField(
        _("name"), max_length=200, help_text=_("The name in its usual English spelling.")
    )
    slug = models.SlugField(_("slug"), max_length=200, unique=True)
    description = models.TextField(_("description"), blank=True)
    description_de = models.TextField(
        _("description in German"), blank=True, default="", db_default=""
    )

    updated_at = models.DateTimeField(_("last changed"), auto_now=True)

    objects = ActorQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]
        verbose_name = _("actor")
        verbose_name_plural = _("actors")

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("sources:actor", args=[self.slug])

    def renews(self) -> dict:
        """The kept pages this actor shows on, as pages.changes.changed()'s arguments."""
        return {"actors": {self.pk}}

    def natural_key(self):
        return (self.slug,)


class ActorAliasQuerySet(models.QuerySet):
    def get_by_natural_key(self, actor_slug, name):
        return self.get(actor__slug=actor_slug, name=name)


class ActorAlias(Versioned, models.Model):
    """Another way the sources write an actor's name: Tokajew, Toqajew, OVKS."""

    class Kind(models.TextChoices):
        SPELLING = "spelling", _("Spelling variant")
        TRANSLITERATION = "transliteration", _("Transliteration")
        TRANSLATION = "translation", _("Translation")
        ABBREVIATION = "abbreviation", _("Abbreviation")

    actor = models.ForeignKey(
        Actor, on_delete=models.CASCADE, related_name="aliases", verbose_name=_("actor")
    )
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.SPELLING)
    language = models.CharField(
        _("language"),
        max_length=35,
        blank=True,
        validators=[bcp47_validator],
        help_text=_("BCP 47 tag of the language that spells it so, if known."),
    )

    objects = ActorAliasQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]
        verbose_name = _("alias")
        verbose_name_plural = _("aliases")
        constraints = [
            models.UniqueConstraint(
                fields=["actor", "name"], name="sources_alias_unique_per_actor"
            ),
        ]

    def __str__(self):
        return self.name

    def renews(self) -> dict:
        """The kept pages this spelling shows on, as pages.changes.changed()'s arguments."""
        return {"actors": {self.actor_id}}

    def natural_key(self):
        return (*self.actor.natural_key(), self.name)

    natural_key.dependencies = ["sources.actor"]


class SourceQuerySet(models.QuerySet):
    def published(self) -> "SourceQuerySet":
        """What readers see: published sources."""
        return self.filter(status=PUBLISHED)

    def get_by_natural_key(self, slug):
        return self.get(slug=slug)


class Source(Reviewed, Versioned, models.Model):
    """One document, with its full text so that every quote can be checked."""

    class Kind(models.TextChoices):
        NEWS_REPORT = "news_report", _("News report")
        ANALYSIS = "analysis", _("Analysis")
        OPINION = "opinion", _("Opinion")
        STATEMENT = "statement", _("Statement")
        TRANSLATION = "translation", _("Translation")
        TRANSCRIPT = "transcript", _("Transcript")

    title = models.CharField(_("title"), max_length=300)
    slug = models.SlugField(_("slug"), max_length=200, unique=True)
    outlet = models.ForeignKey(
        Actor,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="outlet_sources",
        verbose_name=_("outlet"),
        help_text=_("The media outlet, agency or body that published it."),
    )
    authors = models.ManyToManyField(
        Actor, blank=True, related_name="authored_sources", verbose_name=_("authors")
    )
    published_on = models.DateField(_("published on"), null=True, blank=True)
    published_precision = models.CharField(
        _("precision of the publication date"),
        max_length=5,
        choices=DatePrecision.choices,
        blank=True,
        help_text=_("How much of the date is known: 2022-01-01 with “year” stands for 2022."),
    )
    url = models.URLField(
        _("URL"),
        max_length=500,
        blank=True,
        validators=[
            URLValidator(
                schemes=LINK_SCHEMES, message=_("Enter a web address starting with http(s)://.")
            )
        ],
    )
    # No default: figures and dates are read by it ("1,400" is 1400 in English, 1.4 in German).
    language = models.CharField(
        _("language"),
        max_length=35,
        validators=[bcp47_validator],
        help_text=_("The language the text is written in: figures and dates are read by it."),
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    text = models.TextField(
        _("full text"),
        help_text=_("The document as published; quotes are checked against it."),
        validators=[text_fits],
    )
    text_public = models.BooleanField(
        _("full text shown to readers"),
        default=False,
        help_text=_(
            "Only where the rights allow it: otherwise readers see the quoted passages "
            "with their context, never the whole text."
        ),
    )
    stance_notes = models.TextField(_("stance"), blank=True)
    stance_notes_de = models.TextField(_("stance in German"), blank=True, default="", db_default="")
    reliability_notes = models.TextField(_("reliability"), blank=True)
    reliability_notes_de = models.TextField(
        _("reliability in German"), blank=True, default="", db_default=""
    )
    parent = models.ForeignKey(
        "self",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="parts",
        verbose_name=_("part of"),
        help_text=_("The bundle this article was published in, if any."),
    )
    republishes = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="republications",
        verbose_name=_("republishes"),
        help_text=_(
            "The source this one publishes again (an agency report in another outlet): "
            "the comparison counts both as one voice."
        ),
    )

    updated_at = models.DateTimeField(_("last changed"), auto_now=True)

    objects = SourceQuerySet.as_manager()
    history = HistoricalRecords(m2m_fields=[authors])

    class Meta:
        ordering = ["-published_on", "title"]
        verbose_name = _("source")
        verbose_name_plural = _("sources")
        permissions = [("publish_source", _("Can publish, correct and withdraw sources"))]
        indexes = [
            # The few not published, whose claims readers do not see (claims' published()).
            models.Index(
                fields=["id"], condition=~Q(status=PUBLISHED), name="sources_source_unpublished"
            ),
        ]
        constraints = [
            precision_goes_with_date(
                "published_on", "published_precision", "sources_source_published_precision"
            ),
            models.CheckConstraint(
                condition=~Q(text=""),
                name="sources_source_has_text",
                violation_error_message=_("A source needs its full text."),
            ),
            models.CheckConstraint(
                condition=~Q(republishes=models.F("pk")),
                name="sources_source_not_its_own_republication",
                violation_error_message=_("A source cannot republish itself."),
            ),
            models.CheckConstraint(
                condition=Q(url="")
                | Q(url__istartswith="http://")
                | Q(url__istartswith="https://"),
                name="sources_source_url_is_web_address",
                violation_error_message=_("Enter a web address starting with http(s)://."),
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("sources:source", args=[self.slug])

    def clean(self):
        super().clean()
        original = self.republishes
        if original is None:
            return
        if self.pk is not None and original.pk == self.pk:
            raise ValidationError({"republishes": _("A source cannot republish itself.")})
        if original.republishes_id is not None:
            raise ValidationError(
                {
                    "republishes": _(
                        "“%(title)s” is itself a republication: choose the original it republishes."
                    )
                    % {"title": original.title}
                }
            )
        if self.pk is not None and self.republications.exists():
            raise ValidationError(
                {"republishes": _("Other sources republish this one: it is an original.")}
            )

    def renews(self) -> dict:
        """The kept pages this source shows on, as pages.changes.changed()'s arguments."""
        authors = set(self.authors.values_list("pk", flat=True)) if self.pk else set()
        return {
            "sources": {self.pk, self.parent_id, self.republishes_id},
            "actors": {self.outlet_id, *authors},
        }

    @property
    def voice_id(self) -> int:
        """The source whose voice this one's claims are counted with: the original of a
        republication, else itself."""
        return self.republishes_id or self.pk

    @property
    def published_display(self) -> str:
        return format_partial_date(self.published_on, self.published_precision)

    def natural_key(self):
        return (self.slug,)
