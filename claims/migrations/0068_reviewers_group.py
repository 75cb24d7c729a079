"""The Reviewers group: what editors may do, and publish, send back, correct and withdraw."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

PUBLISHED_MODELS = {"claims": ["question", "claim", "verdict"], "sources": ["source"]}


def publish_permissions(apps):
    Permission = apps.get_model("auth", "Permission")
    for app_label, models in PUBLISHED_MODELS.items():
        # Permissions are normally created after all migrations have run.
        app_config = apps.get_app_config(app_label)
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
        yield from Permission.objects.filter(
            content_type__app_label=app_label,
            codename__in=[f"publish_{model}" for model in models],
        )


def create_reviewers(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    reviewers, _ = Group.objects.get_or_create(name="Reviewers")
    editors = Group.objects.filter(name="Editors").first()
    if editors is not None:
        reviewers.permissions.add(*editors.permissions.all())
    reviewers.permissions.add(*publish_permissions(apps))


def delete_reviewers(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name="Reviewers").delete()


class Migration(migrations.Migration):
    dependencies = [
        ("claims", "0067_review_states"),
        ("sources", "0064_review_states"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(create_reviewers, delete_reviewers)]
