from django.contrib.auth.management import create_permissions
from django.db import migrations

NEW_MODELS = ["verdict", "claimrelation", "measure"]
ACTIONS = ["add", "change", "delete", "view"]


def grant_editors(apps, schema_editor):
    # Permissions are normally created after all migrations have run; make
    # sure those of the new models exist now, so the group can hold them.
    app_config = apps.get_app_config("claims")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    editors, _ = Group.objects.get_or_create(name="Editors")
    codenames = [f"{action}_{model}" for model in NEW_MODELS for action in ACTIONS]
    editors.permissions.add(
        *Permission.objects.filter(content_type__app_label="claims", codename__in=codenames)
    )


def revoke_editors(apps, schema_editor):
    Permission = apps.get_model("auth", "Permission")
    codenames = [f"{action}_{model}" for model in NEW_MODELS for action in ACTIONS]
    for group in apps.get_model("auth", "Group").objects.filter(name="Editors"):
        group.permissions.remove(
            *Permission.objects.filter(content_type__app_label="claims", codename__in=codenames)
        )


class Migration(migrations.Migration):
    dependencies = [
        ("claims", "0010_verdicts_relations_measures"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(grant_editors, revoke_editors)]
