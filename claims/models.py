from decimal import Context, Decimal

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from sources.models import (
    Actor,
    DatePrecision,
    Source,
    format_partial_date,
    precision_goes_with_date,
)


class SlugQuerySet(models.QuerySet):
    def get_by_natural_key(self, slug):
        return self.get(slug=slug)


class Event(models.Model):
    """What the figures are about: the unrest, the deployment, a founding."""

    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=200, unique=True)
    starts_on = models.DateField(_("starts on"), null=True, blank=True)
    starts_precision = models.CharField(
        _("precision of the start"), max_length=5, choices=DatePrecision.choices, blank=True
    )
    ends_on = models.DateField(_("ends on"), null=True, blank=True)
    ends_precision = models.CharField(
        _("precision of the end"), max_length=5, choices=DatePrecision.choices, blank=True
    )
    place = models.ForeignKey(
        Actor,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        limit_choices_to={"kind__in": Actor.PLACE_KINDS},
        related_name="events",
        verbose_name=_("place"),
    )
    parent = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        verbose_name=_("part of"),
    )
    description = models.TextField(_("description"), blank=True)

    updated_at = models.DateTimeField(_("last changed"), auto_now=True)

    objects = SlugQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["starts_on", "name"]
        verbose_name = _("event")
        verbose_name_plural = _("events")
        constraints = [
            precision_goes_with_date(
                "starts_on", "starts_precision", "claims_event_starts_precision"
            ),
            precision_goes_with_date("ends_on", "ends_precision", "claims_event_ends_precision"),
            models.CheckConstraint(
                condition=Q(starts_on__isnull=True)
                | Q(ends_on__isnull=True)
                | Q(ends_on__gte=F("starts_on")),
                name="claims_event_ends_after_start",
                violation_error_message=_("An event cannot end before it starts."),
            ),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("claims:event", args=[self.slug])

    @property
    def starts_display(self) -> str:
        return format_partial_date(self.starts_on, self.starts_precision)

    @property
    def ends_display(self) -> str:
        return format_partial_date(self.ends_on, self.ends_precision)

    def natural_key(self):
        return (self.slug,)


class QuestionQuerySet(SlugQuerySet):
    def for_index(self) -> "QuestionQuerySet":
        """The most-answered questions first; the index's sort links reorder them."""
        return self.select_related("event").order_by("-source_count", "slug")

    def refresh_analysis(self) -> int:
        """Re-analyse these questions' answers; returns how many were analysed."""
        claims = Claim.objects.select_related("source", "place")
        questions = list(self.prefetch_related(models.Prefetch("claims", queryset=claims)))
        for question in questions:
            question.apply_analysis()
        Question.objects.bulk_update(questions, Question.ANALYSIS_FIELDS, batch_size=500)
        return len(questions)


class Question(models.Model):
    """One comparable question that several sources may answer differently."""

    class Agreement(models.TextChoices):
        UNANSWERED = "unanswered", _("Unanswered")
        SINGLE = "single", _("Single source")
        AGREE = "agree", _("Sources agree")
        SPELLING = "spelling", _("Differ only in spelling")
        OVER_TIME = "over_time", _("Count grew over time")
        DEFINITION = "definition", _("Differ in definition")
        ACCOUNTS = "accounts", _("Compare the accounts")
        CONFLICT = "conflict", _("Conflict")

    class ValueType(models.TextChoices):
        COUNT = "count", _("Count")
        YEAR = "year", _("Year")
        DATE = "date", _("Date")
        PERCENTAGE = "percentage", _("Percentage")
        MONEY = "money", _("Amount of money")
        QUANTITY = "quantity", _("Distance, area or other quantity")
        PLACE = "place", _("Place")
        YES_NO = "yes_no", _("Yes or no")
        TEXT = "text", _("Free text")

    NUMERIC_TYPES = (
        ValueType.COUNT,
        ValueType.YEAR,
        ValueType.PERCENTAGE,
        ValueType.MONEY,
        ValueType.QUANTITY,
    )

    event = models.ForeignKey(
        Event, on_delete=models.PROTECT, related_name="questions", verbose_name=_("event")
    )
    slug = models.SlugField(_("slug"), max_length=200, unique=True)
    text_en = models.CharField(_("question in English"), max_length=300)
    text_de = models.CharField(_("question in German"), max_length=300)
    value_type = models.CharField(_("type of answer"), max_length=12, choices=ValueType.choices)
    unit = models.CharField(
        _("unit"),
        max_length=50,
        blank=True,
        help_text=_("For numeric answers: “people”, “%”, “km²”, “USD”, “barrels per day”."),
    )
    scope_note = models.TextField(
        _("scope"), blank=True, help_text=_("Who or what is counted, and what is not.")
    )
    editorial_note = models.TextField(
        _("editorial note"),
        blank=True,
        help_text=_(
            "Context from general knowledge, shown as the editors' note. Never a source's claim."
        ),
    )
    # Derived from the claims by refresh_analysis(), stored so that the index can
    # filter and sort by them without reading every claim.
    agreement = models.CharField(
        _("agreement"),
        max_length=12,
        choices=Agreement.choices,
        default=Agreement.UNANSWERED,
        editable=False,
    )
    source_count = models.PositiveIntegerField(_("sources"), default=0, editable=False)
    answer_summary = models.CharField(_("answers"), max_length=200, blank=True, editable=False)

    ANALYSIS_FIELDS = ["agreement", "source_count", "answer_summary"]

    updated_at = models.DateTimeField(_("last changed"), auto_now=True)

    objects = QuestionQuerySet.as_manager()
    # The analysis is derived from the claims, not edited: their history tells it.
    history = HistoricalRecords(excluded_fields=ANALYSIS_FIELDS)

    class Meta:
        ordering = ["event__starts_on", "slug"]
        verbose_name = _("question")
        verbose_name_plural = _("questions")
        indexes = [
            # The index page's default order: the most-answered questions first.
            models.Index(F("source_count").desc(), "slug", name="claims_question_most_answered"),
        ]

    def __str__(self):
        return self.text_en

    def get_absolute_url(self):
        return reverse("claims:question", args=[self.slug])

    def natural_key(self):
        return (self.slug,)

    def analyse(self, claims=None):
        """Compare the answers: do they agree, conflict, or differ for a reason?"""
        from .analysis import analyse

        return analyse(self, list(self.claims.all()) if claims is None else claims)

    def apply_analysis(self, claims=None):
        analysis = self.analyse(claims)
        self.agreement = analysis.status
        self.source_count = analysis.source_count
        self.answer_summary = analysis.summary[:200]
        return analysis

    def refresh_analysis(self):
        self.apply_analysis(list(self.claims.select_related("source", "place")))
        self.save(update_fields=self.ANALYSIS_FIELDS)

    @property
    def text(self) -> str:
        """The question in the reader's language."""
        return self.text_de if get_language() == "de" else self.text_en

    @property
    def is_numeric(self) -> bool:
        return self.value_type in self.NUMERIC_TYPES


class ClaimQuerySet(models.QuerySet):
    def comparison_stamps(self) -> list[tuple]:
        """When each claim, and each object the comparison shows with it, last changed."""
        return list(
            self.order_by("pk").values_list(
                "pk",
                "updated_at",
                "source__updated_at",
                "source__outlet__updated_at",
                "actor__updated_at",
                "place__updated_at",
            )
        )

    def for_comparison(self) -> "ClaimQuerySet":
        """Everything the comparison page shows of each claim, in one query."""
        return (
            self.select_related("source__outlet", "actor", "place")
            .defer("source__text")  # long, and shown on the source's page only
            .preferred_first()
        )

    def by_source(self, source: Source) -> "ClaimQuerySet":
        return self.filter(source=source)

    def by_actor(self, actor: Actor) -> "ClaimQuerySet":
        return self.filter(actor=actor)

    def preferred_first(self) -> "ClaimQuerySet":
        return self.order_by(
            models.Case(
                models.When(rank=Claim.Rank.PREFERRED, then=0),
                models.When(rank=Claim.Rank.NORMAL, then=1),
                default=2,
            ),
            "as_of",
            "pk",
        )


def exactly_one(*conditions: Q) -> Q:
    """True when exactly one of the conditions holds."""
    result = Q(pk__in=[])
    for i, chosen in enumerate(conditions):
        clause = chosen
        for j, other in enumerate(conditions):
            if i != j:
                clause &= ~other
        result |= clause
    return result


# How a stated figure turns into bounds: "at least 225" is known from below only.
# A figure both databases store and read back exactly: SQLite keeps a fraction as a
# double, which holds 15 significant digits; the columns hold 16 whole digits and 4 places.
FIGURE_MAX_DIGITS = 20
FIGURE_DECIMAL_PLACES = 4
FIGURE_SIGNIFICANT_DIGITS = 15


def validate_figure(value: Decimal) -> None:
    if not value.is_finite():
        raise ValidationError(_("Enter a number."), code="invalid")
    digits = value.normalize(Context(prec=FIGURE_MAX_DIGITS + 10)).as_tuple().digits
    if len(digits) > FIGURE_SIGNIFICANT_DIGITS:
        raise ValidationError(
            _(
                "A figure can have at most %(limit)d significant digits; this one has "
                "%(digits)d. Round it, or state it in a larger unit."
            ),
            code="significant_digits",
            params={"limit": FIGURE_SIGNIFICANT_DIGITS, "digits": len(digits)},
        )


def figure_field(verbose_name, **kwargs) -> models.DecimalField:
    return models.DecimalField(
        verbose_name,
        max_digits=FIGURE_MAX_DIGITS,
        decimal_places=FIGURE_DECIMAL_PLACES,
        null=True,
        blank=True,
        validators=[validate_figure],
        **kwargs,
    )


POINT_BOUNDS = ("exact", "approximate")
LOWER_BOUNDS = ("at_least", "more_than")
UPPER_BOUNDS = ("at_most", "less_than", "almost")


class Claim(models.Model):
    """One answer to a question, as one source gives it, with the words it uses."""

    class Attribution(models.TextChoices):
        OWN = "own", _("Own statement")
        DIRECT_QUOTE = "direct_quote", _("Direct quote")
        PARAPHRASE = "paraphrase", _("Paraphrase")
        ACCORDING_TO = "according_to", _("According to")
        CITING_REPORT = "citing_report", _("Citing another report")

    class Bound(models.TextChoices):
        EXACT = "exact", _("Exact")
        APPROXIMATE = "approximate", _("Approximate")
        AT_LEAST = "at_least", _("At least")
        MORE_THAN = "more_than", _("More than")
        AT_MOST = "at_most", _("At most")
        LESS_THAN = "less_than", _("Less than")
        ALMOST = "almost", _("Almost")
        RANGE = "range", _("Range")
        VAGUE = "vague", _("Vague")

    class Rank(models.TextChoices):
        PREFERRED = "preferred", _("Preferred")
        NORMAL = "normal", _("Normal")
        DEPRECATED = "deprecated", _("Deprecated")

    question = models.ForeignKey(
        Question, on_delete=models.CASCADE, related_name="claims", verbose_name=_("question")
    )
    source = models.ForeignKey(
        Source, on_delete=models.PROTECT, related_name="claims", verbose_name=_("source")
    )
    actor = models.ForeignKey(
        Actor,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="claims",
        verbose_name=_("attributed to"),
        help_text=_("Whom the source cites. Leave empty when the source asserts it itself."),
    )
    attribution = models.CharField(
        _("attribution"),
        max_length=15,
        choices=Attribution.choices,
        default=Attribution.OWN,
        help_text=_("How the source attributes the claim to the actor."),
    )
    stated_value = models.CharField(
        _("stated value"),
        max_length=300,
        help_text=_("The answer in the source's own words: “mindestens 225”, “fast 10.000”."),
    )
    bound = models.CharField(
        _("bound"),
        max_length=12,
        choices=Bound.choices,
        blank=True,
        help_text=_("For numeric answers: how the stated figure bounds the true one."),
    )
    value = figure_field(
        _("value"),
        help_text=_("The stated figure. Bounds follow from it unless the bound is a range."),
    )
    value_min = figure_field(_("lower bound"))
    value_max = figure_field(_("upper bound"))
    date_value = models.DateField(_("date"), null=True, blank=True)
    date_precision = models.CharField(
        _("precision of the date"), max_length=5, choices=DatePrecision.choices, blank=True
    )
    place = models.ForeignKey(
        Actor,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        limit_choices_to={"kind__in": Actor.PLACE_KINDS},
        related_name="place_claims",
        verbose_name=_("place"),
    )
    boolean_value = models.BooleanField(_("yes or no"), null=True, blank=True)
    text_value = models.TextField(_("text answer"), blank=True)
    scope = models.CharField(
        _("what it counts"),
        max_length=300,
        blank=True,
        help_text=_("Where the source counts something different from the question's scope."),
    )
    as_of = models.DateField(
        _("as of"), null=True, blank=True, help_text=_("When the figure held, if the source says.")
    )
    as_of_precision = models.CharField(
        _("precision of as of"), max_length=5, choices=DatePrecision.choices, blank=True
    )
    quote = models.TextField(
        _("quote"), help_text=_("Verbatim from the source's text, in its original language.")
    )
    quote_translation = models.TextField(_("translation of the quote"), blank=True)
    rank = models.CharField(_("rank"), max_length=10, choices=Rank.choices, default=Rank.NORMAL)
    rank_reason = models.CharField(_("reason for the rank"), max_length=300, blank=True)
    notes = models.TextField(_("notes"), blank=True)
    updated_at = models.DateTimeField(_("last changed"), auto_now=True)
    # Counts saves through the admin, so that two editors of one claim cannot
    # overwrite each other unawares (see claims.forms.ClaimForm).
    version = models.PositiveIntegerField(_("version"), default=1, editable=False)

    objects = ClaimQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["question", "pk"]
        verbose_name = _("claim")
        verbose_name_plural = _("claims")
        indexes = [
            # The comparison page: claims of one question.
            models.Index(fields=["question", "rank"], name="claims_claim_question_rank"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(value_min__isnull=True)
                | Q(value_max__isnull=True)
                | Q(value_min__lte=F("value_max")),
                name="claims_claim_bounds_ordered",
                violation_error_message=_("The lower bound must not exceed the upper bound."),
            ),
            models.CheckConstraint(
                condition=(
                    Q(bound__in=POINT_BOUNDS, value__isnull=False)
                    & Q(value_min__isnull=False, value_max__isnull=False)
                    & Q(value_min=F("value"), value_max=F("value"))
                )
                | (
                    Q(bound__in=LOWER_BOUNDS, value__isnull=False, value_max__isnull=True)
                    & Q(value_min__isnull=False, value_min=F("value"))
                )
                | (
                    Q(bound__in=UPPER_BOUNDS, value__isnull=False, value_min__isnull=True)
                    & Q(value_max__isnull=False, value_max=F("value"))
                )
                | Q(
                    bound="range",
                    value__isnull=True,
                    value_min__isnull=False,
                    value_max__isnull=False,
                )
                | Q(bound="vague", value__isnull=True)
                | Q(bound="", value__isnull=True, value_min__isnull=True, value_max__isnull=True),
                name="claims_claim_bounds_fit_bound",
                violation_error_message=_(
                    "The value and bounds do not fit the bound: an exact or approximate figure "
                    "is its own bounds, “at least” and “more than” give only a lower bound, "
                    "“at most”, “less than” and “almost” only an upper bound, a range needs "
                    "both bounds and no single value, a vague answer has no single value."
                ),
            ),
            models.CheckConstraint(
                condition=exactly_one(
                    ~Q(bound=""),
                    Q(date_value__isnull=False),
                    Q(place__isnull=False),
                    Q(boolean_value__isnull=False),
                    ~Q(text_value=""),
                ),
                name="claims_claim_one_kind_of_answer",
                violation_error_message=_(
                    "Give exactly one kind of answer: a number with its bound, a date, a place, "
                    "yes or no, or a text."
                ),
            ),
            precision_goes_with_date("date_value", "date_precision", "claims_claim_date_precision"),
            precision_goes_with_date("as_of", "as_of_precision", "claims_claim_as_of_precision"),
            models.CheckConstraint(
                condition=~Q(quote="") & ~Q(stated_value=""),
                name="claims_claim_has_quote",
                violation_error_message=_("A claim needs its stated value and a verbatim quote."),
            ),
            models.CheckConstraint(
                condition=Q(actor__isnull=False) | Q(attribution="own"),
                name="claims_claim_attribution_needs_actor",
                violation_error_message=_(
                    "Name the actor the source attributes the claim to, or choose “own statement”."
                ),
            ),
            models.CheckConstraint(
                condition=Q(rank="normal") | ~Q(rank_reason=""),
                name="claims_claim_rank_has_reason",
                violation_error_message=_("Say why the claim is preferred or deprecated."),
            ),
        ]

    def __str__(self):
        return f"{self.source}: {self.stated_value}"

    def get_absolute_url(self):
        return f"{self.question.get_absolute_url()}#claim-{self.pk}"

    @property
    def normalised(self) -> str:
        """The answer as a value with its bounds: "≥ 225", "≈ 2 000", "Zhanaozen"."""
        from .analysis import answer_label

        return answer_label(self, self.question.value_type)

    @property
    def as_of_display(self) -> str:
        return format_partial_date(self.as_of, self.as_of_precision)

    def clean(self):
        self.fill_bounds()
        if self.question_id:
            self.check_fits_question()

    def fill_bounds(self):
        """Derive the bounds from the stated figure, so editors enter a value and its bound."""
        if self.value is None:
            return
        if self.bound in POINT_BOUNDS:
            self.value_min = self.value_max = self.value
        elif self.bound in LOWER_BOUNDS:
            self.value_min, self.value_max = self.value, None
        elif self.bound in UPPER_BOUNDS:
            self.value_min, self.value_max = None, self.value

    def check_fits_question(self):
        """The answer must be of the kind the question asks for."""
        value_type = self.question.value_type
        T = Question.ValueType
        if value_type in Question.NUMERIC_TYPES:
            if not self.bound:
                raise ValidationError({"bound": _("This question takes a number and its bound.")})
        elif value_type == T.DATE:
            if self.date_value is None:
                raise ValidationError({"date_value": _("This question takes a date.")})
        elif value_type == T.PLACE:
            if self.place_id is None:
                raise ValidationError({"place": _("This question takes a place.")})
        elif value_type == T.YES_NO:
            if self.boolean_value is None:
                raise ValidationError({"boolean_value": _("This question takes yes or no.")})
        elif value_type == T.TEXT and not self.text_value:
            raise ValidationError({"text_value": _("This question takes a text answer.")})
