"""
One dispute, one question: merging two questions into one, and splitting claims off a
question into another.

A dispute spread over several questions makes each look settled. `merge_questions()`
moves one question's claims (their relations follow them) and measures into the other,
keeps both questions' notes, and leaves the merged question's address leading to the
survivor (QuestionRedirect). `split_question()` moves chosen claims to a new or an
existing question.

Both are written whole or not at all (one transaction), refused when either question
changed since the editor looked (their versions, as the admin's forms check them),
recorded in the history with who and why, and ask the editors to decide the verdicts of
the questions they change again: a verdict judged the answers as they were.
"""

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext, override
from simple_history.utils import bulk_update_with_history

from pages.changes import changed

from .models import Claim, ClaimRelation, Measure, Question, QuestionRedirect, Verdict
from .text import tidy_keywords

# The notes a merge keeps, each with the language its heading is written in.
NOTES = [
    ("scope_note", "en"),
    ("scope_note_de", "de"),
    ("editorial_note", "en"),
    ("editorial_note_de", "de"),
]


@dataclass
class Split:
    """What a split did: the question the claims went to, how many, and how many
    relations it removed (a relation joins two answers to the same question)."""

    into: Question
    moved: int
    relations_removed: int


def merge_questions(
    merged: Question, into: Question, *, by, reason: str, expected_versions: dict[int, int]
) -> Question:
    """Move everything of `merged` into `into`, delete `merged`, and let its address
    lead to `into`; returns the survivor as stored.

    `expected_versions` are both questions' versions as the editor saw them, by id.
    """
    reason = required(reason)
    if merged.pk == into.pk:
        raise ValidationError(_("A question cannot be merged into itself."))
    with transaction.atomic():
        merged, into = locked([merged.pk, into.pk], expected_versions)
        same_kind_of_answer(merged, into)
        who = user_name(by)
        into_note = _("Merged from “%(question)s” (%(slug)s) by %(user)s: %(reason)s") % {
            "question": merged.text_en,
            "slug": merged.slug,
            "user": who,
            "reason": reason,
        }
        merged_note = _("Merged into “%(question)s” (%(slug)s) by %(user)s: %(reason)s") % {
            "question": into.text_en,
            "slug": into.slug,
            "user": who,
            "reason": reason,
        }
        claims = list(merged.claims.all())
        measures = measures_in(into, merged.measures.all(), by=by, note=into_note)
        move(claims, into, measures, by=by, note=into_note)
        for measure in merged.measures.all():  # a twin of one the survivor had: unused now
            recorded(measure, by, into_note).delete()
        forget_verdicts([merged, into], by=by, note=into_note)

        for field, language in NOTES:
            setattr(into, field, with_notes_of(merged, into, field, language))
        into.keywords = tidy_keywords(f"{into.keywords},{merged.keywords}")
        into.keywords_de = tidy_keywords(f"{into.keywords_de},{merged.keywords_de}")
        into.verdict_due = True
        into.version += 1
        recorded(into, by, into_note).save()

        # Chains: the addresses that led to the merged question lead to the survivor.
        QuestionRedirect.objects.filter(question=merged).update(question=into)
        QuestionRedirect.objects.update_or_create(old_slug=merged.slug, defaults={"question": into})
        merged_pk = merged.pk  # delete() forgets it
        recorded(merged, by, merged_note).delete()

        Question.objects.filter(pk=into.pk).refresh_analysis()
        changed(questions=[merged_pk, into.pk], **claims_of(claims))
    return Question.objects.get(pk=into.pk)


def split_question(
    question: Question,
    claim_ids,
    *,
    by,
    reason: str,
    expected_versions: dict[int, int],
    into: Question | None = None,
    new: dict | None = None,
) -> Split:
    """Move the chosen claims of `question` to `into`, or to a new question made of
    `new` (slug, texts and notes; the event, type of answer and unit are the split
    question's)."""
    reason = required(reason)
    if (into is None) == (new is None):
        raise ValueError("Give either an existing question or a new one's texts.")
    if into is not None and into.pk == question.pk:
        raise ValidationError(_("Choose another question to move the claims to."))
    with transaction.atomic():
        if into is not None:
            question, into = locked([question.pk, into.pk], expected_versions)
            same_kind_of_answer(question, into)
        else:
            (question,) = locked([question.pk], expected_versions)
            into = new_question(question, new, by)
        claims = list(question.claims.filter(pk__in=list(claim_ids)))
        if not claims or len(claims) != len(set(claim_ids)):
            raise ValidationError(_("Choose claims of this question to move."))
        who = user_name(by)
        note = ngettext(
            "%(count)d claim moved from “%(from)s” to “%(to)s” by %(user)s: %(reason)s",
            "%(count)d claims moved from “%(from)s” to “%(to)s” by %(user)s: %(reason)s",
            len(claims),
        ) % {
            "count": len(claims),
            "from": question.text_en,
            "to": into.text_en,
            "user": who,
            "reason": reason,
        }
        used = Measure.objects.filter(claims__in=claims).distinct()
        measures = measures_in(into, used, by=by, note=note, keep=True)
        removed = relations_across(claims)
        for relation in removed:
            recorded(relation, by, note).delete()
        move(claims, into, measures, by=by, note=note)
        forget_verdicts([question, into], by=by, note=note)
        for changed_question in (question, into):
            changed_question.verdict_due = True
            changed_question.version += 1
            recorded(changed_question, by, note).save()

        Question.objects.filter(pk__in=[question.pk, into.pk]).refresh_analysis()
        changed(questions=[question.pk, into.pk], **claims_of(claims))
    return Split(Question.objects.get(pk=into.pk), len(claims), len(removed))


