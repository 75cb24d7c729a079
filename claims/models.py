"""The dossier's models and their querysets: events, questions, measures, claims, verdicts
and the relations between claims. What they rely on lives beside them, each in its own
module: disputes.py, figures.py, answers.py, text.py."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils.translation import get_language, get_language_info, override
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from dossier.publication import PUBLISHED, WITHDRAWN, Reviewed
from dossier.translation import localized
from dossier.versioning import Versioned
from pages.changes import changed
from sources.models import (
    Actor,
    DatePrecision,
    Source,
    format_partial_date,
    precision_goes_with_date,
)
from sources.text import quote_found

from .analysis import Analysis, Answer, Relation, analyse, answer_label, summarise
from .answers import ANSWER_FIELDS, StoredAnalysis, analysed, answers_from_rows, says_who
from .bulk import update_rows
from .disputes import DISPUTED, Agreement, dispute_ordering, dispute_rank
from .figures import figure_field
from .text import tidy_keywords


def reason_field() -> models.TextField:
    """A history record's reason, whole: a merge's names both questions and the editor's
    reason, longer than simple-history's default of 100 characters."""
    return models.TextField(null=True)


class SlugQuerySet(models.QuerySet):
    def get_by_natural_key(self, slug):
        return self.get(slug=slug)


class Event(Versioned, models.Model):
    """What the figures are about: the unrest, the deployment, a founding."""

    name = models.CharField(_("name"), max_length=200)
    name_de = models.CharField(
        _("name in German"), max_length=200, blank=True, default="", db_default=""
    )
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
    description_de = models.TextField(
        _("description in German"), blank=True, default="", db_default=""
    )

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
        return localized(self, "name")

    def get_absolute_url(self):
        return reverse("claims:event", args=[self.slug])

    def renews(self) -> dict:
        """The kept pages this event shows on, as pages.changes.changed()'s arguments."""
        return {"events": {self.pk}}

    @property
    def starts_display(self) -> str:
        return format_partial_date(self.starts_on, self.starts_precision)

    @property
    def ends_display(self) -> str:
        return format_partial_date(self.ends_on, self.ends_precision)

    def natural_key(self):
        return (self.slug,)


class QuestionQuerySet(SlugQuerySet):
    def published(self) -> "QuestionQuerySet":
        """What readers see: published questions."""
        return self.filter(status=PUBLISHED)

    def for_index(self) -> "QuestionQuerySet":
        """Disputes first; the index's sort links reorder them."""
        return self.select_related("event", "verdict").disputes_first()

    def disputes_first(self, reverse: bool = False) -> "QuestionQuerySet":
        """Where voices disagree most first, then the most voices, then by slug.

        Reversed as a whole, so that either direction reads the same index.
        """
        return self.order_by(*dispute_ordering(reverse))

    def disputed(self) -> "QuestionQuerySet":
        return self.filter(agreement__in=DISPUTED)

    def citing(self, actor: Actor) -> "QuestionQuerySet":
        """The questions some claim cites the actor on, by slug: the actor page's pages."""
        claims = Claim.objects.published().by_actor(actor)
        return self.filter(pk__in=claims.values("question_id")).order_by("slug")

    def disputes_by_event(self, per_event: int = 3, events: int = 12) -> list["Question"]:
        """The most disputed questions of the first events that have any, event by event.

        Two queries: each event's top questions are picked by correlated subqueries,
        each one a short read of the claims_question_event_disputes index.
        """
        ranked = self.filter(event=models.OuterRef("pk")).disputed().order_by(*dispute_ordering())
        tops = {
            f"top_{place}": models.Subquery(ranked.values("pk")[place : place + 1])
            for place in range(per_event)
        }
        rows = (
            Event.objects.annotate(**tops)
            .filter(top_0__isnull=False)
            .order_by("starts_on", "name", "pk")
            .values_list(*tops)[:events]
        )
        pks = [pk for row in rows for pk in row if pk is not None]
        questions = Question.objects.select_related("event").in_bulk(pks)
        return [questions[pk] for pk in pks]

    def refresh_analysis(self) -> int:
        """Re-analyse these questions' answers; returns how many were analysed.

        A batch of questions at a time, each in four queries: the questions (once),
        their claims as answers and the claims' relations (ClaimQuerySet.answer_rows),
        and the update of the stored analysis.
        """
        # Only what store_analysis reads: the stored fields are all written anew.
        questions = list(
            self.select_related("verdict").only(
                "value_type", "verdict__agreement", "verdict__status"
            )
        )
        for start in range(0, len(questions), REFRESH_BATCH):
            batch = questions[start : start + REFRESH_BATCH]
            rows = Claim.objects.filter(question__any=batch).voiced().answer_rows()
            stored = analysed([(question.pk, question.value_type) for question in batch], *rows)
            for question in batch:
                question.store_analysis(stored[question.pk])
            update_rows(Question, batch, Question.ANALYSIS_FIELDS)
        # The stored analysis the pages show is new.
        changed(questions=[question.pk for question in questions])
        return len(questions)


