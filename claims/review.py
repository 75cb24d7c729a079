"""
The moves of review (dossier/publication.py's states), each one save with a record in
the object's history, who made it and why, and the pages it renews.

    draft ──send for review──▶ in review ──publish──▶ published ──withdraw──▶ withdrawn
      ▲                           │                      ▲                       │
      └────────send back──────────┘                      └───────publish─────────┘

A reviewer may publish a draft directly (someone else's). Each refusal is a
ReviewRefused with the reason in the editor's words.
"""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from dossier.publication import Status, may_publish, may_review
from pages.changes import changed
from sources.models import Source

from .analysis import analyse
from .disputes import Agreement
from .models import Claim, Question, Verdict

REVIEWED_MODELS = [Question, Claim, Verdict, Source]


class ReviewRefused(Exception):
    """A move the rules do not allow, with why, in the editor's words."""


# Which moves start from which states.
FROM = {
    "send_for_review": {Status.DRAFT},
    "publish": {Status.DRAFT, Status.IN_REVIEW, Status.WITHDRAWN},
    "send_back": {Status.IN_REVIEW},
    "withdraw": {Status.PUBLISHED},
}
LABELS = {
    "send_for_review": gettext_lazy("Send for review"),
    "publish": gettext_lazy("Publish"),
    "send_back": gettext_lazy("Send back"),
    "withdraw": gettext_lazy("Withdraw"),
}


def moves_for(user, obj) -> list[str]:
    """The moves this user may make on the object now, in the order offered."""
    allowed = {
        "send_for_review": True,
        "publish": may_publish(user, obj),
        "send_back": may_review(user, type(obj)),
        "withdraw": may_review(user, type(obj)),
    }
    return [action for action in FROM if allowed[action] and may_start(obj, action)]


def move(obj, action: str, user, note: str = ""):
    """Make the move, or refuse it; the object is read anew and locked first, so two
    reviewers cannot both act on one state."""
    model = type(obj)
    note = note.strip()
    with transaction.atomic():
        current = model._base_manager.select_for_update().get(pk=obj.pk)
        if action not in FROM:
            raise ReviewRefused(_("There is no such step of review."))
        if not may_start(current, action):
            raise ReviewRefused(
                _("This %(name)s is %(status)s now: someone acted on it meanwhile.")
                % {"name": model._meta.verbose_name, "status": current.get_status_display()}
            )
        STEPS[action](current, user, note)
        current.version += 1  # the row is locked: no other save comes between
        current._change_reason = note or LABELS[action]
        current._history_user = user
        current.save()
        current.refresh_from_db()
    if action in SEEN_BY_READERS:
        renew(current)
    return current


# The moves that change what readers see; the others are the editors' own business.
SEEN_BY_READERS = {"publish", "withdraw"}


def may_start(obj, action: str) -> bool:
    """Whether the move starts from the object's state: a published verdict flagged for
    another look is published again, which clears the flag."""
    again = action == "publish" and getattr(obj, "needs_review", False) and obj.is_published
    return obj.status in FROM.get(action, ()) or again


def send_for_review(obj, user, note):
    obj.status, obj.drafted_by, obj.submitted_at = Status.IN_REVIEW, user, timezone.now()
    obj.review_note = ""


def publish(obj, user, note):
    if not may_review(user, type(obj)):
        raise ReviewRefused(_("Only a reviewer publishes; send it for review instead."))
    if not may_publish(user, obj):
        raise ReviewRefused(
            _(
                "You drafted this %(name)s: a second person publishes it. Ask another "
                "reviewer (a team of one allows it with DOSSIER_PUBLISH_OWN_WORK)."
            )
            % {"name": type(obj)._meta.verbose_name}
        )
    if isinstance(obj, Verdict):
        check_verdict(obj)
    obj.status, obj.reviewed_by, obj.review_note = Status.PUBLISHED, user, ""
    if isinstance(obj, Verdict):
        obj.needs_review = False


def send_back(obj, user, note):
    if not may_review(user, type(obj)):
        raise ReviewRefused(_("Only a reviewer sends work back."))
    if not note:
        raise ReviewRefused(_("Say what should change: the author reads your note."))
    obj.status, obj.reviewed_by, obj.review_note = Status.DRAFT, user, note


def withdraw(obj, user, note):
    if not may_review(user, type(obj)):
        raise ReviewRefused(_("Only a reviewer withdraws what was published."))
    if not note:
        raise ReviewRefused(_("Say why it is withdrawn: readers see your note at its address."))
    obj.status, obj.reviewed_by, obj.review_note = Status.WITHDRAWN, user, note


STEPS = {
    "send_for_review": send_for_review,
    "publish": publish,
    "send_back": send_back,
    "withdraw": withdraw,
}


def check_verdict(verdict: Verdict) -> None:
    """A verdict is published over a published question, and a verdict of conflict over
    at least two published voices that disagree."""
    question = verdict.question
    if not question.is_published:
        raise ReviewRefused(_("Publish the question first: readers would not see the verdict."))
    if verdict.agreement != Agreement.CONFLICT:
        return
    answers = question.claims.voiced().answers().get(question.pk, [])
    analysis = analyse(question.value_type, answers)
    if analysis.source_count < 2 or len(analysis.groups) < 2:
        raise ReviewRefused(
            _(
                "A verdict of conflict needs at least two published voices that disagree; "
                "this question has %(voices)d published voice(s) in %(groups)d answer(s)."
            )
            % {"voices": analysis.source_count, "groups": len(analysis.groups)}
        )


def renew(obj) -> None:
    """Readers' pages as the move leaves them: the object's, and the stored agreement of
    every question whose published answers it changes."""
    questions = questions_affected(obj)
    if obj.is_withdrawn and isinstance(obj, Claim | Source):
        flag_verdicts(questions, _("An answer was withdrawn: look at the verdict again."))
    Question.objects.filter(pk__in=questions).refresh_analysis()
    changed(**obj.renews())


def questions_affected(obj) -> set[int]:
    if isinstance(obj, Question):
        return {obj.pk}
    if isinstance(obj, Claim | Verdict):
        return {obj.question_id}
    return set(Claim.objects.filter(source=obj).values_list("question_id", flat=True))


def flag_verdicts(question_ids, reason: str) -> int:
    """Flag the published verdicts of these questions for a reviewer's look: a claim moved
    between them, so what they rest on changed. They stay shown meanwhile."""
    return Verdict.objects.filter(question__in=question_ids, status=Status.PUBLISHED).update(
        needs_review=True, review_note=reason
    )