def required(reason: str) -> str:
    reason = " ".join((reason or "").split())
    if not reason:
        raise ValidationError(_("Say why: the history keeps the reason with the change."))
    return reason


def locked(pks: list[int], expected_versions: dict[int, int]) -> list[Question]:
    """The questions, locked until the transaction ends, as the editor saw them; else
    the change is refused whole."""
    rows = Question.objects.select_for_update().filter(pk__in=pks).order_by("pk")
    found = {question.pk: question for question in rows}
    for pk in pks:
        if pk not in found:
            raise ValidationError(
                _("A question was deleted by someone else since you opened this page."),
                code="deleted",
            )
        if found[pk].version != expected_versions.get(pk):
            raise ValidationError(
                _(
                    "The question “%(question)s” was changed by someone else since you "
                    "opened this page. Nothing was changed: look at the questions again, "
                    "then decide."
                )
                % {"question": found[pk].text_en},
                code="conflict",
            )
    return [found[pk] for pk in pks]


def same_kind_of_answer(one: Question, other: Question):
    if one.value_type != other.value_type:
        raise ValidationError(
            _(
                "“%(one)s” takes answers of the kind “%(one_type)s”, “%(other)s” of the kind "
                "“%(other_type)s”: their claims cannot answer one question."
            )
            % {
                "one": one.text_en,
                "one_type": one.get_value_type_display(),
                "other": other.text_en,
                "other_type": other.get_value_type_display(),
            }
        )


def new_question(question: Question, texts: dict, by) -> Question:
    """The split's new question, checked as the admin checks one (a slug taken, or one
    that leads to a merged question's survivor, is refused)."""
    made = Question(
        event=question.event,
        value_type=question.value_type,
        unit=question.unit,
        unit_de=question.unit_de,
        **texts,
    )
    made.full_clean()
    made._history_user = by
    made.save()
    return made


def measures_in(into: Question, measures, *, by, note: str, keep: bool = False) -> dict:
    """Which of `into`'s measures each of `measures` becomes, by id: the one of the same
    slug, else the measure itself, moved to `into` (or a copy of it, with `keep`)."""
    own = {measure.slug: measure for measure in into.measures.all()}
    target = {}
    for measure in measures:
        if measure.slug in own:
            target[measure.pk] = own[measure.slug]
            continue
        if keep:
            copy = Measure(question=into, slug=measure.slug, name=measure.name)
            copy.name_de = measure.name_de
            recorded(copy, by, note).save()
            target[measure.pk] = own[measure.slug] = copy
        else:
            measure.question = into
            recorded(measure, by, note).save()
            target[measure.pk] = measure
    return target


def move(claims: list[Claim], into: Question, measures: dict, *, by, note: str):
    """The claims answer `into` now, each with a new version (an editor's form opened
    before is refused) and a history record saying who moved it and why."""
    now = timezone.now()
    for claim in claims:
        claim.question = into
        if claim.measure_id is not None:
            claim.measure = measures[claim.measure_id]
        claim.version += 1
        claim.updated_at = now
    bulk_update_with_history(
        claims,
        Claim,
        ["question", "measure", "version", "updated_at"],
        default_user=by,
        default_change_reason=note,
    )


def relations_across(claims: list[Claim]) -> list[ClaimRelation]:
    """The relations between a claim that moves and one that stays."""
    ids = {claim.pk for claim in claims}
    touching = ClaimRelation.objects.filter(Q(claim__in=ids) | Q(other__in=ids))
    return [
        relation
        for relation in touching
        if (relation.claim_id in ids) != (relation.other_id in ids)
    ]


def forget_verdicts(questions: list[Question], *, by, note: str):
    """The verdicts judged answers that are no longer those: deleted, their history
    kept, for the editors to decide again beside the automatic analysis."""
    for verdict in Verdict.objects.filter(question__in=questions):
        recorded(verdict, by, note).delete()


def with_notes_of(merged: Question, into: Question, field: str, language: str) -> str:
    """The survivor's note, and the merged question's under a line naming it."""
    addition = getattr(merged, field).strip()
    kept = getattr(into, field).strip()
    if not addition:
        return kept
    with override(language):
        heading = _("From the merged question “%(question)s”:") % {
            "question": (merged.text_de or merged.text_en) if language == "de" else str(merged)
        }
    block = f"{heading}\n{addition}"
    return f"{kept}\n\n{block}" if kept else block


def claims_of(claims: list[Claim]) -> dict:
    """The pages that list these claims' sources' and actors' claims (changed()'s)."""
    return {
        "claims_of_sources": {claim.source_id for claim in claims},
        "claims_of_actors": {claim.actor_id for claim in claims},
    }


def recorded(obj, by, note: str):
    """The object, its next history record naming the editor and the reason."""
    obj._history_user = by
    obj._change_reason = note
    return obj


def user_name(user) -> str:
    return user.get_full_name() or user.get_username()