# Questions refreshed at a time: their answers are held in memory together.
REFRESH_BATCH = 2000


class Question(Reviewed, Versioned, models.Model):
    """One comparable question that several sources may answer differently."""

    Agreement = Agreement  # declared in claims.disputes, with their order by dispute

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
    # Required only in the dossier's first language (Question.clean): the pages show the
    # other where one is empty.
    text_en = models.CharField(_("question in English"), max_length=300, blank=True)
    text_de = models.CharField(_("question in German"), max_length=300, blank=True)
    value_type = models.CharField(_("type of answer"), max_length=12, choices=ValueType.choices)
    unit = models.CharField(
        _("unit"),
        max_length=50,
        blank=True,
        help_text=_("For numeric answers: “people”, “%”, “km²”, “USD”, “barrels per day”."),
    )
    unit_de = models.CharField(
        _("unit in German"),
        max_length=50,
        blank=True,
        default="",
        db_default="",
        help_text=_("“Menschen”, “Barrel pro Tag”."),
    )
    scope_note = models.TextField(
        _("scope"), blank=True, help_text=_("Who or what is counted, and what is not.")
    )
    scope_note_de = models.TextField(_("scope in German"), blank=True, default="", db_default="")
    editorial_note = models.TextField(
        _("editorial note"),
        blank=True,
        help_text=_(
            "Context from general knowledge, shown as the editors' note. Never a source's claim."
        ),
    )
    editorial_note_de = models.TextField(
        _("editorial note in German"), blank=True, default="", db_default=""
    )
    keywords = models.CharField(
        _("keywords in English"),
        max_length=500,
        blank=True,
        help_text=_(
            "Other words readers search for, separated by commas: “death toll, deaths, killed”."
        ),
    )
    keywords_de = models.CharField(
        _("keywords in German"),
        max_length=500,
        blank=True,
        help_text=_("The same in German, separated by commas: “Todesopfer, Tote, getötet”."),
    )
    verdict_due = models.BooleanField(
        _("verdict to decide again"),
        default=False,
        help_text=_(
            "Set when a merge or split changed the question's answers: decide its verdict "
            "again, or untick this to let the automatic analysis stand."
        ),
    )
    # Derived from the claims (and the editors' verdict) by refresh_analysis(),
    # stored so that the index can filter and sort by them without reading every claim.
    agreement = models.CharField(
        _("agreement"),
        max_length=12,
        choices=Agreement.choices,
        default=Agreement.UNANSWERED,
        editable=False,
        help_text=_("The verdict shown: the editors' where they gave one, else the automatic one."),
    )
    automatic_agreement = models.CharField(
        _("automatic analysis"),
        max_length=12,
        choices=Agreement.choices,
        default=Agreement.UNANSWERED,
        editable=False,
    )
    source_count = models.PositiveIntegerField(_("sources"), default=0, editable=False)
    answer_summary = models.CharField(_("answers"), max_length=200, blank=True, editable=False)
    answer_summary_de = models.CharField(
        _("answers in German"),
        max_length=200,
        blank=True,
        default="",
        db_default="",
        editable=False,
    )

    ANALYSIS_FIELDS = [
        "agreement",
        "automatic_agreement",
        "source_count",
        "answer_summary",
        "answer_summary_de",
    ]

    updated_at = models.DateTimeField(_("last changed"), auto_now=True)

    objects = QuestionQuerySet.as_manager()
    # The analysis is derived from the claims, not edited: their history tells it.
    history = HistoricalRecords(
        excluded_fields=ANALYSIS_FIELDS, history_change_reason_field=reason_field()
    )

    class Meta:
        ordering = ["event__starts_on", "slug"]
        verbose_name = _("question")
        verbose_name_plural = _("questions")
        permissions = [("publish_question", _("Can publish, correct and withdraw questions"))]
        constraints = [
            # In one language at least; which one is required is the dossier's setting.
            models.CheckConstraint(
                condition=~(Q(text_en="") & Q(text_de="")),
                name="claims_question_has_text",
                violation_error_message=_("A question needs its text."),
            ),
        ]
        indexes = [
            # The few not published, whose claims readers do not see (ClaimQuerySet.published).
            models.Index(
                fields=["id"], condition=~Q(status=PUBLISHED), name="claims_question_unpublished"
            ),
            # The index page's default order: the most-answered questions first.
            models.Index(F("source_count").desc(), "slug", name="claims_question_most_answered"),
            # The front page's disputes panel: each event's top disputes (disputes_by_event()).
            models.Index(
                "event",
                dispute_rank(),
                F("source_count").desc(),
                "slug",
                name="claims_question_event_disputes",
            ),
            # The index page's default order: disputes first (disputes_first()).
            models.Index(
                dispute_rank(),
                F("source_count").desc(),
                "slug",
                name="claims_question_disputes_first",
            ),
        ]

    def __str__(self):
        return self.text_en or self.text_de

    def get_absolute_url(self):
        return reverse("claims:question", args=[self.slug])

    def renews(self) -> dict:
        """The kept pages this question shows on, as pages.changes.changed()'s arguments."""
        return {"questions": {self.pk}}

    def natural_key(self):
        return (self.slug,)

    @property
    def public_verdict(self) -> "Verdict | None":
        """The editors' verdict as readers see it: once published, else none."""
        verdict = getattr(self, "verdict", None)
        return verdict if verdict is not None and verdict.is_published else None

    def analyse(self, claims=None) -> Analysis:
        """Compare the answers: do they agree, conflict, or differ for a reason?

        The claims need their sources, actors, places, measures and relations
        loaded (see ClaimQuerySet.for_analysis) for the analysis to read them;
        each answer carries its claim, for the comparison page to show.
        """
        if claims is None:
            prefetched = "claims" in getattr(self, "_prefetched_objects_cache", {})
            claims = list(self.claims.all() if prefetched else self.claims.for_analysis())
        analysis = analyse(self.value_type, [claim.as_answer() for claim in claims])
        analysis.label = Question.Agreement(analysis.status).label
        return analysis

    def apply_analysis(self, answers: list[Answer] | None = None) -> Analysis:
        """Store the analysis, with the summary of the answers in each language.

        The answers are read from the database unless given (ClaimQuerySet.answers()
        or Claim.as_answer()).
        """
        with override("en"):
            if answers is None:
                answers = self.claims.voiced().answers().get(self.pk, [])
            analysis = analyse(self.value_type, answers)
        with override("de"):
            summary_de = summarise(analysis.counted, self.value_type)
        self.store_analysis(StoredAnalysis.of(analysis, summary_de))
        return analysis

    def store_analysis(self, stored: "StoredAnalysis"):
        """Take the analysis's results; the editors' published verdict, if any, is the one
        shown."""
        verdict = getattr(self, "verdict", None)
        if verdict is not None and not verdict.is_published:
            verdict = None
        for name, value in stored.fields(verdict.agreement if verdict else None).items():
            setattr(self, name, value)

    def refresh_analysis(self):
        self._state.fields_cache.pop("verdict", None)  # it may just have changed
        self.apply_analysis()
        self.save(update_fields=self.ANALYSIS_FIELDS)
        changed(questions=[self.pk])

    def clean(self):
        # "deaths,  killed,,dead " → "deaths, killed, dead": the form search and editors see.
        self.keywords = tidy_keywords(self.keywords)
        self.keywords_de = tidy_keywords(self.keywords_de)
        self.check_text_in_first_language()
        self.check_slug_free()

    def check_text_in_first_language(self):
        """The question is asked in the dossier's first language; the other may follow."""
        first = settings.DOSSIER_LANGUAGES[0]
        if not getattr(self, f"text_{first}").strip():
            raise ValidationError(
                {
                    f"text_{first}": _(
                        "A question needs its text in %(language)s, the dossier's first "
                        "language; the other language's text may follow later."
                    )
                    % {"language": get_language_info(first)["name_translated"]}
                }
            )

    def check_slug_free(self):
        """A merged question's address leads to its survivor forever: no question takes it."""
        redirect = QuestionRedirect.objects.filter(old_slug=self.slug).select_related("question")
        redirect = redirect.first() if self.slug else None
        if redirect is not None and redirect.question_id != self.pk:
            raise ValidationError(
                {
                    "slug": _(
                        "This address belonged to a question merged into “%(question)s”, and "
                        "leads there: choose another slug."
                    )
                    % {"question": redirect.question}
                }
            )

    @property
    def keyword_list(self) -> list[str]:
        words = f"{self.keywords},{self.keywords_de}".split(",")
        return [word.strip() for word in words if word.strip()]

    @property
    def text(self) -> str:
        """The question in the reader's language, or in the other where it has none yet."""
        if get_language() == "de":
            return self.text_de or self.text_en
        return self.text_en or self.text_de

    @property
    def is_numeric(self) -> bool:
        return self.value_type in self.NUMERIC_TYPES


