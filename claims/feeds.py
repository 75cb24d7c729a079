"""Atom feeds of the published findings (Django's syndication framework): the whole
dossier's, one question's, one event's. Each finding published is an entry, and each
correction one more, with what changed and the editor's reason."""

from dataclasses import dataclass
from datetime import datetime
from itertools import chain

from django.contrib.syndication.views import Feed
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .models import Claim, Event, Question, Verdict
from .publication import corrections

ENTRIES = 50


@dataclass
class Entry:
    finding: object
    date: datetime
    title: str
    link: str
    description: str
    guid: str


def entries(questions, claims, verdicts) -> list[Entry]:
    """The newest publications and corrections of these findings, newest first."""
    findings = [
        questions,
        # With what their titles name, not a source's long text.
        claims.select_related("question", "source").defer("source__text"),
        verdicts.select_related("question"),
    ]
    recent = [
        kind.exclude(published_at=None).order_by("-published_at")[:ENTRIES] for kind in findings
    ]
    corrected = [
        kind.exclude(corrected_at=None).order_by("-corrected_at")[:ENTRIES] for kind in findings
    ]
    found = [published_entry(finding) for finding in chain(*recent)]
    for finding in chain(*corrected):
        found += correction_entries(finding)
    found.sort(key=lambda entry: entry.date, reverse=True)
    return found[:ENTRIES]


def describe(finding) -> tuple[str, str]:
    """The finding's title and address."""
    if isinstance(finding, Claim):
        title = f"{finding.question.text}: {finding.stated_value} ({finding.source.title})"
        return title, finding.get_absolute_url()
    if isinstance(finding, Verdict):
        title = _("Editors' verdict on “%(question)s”: %(verdict)s") % {
            "question": finding.question.text,
            "verdict": finding.get_agreement_display(),
        }
        return title, finding.question.get_absolute_url()
    return finding.text, finding.get_absolute_url()


def published_entry(finding) -> Entry:
    title, link = describe(finding)
    kind = finding._meta.model_name
    return Entry(
        finding,
        finding.published_at,
        _("Published: %(title)s") % {"title": title},
        link,
        _("Published on %(date)s.") % {"date": finding.published_at.date().isoformat()},
        f"{kind}-{finding.pk}-published",
    )


def correction_entries(finding) -> list[Entry]:
    title, link = describe(finding)
    kind = finding._meta.model_name
    return [
        Entry(
            finding,
            version.date,
            _("Corrected: %(title)s") % {"title": title},
            link,
            _("Corrected on %(date)s: %(changed)s. %(reason)s")
            % {
                "date": version.date.date().isoformat(),
                "changed": ", ".join(version.changed),
                "reason": version.reason,
            },
            f"{kind}-{finding.pk}-corrected-{version.date.isoformat()}",
        )
        for version in corrections(finding)[:5]
    ]


class FindingsFeed(Feed):
    feed_type = Atom1Feed
    author_name = gettext_lazy("the editors")

    def items(self, obj):
        return entries(*self.findings(obj))

    def item_title(self, item: Entry):
        return item.title

    def item_description(self, item: Entry):
        return item.description

    def item_link(self, item: Entry):
        return item.link

    def item_guid(self, item: Entry):
        return item.guid

    item_guid_is_permalink = False

    def item_pubdate(self, item: Entry):
        return item.date

    def item_updateddate(self, item: Entry):
        return item.date


class DossierFeed(FindingsFeed):
    def title(self):
        return _("Dossier: published and corrected findings")

    def link(self):
        return reverse("claims:index")

    def subtitle(self):
        return _("Each question, answer and editors' verdict when published, and each correction.")

    def findings(self, obj):
        return (
            Question.objects.published(),
            Claim.objects.published(),
            Verdict.objects.published(),
        )


class QuestionFeed(FindingsFeed):
    def get_object(self, request, slug):
        return get_object_or_404(Question.objects.published(), slug=slug)

    def title(self, question):
        return question.text

    def link(self, question):
        return question.get_absolute_url()

    def subtitle(self, question):
        return _("Its answers and the editors' verdict, as published and corrected.")

    def findings(self, question):
        return (
            Question.objects.published().filter(pk=question.pk),
            Claim.objects.published().filter(question=question),
            Verdict.objects.published().filter(question=question),
        )


class EventFeed(FindingsFeed):
    def get_object(self, request, slug):
        return get_object_or_404(Event, slug=slug)

    def title(self, event):
        return event.name

    def link(self, event):
        return event.get_absolute_url()

    def subtitle(self, event):
        return _("Its questions, their answers and verdicts, as published and corrected.")

    def findings(self, event):
        return (
            Question.objects.published().filter(event=event),
            Claim.objects.published().filter(question__event=event),
            Verdict.objects.published().filter(question__event=event),
        )
