"""Reviewers bring documents in as editors do."""

from django.db import migrations

CODENAMES = ["view_document", "add_document"]


def grant_reviewers(apps, schema_editor):
    Permission = apps.get_model("auth", "Permission")
    for reviewers in apps.get_model("auth", "Group").objects.filter(name="Reviewers"):
        reviewers.permissions.add(
            *Permission.objects.filter(content_type__app_label="documents", codename__in=CODENAMES)
        )


class Migration(migrations.Migration):
    dependencies = [
        ("documents", "0003_refusal_reason_in_every_language"),
        ("claims", "0068_reviewers_group"),
    ]

    operations = [migrations.RunPython(grant_reviewers, migrations.RunPython.noop)]
