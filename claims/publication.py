"""What readers are shown of the review states (dossier/publication.py): a withdrawn
object's address answers 410 with the reviewer's note, a verdict is shown once published,
and an object's history is its published versions, each change after the first a
correction with the editor's reason."""

from dataclasses import dataclass, field
from datetime import datetime

from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils.translation import gettext as _

from dossier.publication import PUBLISHED, Status
from dossier.versioning import historical_relations

# The states whose objects have an address readers may reach: a withdrawn one answers 410.
SHOWN = [Status.PUBLISHED, Status.WITHDRAWN]
# Kept out of what a version "changed": bookkeeping, not content.
UNSHOWN_FIELDS = {
    "id",
    "updated_at",
    "version",
    "status",
    "drafted_by",
    "submitted_at",
    "reviewed_by",
    "published_at",
    "corrected_at",
    "review_note",
    "decided_by",
}


def shown_fields(model) -> list:
    """The fields readers see of an object, whose changes they are told of."""
    return [f for f in model._meta.fields if f.name not in UNSHOWN_FIELDS]


def gone_context(obj) -> dict:
    return {"object": obj, "name": obj._meta.verbose_name, "note": obj.review_note}


def gone(request, obj):
    """A withdrawn object's address: 410 Gone, with why it was withdrawn."""
    return render(request, "gone.html", gone_context(obj), status=410)


def gone_page(obj, shows) -> dict:
    """A kept page's content for a withdrawn object, answered with 410."""
    return {
        "title": _("Withdrawn"),
        "status": 410,
        "content": render_to_string("includes/gone.html", gone_context(obj)),
        "shows": shows,
    }


@dataclass
class Version:
    date: datetime
    first: bool
    changed: list[str] = field(default_factory=list)
    reason: str = ""

    @property
    def is_correction(self) -> bool:
        return not self.first and bool(self.changed)


def public_history(obj) -> list["Version"]:
    """The object's published versions, newest first: its first publication, then each
    correction with the fields it changed and the editor's reason. Drafts, reviews and
    changes that readers never saw are left out."""
    fields = shown_fields(type(obj))
    records = obj.history.filter(status=PUBLISHED).order_by("history_date", "history_id")
    versions, previous = [], None
    for record in records:
        changed = [
            str(f.verbose_name)
            for f in fields
            if previous is not None and getattr(record, f.attname) != getattr(previous, f.attname)
        ]
        if previous is not None:
            changed += relations_changed(record, previous, fields_changed=bool(changed))
        if previous is None or changed:
            reason = (record.history_change_reason or "") if changed else ""
            versions.append(Version(record.history_date, previous is None, changed, reason))
        previous = record
    return versions[::-1]


def relations_changed(record, previous, fields_changed: bool) -> list[str]:
    """What changed of what the history keeps beside the fields: the many-to-many values
    (a verdict's claims), or, for a correction of nothing else, a claim's relations."""
    fields = getattr(record, "_history_m2m_fields", [])
    names = [field.name for field in fields]
    now, before = historical_relations(record, names), historical_relations(previous, names)
    changed = [str(f.verbose_name) for f in fields if set(now[f.name]) != set(before[f.name])]
    if not (changed or fields_changed) and record.corrected_at != previous.corrected_at:
        changed = [_("relations to other answers")]
    return changed


def corrections(obj) -> list["Version"]:
    """The changes readers saw after the object's first publication, newest first."""
    return [version for version in public_history(obj) if version.is_correction]
