"""What the admin exports, the admin imports back: the demo, exported and imported into
an empty database and published by a reviewer, is the same data (its verdicts and claim
relations aside, which no file carries, and who drafted, reviewed and published what)."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command

from claims.models import Claim, Event, Measure, Question
from sources.models import Actor, ActorAlias, Source
from tests.publishing import publish_all

pytestmark = pytest.mark.django_db

# In the order an import needs them: what a row names must be there before it.
EXPORTED = ["sources/actor", "sources/source", "claims/event", "claims/question", "claims/claim"]
COMPARED = [Actor, ActorAlias, Source, Event, Question, Measure, Claim]
# Kept by the database, not by the editors: keys, versions, times, derived analysis.
NOT_DATA = {"id", "version", "updated_at", *Question.ANALYSIS_FIELDS}
# Review's record of the work, not the work: an import is new drafts, published anew.
NOT_DATA |= {
    "drafted_by",
    "submitted_at",
    "reviewed_by",
    "published_at",
    "corrected_at",
    "review_note",
}


def export(client, path: str) -> bytes:
    form = client.get(f"/admin/{path}/export/").context["form"]
    data = {name: field.initial for name, field in form.fields.items()} | {"format": "0"}
    response = client.post(f"/admin/{path}/export/", {k: v for k, v in data.items() if v})
    assert response.status_code == 200
    return response.content


def import_file(client, path: str, content: bytes):
    file = SimpleUploadedFile("export.csv", content, content_type="text/csv")
    preview = client.post(
        f"/admin/{path}/import/", {"resource": "0", "format": "0", "import_file": file}
    )
    assert preview.status_code == 200
    assert "confirm_form" in preview.context, preview.context["form"].errors
    response = client.post(
        f"/admin/{path}/process_import/", preview.context["confirm_form"].initial, follow=True
    )
    assert [m.level_tag for m in response.context["messages"]] == ["success"], [
        str(m) for m in response.context["messages"]
    ]


def named(obj) -> object:
    return obj.natural_key() if hasattr(obj, "natural_key") else str(obj)


def snapshot() -> dict[str, list]:
    """Every stored value of the dossier, related objects by their natural keys."""
    data = {}
    for model in COMPARED:
        rows = []
        for obj in model.objects.all():
            row = {}
            for field in model._meta.concrete_fields:
                if field.name in NOT_DATA:
                    continue
                value = getattr(obj, field.name)
                row[field.name] = named(value) if field.is_relation and value else value
            for field in model._meta.many_to_many:
                row[field.name] = sorted(named(o) for o in getattr(obj, field.name).all())
            rows.append(row)
        data[model.__name__] = sorted(rows, key=repr)
    return data


def test_the_demo_exported_from_the_admin_imports_back_the_same(admin_client, settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)
    call_command("loaddata", "kazakhstan-2022", verbosity=0)
    before = snapshot()
    files = {path: export(admin_client, path) for path in EXPORTED}

    for rows in [
        Claim.objects.all(),
        Question.objects.all(),
        Event.objects.filter(parent__isnull=False),  # a part before the whole
        Event.objects.all(),
        Source.objects.filter(parent__isnull=False),
        Source.objects.all(),
        Actor.objects.all(),
    ]:
        rows.delete()
    assert not any(model.objects.exists() for model in COMPARED)
    for path in EXPORTED:
        import_file(admin_client, path, files[path])
    assert not any(model.objects.published().exists() for model in (Source, Question, Claim))
    for model in (Source, Question, Claim):
        publish_all(model.objects.all())

    after = snapshot()
    for model in COMPARED:
        name = model.__name__
        assert after[name] == before[name], name