class QuestionRedirectQuerySet(models.QuerySet):
    def survivor_slug(self, old_slug: str) -> str | None:
        """The current slug of the question an old address leads to, if it leads anywhere."""
        rows = self.filter(old_slug=old_slug).values_list("question__slug", flat=True)
        return rows.first()


class QuestionRedirect(models.Model):
    """A merged question's address, answered with a permanent redirect to its survivor.

    It names the survivor's row, not its slug: the redirect follows the survivor if it
    is renamed, and a survivor merged later takes its redirects along (merging.py), so
    an old address leads to the final survivor in one step.
    """

    old_slug = models.SlugField(_("old slug"), max_length=200, unique=True)
    question = models.ForeignKey(
        Question,
        on_delete=models.CASCADE,
        related_name="redirects",
        verbose_name=_("leads to"),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    objects = QuestionRedirectQuerySet.as_manager()

    class Meta:
        ordering = ["old_slug"]
        verbose_name = _("address of a merged question")
        verbose_name_plural = _("addresses of merged questions")

    def __str__(self):
        return f"{self.old_slug} → {self.question_id}"

    def renews(self) -> dict:
        """The kept pages this redirect shows on, as pages.changes.changed()'s arguments."""
        return {"questions": {self.question_id}}


class DistinctPairQuerySet(models.QuerySet):
    def keys_touching(self, questions) -> set[tuple[int, int]]:
        """The pairs, as (lower pk, higher pk), judged distinct among these questions' pairs."""
        return set(
            self.filter(Q(first__in=questions) | Q(second__in=questions)).values_list(
                "first_id", "second_id"
            )
        )


class DistinctPair(models.Model):
    """Two questions an editor judged not to ask the same thing: no longer listed as
    possible duplicates. Stored with the lower pk first, so a pair is one row."""

    first = models.ForeignKey(
        Question, on_delete=models.CASCADE, related_name="+", verbose_name=_("question")
    )
    second = models.ForeignKey(
        Question, on_delete=models.CASCADE, related_name="+", verbose_name=_("distinct from")
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("judged by"),
    )
    decided_at = models.DateTimeField(_("judged on"), auto_now_add=True)

    objects = DistinctPairQuerySet.as_manager()

    class Meta:
        ordering = ["-decided_at"]
        verbose_name = _("pair of distinct questions")
        verbose_name_plural = _("pairs of distinct questions")
        constraints = [
            models.UniqueConstraint(fields=["first", "second"], name="distinct_pair_once"),
            models.CheckConstraint(
                condition=Q(first__lt=F("second")), name="distinct_pair_ordered"
            ),
        ]

    def __str__(self):
        return f"{self.first_id} ≠ {self.second_id}"

    @classmethod
    def judge(cls, one: Question, other: Question, by=None) -> "DistinctPair":
        """Record that the two questions differ (once, whoever says it again)."""
        first, second = sorted([one, other], key=lambda question: question.pk)
        pair, _ = cls.objects.get_or_create(first=first, second=second, defaults={"decided_by": by})
        return pair


class MeasureQuerySet(models.QuerySet):
    def get_by_natural_key(self, question_slug, slug):
        return self.get(question__slug=question_slug, slug=slug)


class Measure(models.Model):
    """One of the things a question's answers may measure: "the treaty", "the organisation".

    Claims marked with different measures differ in definition, not in fact.
    """

    question = models.ForeignKey(
        Question, on_delete=models.CASCADE, related_name="measures", verbose_name=_("question")
    )
    slug = models.SlugField(_("slug"), max_length=100)
    name = models.CharField(_("name"), max_length=200)
    name_de = models.CharField(_("name in German"), max_length=200, blank=True)

    objects = MeasureQuerySet.as_manager()
    history = HistoricalRecords(history_change_reason_field=reason_field())

    class Meta:
        ordering = ["question", "slug"]
        verbose_name = _("measure")
        verbose_name_plural = _("measures")
        constraints = [
            models.UniqueConstraint(
                fields=["question", "slug"],
                name="claims_measure_unique_slug",
                violation_error_message=_("This question already has a measure with this slug."),
            ),
        ]

    def __str__(self):
        return self.name

    def renews(self) -> dict:
        """The kept pages this measure shows on, as pages.changes.changed()'s arguments."""
        return {"questions": {self.question_id}}

    def natural_key(self):
        return (self.question.slug, self.slug)

    natural_key.dependencies = ["claims.question"]


class ClaimQuerySet(models.QuerySet):
    # Claims of the few questions and sources not published are left out by NOT IN their
    # keys (a hashed set, read by a partial index), not by joining every question and
    # source: the API's count of a million claims took 430 ms joined, 60 ms so.

    def published(self) -> "ClaimQuerySet":
        """What readers see: published claims of published questions and sources."""
        unpublished = Question.objects.exclude(status=PUBLISHED).values("pk")
        return self.voiced().exclude(question__in=unpublished)

    def previewed(self) -> "ClaimQuerySet":
        """What an editor's preview shows: all but the withdrawn, of sources not withdrawn."""
        withdrawn = Source.objects.filter(status=WITHDRAWN).values("pk")
        return self.exclude(status=WITHDRAWN).exclude(source__in=withdrawn)

    def voiced(self) -> "ClaimQuerySet":
        """The answers a question's agreement is computed from, whatever the question's
        own state: published claims of published sources."""
        unpublished = Source.objects.exclude(status=PUBLISHED).values("pk")
        return self.filter(status=PUBLISHED).exclude(source__in=unpublished)

    def answers(self) -> dict[int, list[Answer]]:
        """These claims as the analysis reads them, by question id, in two queries."""
        return answers_from_rows(*self.answer_rows())

    def answer_rows(self) -> tuple[list[tuple], list[tuple]]:
        """These claims and their relations as plain rows, for answers_from_rows().

        Rows, not model instances: building those would cost more than the analysis
        itself, and rows can be sent to the process that analyses a large import.
        """
        relations = ClaimRelation.objects.filter(claim__in=self.values("pk"))
        rows = self.values_list(
            "pk",
            "question_id",
            "place__name",
            "source__title",
            "source__outlet__name",
            "actor__name",
            "source__published_on",
            "source__published_precision",
            "measure__slug",
            "measure__name",
            "measure__name_de",
            # A republication speaks with its original's voice (Source.voice_id).
            *[
                Coalesce("source__republishes_id", "source_id") if name == "source_id" else name
                for name in ANSWER_FIELDS
            ],
        ).order_by("pk")  # the default order sorts by the questions' events and slugs too
        return list(rows), list(relations.values_list("claim_id", "kind", "other_id"))

    def for_analysis(self) -> "ClaimQuerySet":
        """What the agreement analysis reads of each claim: two queries."""
        return (
            self.select_related("source__outlet", "actor", "place", "measure")
            .defer("source__text")  # long, and shown on the source's page only
            .prefetch_related("relations")
        )

    def for_comparison(self) -> "ClaimQuerySet":
        """Everything the comparison page shows of each claim: two queries."""
        return self.for_analysis().preferred_first()

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
POINT_BOUNDS = ("exact", "approximate")
LOWER_BOUNDS = ("at_least", "more_than")
UPPER_BOUNDS = ("at_most", "less_than", "almost")


class Claim(Reviewed, Versioned, models.Model):
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
    text_value_de = models.TextField(
        _("text answer in German"),
        blank=True,
        default="",
        db_default="",
        help_text=_("Shown to German readers; the analysis compares the text answer above."),
    )
    scope = models.CharField(
        _("what it counts"),
        max_length=300,
        blank=True,
        help_text=_("Where the source counts something different from the question's scope."),
    )
    measure = models.ForeignKey(
        Measure,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="claims",
        verbose_name=_("measures"),
        help_text=_("What the answer measures, among the question's measures."),
    )
    tolerance = models.DecimalField(
        _("tolerance"),
        max_digits=20,
        decimal_places=4,
        null=True,
        blank=True,
        help_text=_(
            "± how far the figure may be off, in the question's unit (years for a year, "
            "days for a date): 1 for “vor 30 Jahren”."
        ),
    )
    scope_de = models.CharField(
        _("what it counts, in German"), max_length=300, blank=True, default="", db_default=""
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
    notes_de = models.TextField(_("notes in German"), blank=True, default="", db_default="")
    updated_at = models.DateTimeField(_("last changed"), auto_now=True)

    objects = ClaimQuerySet.as_manager()
    # A claim's history is read by the claim, never by the objects its versions named:
    # indexes on those would only slow every write (a large import's most of all).
    history = HistoricalRecords(
        no_db_index=["question", "source", "actor", "place", "measure"],
        history_change_reason_field=reason_field(),
    )

    class Meta:
        ordering = ["question", "pk"]
        verbose_name = _("claim")
        verbose_name_plural = _("claims")
        permissions = [("publish_claim", _("Can publish, correct and withdraw claims"))]
        indexes = [
            # The comparison page: claims of one question.
            models.Index(fields=["question", "rank"], name="claims_claim_question_rank"),
            # Counting what readers see (ClaimQuerySet.published) from the index alone.
            models.Index(
                fields=["question", "source"],
                condition=Q(status=PUBLISHED),
                name="claims_claim_published",
            ),
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
        return reverse("claims:claim", args=[self.pk])

    def renews(self) -> dict:
        """The kept pages this claim shows on, as pages.changes.changed()'s arguments."""
        return {
            "questions": {self.question_id},
            # The pages that list its source's and actor's claims; not every page that
            # names them (nor its place, its outlet or its question's event), whose
            # names a claim does not change.
            "claims_of_sources": {self.source_id},
            "claims_of_actors": {self.actor_id},
        }

    @property
    def card_url(self) -> str:
        """The claim's card on its question's comparison page."""
        return f"{self.question.get_absolute_url()}#claim-{self.pk}"

    @property
    def normalised(self) -> str:
        """The answer as a value with its bounds: "≥ 225", "≈ 2 000", "Zhanaozen"."""
        return answer_label(self.as_answer(full=False), self.question.value_type)

    @property
    def who(self) -> str:
        """Who says it, as the analysis names it: "DWN", "Tokayev (Tengrinews)"."""
        source = self.source
        return says_who(
            source.title,
            source.outlet.name if source.outlet_id else None,
            self.actor.name if self.actor_id else None,
        )

    def as_answer(self, *, full: bool = True) -> Answer:
        """The claim as plain data for the analysis; `full=False` reads the answer only.

        ClaimQuerySet.answers() reads the same answers from rows, for many questions.
        """
        answer = Answer(
            # an unsaved claim (generate_dossier analyses claims before saving them)
            # still needs an id of its own
            id=self.pk if self.pk is not None else -id(self),
            **{name: getattr(self, name) for name in ANSWER_FIELDS},
            place_name=self.place.name if self.place_id else "",
            claim=self,
        )
        if full:
            # A republication speaks with its original's voice (Source.voice_id).
            answer.source_id = self.source.voice_id
            answer.who = self.who
            answer.published_on = self.source.published_on
            answer.published_precision = self.source.published_precision
            if self.measure_id:
                answer.measure = self.measure.slug
                answer.measure_name = localized(self.measure, "name")
            if self.pk is not None:
                answer.relations = tuple(
                    Relation(relation.kind, relation.other_id) for relation in self.relations.all()
                )
        return answer

    @property
    def held_on(self):
        """When the figure held: its as-of date, or else when the source published it."""
        return self.as_of or self.source.published_on

    @property
    def held_display(self) -> str:
        """The date the card shows, saying which it is."""
        if self.as_of:
            return _("as of %(date)s") % {"date": self.as_of_display}
        published = self.source.published_display
        if published:
            return _("published %(date)s (no as-of date)") % {"date": published}
        return ""

    @property
    def as_of_display(self) -> str:
        return format_partial_date(self.as_of, self.as_of_precision)

    def clean(self):
        self.fill_bounds()
        errors = {}
        for check in (self.check_fits_question, self.check_measure, self.check_quote):
            try:
                check()
            except ValidationError as error:
                errors = error.update_error_dict(errors)
        if errors:
            raise ValidationError(errors)

    def check_measure(self):
        if self.measure_id and self.question_id and self.measure.question_id != self.question_id:
            raise ValidationError({"measure": _("Choose one of this question's measures.")})

    def check_quote(self):
        """The quote must stand in the source's text, so that every figure can be traced."""
        if not self.quote or self.source_id is None:
            return
        if not quote_found(self.quote, self.source.text):
            raise ValidationError(
                {
                    "quote": _(
                        "This quote is not in the text of the source “%(source)s”. Copy it "
                        "verbatim from the source (spaces and line breaks may differ)."
                    )
                    % {"source": self.source.title}
                }
            )

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
        if self.question_id is None:
            return
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


class VerdictQuerySet(models.QuerySet):
    def published(self) -> "VerdictQuerySet":
        return self.filter(status=PUBLISHED, question__status=PUBLISHED)

    def get_by_natural_key(self, question_slug):
        return self.get(question__slug=question_slug)


class Verdict(Reviewed, Versioned, models.Model):
    """The editors' judgement of a question's answers, shown over the automatic analysis."""

    question = models.OneToOneField(
        Question, on_delete=models.CASCADE, related_name="verdict", verbose_name=_("question")
    )
    agreement = models.CharField(_("verdict"), max_length=12, choices=Question.Agreement.choices)
    reason = models.TextField(_("reason"), help_text=_("Why the editors decided so."))
    reason_de = models.TextField(_("reason in German"), blank=True)
    rests_on = models.ManyToManyField(
        Claim,
        blank=True,
        related_name="verdicts",
        verbose_name=_("rests on"),
        help_text=_("The claims the verdict rests on."),
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        editable=False,
        related_name="+",
        verbose_name=_("decided by"),
    )
    # A claim moved to or from its question since it was published: a reviewer looks again.
    needs_review = models.BooleanField(_("needs review"), default=False, editable=False)
    updated_at = models.DateTimeField(_("last changed"), auto_now=True)

    objects = VerdictQuerySet.as_manager()
    history = HistoricalRecords(m2m_fields=[rests_on], history_change_reason_field=reason_field())

    class Meta:
        ordering = ["question"]
        verbose_name = _("editors' verdict")
        verbose_name_plural = _("editors' verdicts")
        permissions = [("publish_verdict", _("Can publish, correct and withdraw verdicts"))]
        constraints = [
            models.CheckConstraint(
                condition=~Q(reason=""),
                name="claims_verdict_has_reason",
                violation_error_message=_("Give the reason for the verdict."),
            ),
        ]

    def __str__(self):
        return f"{self.question}: {self.get_agreement_display()}"

    def renews(self) -> dict:
        """The kept pages this verdict shows on, as pages.changes.changed()'s arguments."""
        return {"questions": {self.question_id}}

    def natural_key(self):
        return (self.question.slug,)

    natural_key.dependencies = ["claims.question"]

    @property
    def decided_by_name(self) -> str:
        """The editor's name as readers see it: the full name, never the login name (a
        login is half of what an attacker needs); "" says "the editors"."""
        user = self.decided_by
        return user.get_full_name() if user else ""

    def rests_on_among(self, claims: list["Claim"]) -> list["Claim"]:
        """The claims the verdict rests on, in the order given, from those already loaded."""
        ids = set(self.rests_on.values_list("pk", flat=True))
        return [claim for claim in claims if claim.pk in ids]


class ClaimRelationQuerySet(models.QuerySet):
    def get_by_natural_key(self, claim, other, kind):
        return self.get(claim_id=claim, other_id=other, kind=kind)


class ClaimRelation(models.Model):
    """How one claim stands to another answer to the same question."""

    class Kind(models.TextChoices):
        REVISES = "revises", _("revises")
        REPEATS = "repeats", _("repeats")
        CONTRADICTS = "contradicts", _("contradicts")
        MEASURES_ELSE = "measures_else", _("measures something else")

    claim = models.ForeignKey(
        Claim, on_delete=models.CASCADE, related_name="relations", verbose_name=_("claim")
    )
    other = models.ForeignKey(
        Claim,
        on_delete=models.CASCADE,
        related_name="related_from",
        verbose_name=_("other claim"),
    )
    kind = models.CharField(_("relation"), max_length=15, choices=Kind.choices)
    note = models.CharField(_("note"), max_length=300, blank=True)

    objects = ClaimRelationQuerySet.as_manager()
    history = HistoricalRecords(history_change_reason_field=reason_field())

    class Meta:
        ordering = ["claim", "kind", "other"]
        verbose_name = _("relation to another claim")
        verbose_name_plural = _("relations to other claims")
        constraints = [
            models.CheckConstraint(
                condition=~Q(claim=F("other")),
                name="claims_claimrelation_not_to_itself",
                violation_error_message=_("A claim cannot be related to itself."),
            ),
            models.UniqueConstraint(
                fields=["claim", "other", "kind"],
                name="claims_claimrelation_unique",
                violation_error_message=_("These claims are already related so."),
            ),
        ]

    def __str__(self):
        return f"{self.claim} {self.get_kind_display()} {self.other}"

    def renews(self) -> dict:
        """The kept pages this relation shows on, as pages.changes.changed()'s arguments."""
        return {"questions": {self.claim.question_id}}

    def natural_key(self):
        # Claims are named by their ids, so a fixture can give a relation without its own.
        return (self.claim_id, self.other_id, self.kind)

    natural_key.dependencies = ["claims.claim"]

    # How the relation reads from the other claim's card: "revised by …".
    INCOMING = {
        Kind.REVISES: _("revised by"),
        Kind.REPEATS: _("repeated by"),
        Kind.CONTRADICTS: _("contradicted by"),
        Kind.MEASURES_ELSE: _("measures something else than"),
    }
    OUTGOING = {
        Kind.REVISES: _("revises"),
        Kind.REPEATS: _("repeats"),
        Kind.CONTRADICTS: _("contradicts"),
        Kind.MEASURES_ELSE: _("measures something else than"),
    }

    def clean(self):
        if self.claim_id and self.other_id and self.claim.question_id != self.other.question_id:
            raise ValidationError({"other": _("Relate only claims that answer the same question.")})


from .import_confirmations import ImportConfirmation  # noqa: E402, F401 (a model of this app)
