"""Review states: rows made before them were public, so they start published; new
work starts as a draft."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

APP = "sources"


def published_when_last_changed(model_name):
    """What was public before review existed stays public, published when last changed."""

    def publish(apps, schema_editor):
        model = apps.get_model(APP, model_name)
        model.objects.filter(published_at=None).update(published_at=models.F("updated_at"))

    return publish


class Migration(migrations.Migration):
    dependencies = [
        ("sources", "0063_source_republishes"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AlterModelOptions(
            name="source",
            options={
                "ordering": ["-published_on", "title"],
                "permissions": [("publish_source", "Can publish, correct and withdraw sources")],
                "verbose_name": "source",
                "verbose_name_plural": "sources",
            },
        ),
        migrations.AddField(
            model_name="historicalsource",
            name="corrected_at",
            field=models.DateTimeField(
                blank=True, editable=False, null=True, verbose_name="last corrected"
            ),
        ),
        migrations.AddField(
            model_name="historicalsource",
            name="drafted_by",
            field=models.ForeignKey(
                blank=True,
                db_constraint=False,
                editable=False,
                null=True,
                on_delete=django.db.models.deletion.DO_NOTHING,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
                verbose_name="drafted by",
            ),
        ),
        migrations.AddField(
            model_name="historicalsource",
            name="published_at",
            field=models.DateTimeField(
                blank=True, editable=False, null=True, verbose_name="first published"
            ),
        ),
        migrations.AddField(
            model_name="historicalsource",
            name="review_note",
            field=models.TextField(
                blank=True, default="", editable=False, verbose_name="review note"
            ),
        ),
        migrations.AddField(
            model_name="historicalsource",
            name="reviewed_by",
            field=models.ForeignKey(
                blank=True,
                db_constraint=False,
                editable=False,
                null=True,
                on_delete=django.db.models.deletion.DO_NOTHING,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
                verbose_name="reviewed by",
            ),
        ),
        migrations.AddField(
            model_name="historicalsource",
            name="status",
            field=models.CharField(
                choices=[
                    ("draft", "Draft"),
                    ("in_review", "In review"),
                    ("published", "Published"),
                    ("withdrawn", "Withdrawn"),
                ],
                db_index=True,
                default="published",
                editable=False,
                help_text="Readers see only what is published.",
                max_length=10,
                verbose_name="status",
            ),
        ),
        migrations.AddField(
            model_name="historicalsource",
            name="submitted_at",
            field=models.DateTimeField(
                blank=True, editable=False, null=True, verbose_name="sent for review"
            ),
        ),
        migrations.AddField(
            model_name="historicalsource",
            name="text_public",
            field=models.BooleanField(
                default=False,
                help_text="Only where the rights allow it: otherwise readers see the quoted passages with their context, never the whole text.",
                verbose_name="full text shown to readers",
            ),
        ),
        migrations.AddField(
            model_name="source",
            name="corrected_at",
            field=models.DateTimeField(
                blank=True, editable=False, null=True, verbose_name="last corrected"
            ),
        ),
        migrations.AddField(
            model_name="source",
            name="drafted_by",
            field=models.ForeignKey(
                blank=True,
                editable=False,
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
                verbose_name="drafted by",
            ),
        ),
        migrations.AddField(
            model_name="source",
            name="published_at",
            field=models.DateTimeField(
                blank=True, editable=False, null=True, verbose_name="first published"
            ),
        ),
        migrations.AddField(
            model_name="source",
            name="review_note",
            field=models.TextField(
                blank=True, default="", editable=False, verbose_name="review note"
            ),
        ),
        migrations.AddField(
            model_name="source",
            name="reviewed_by",
            field=models.ForeignKey(
                blank=True,
                editable=False,
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
                verbose_name="reviewed by",
            ),
        ),
        migrations.AddField(
            model_name="source",
            name="status",
            field=models.CharField(
                choices=[
                    ("draft", "Draft"),
                    ("in_review", "In review"),
                    ("published", "Published"),
                    ("withdrawn", "Withdrawn"),
                ],
                db_index=True,
                default="published",
                editable=False,
                help_text="Readers see only what is published.",
                max_length=10,
                verbose_name="status",
            ),
        ),
        migrations.AddField(
            model_name="source",
            name="submitted_at",
            field=models.DateTimeField(
                blank=True, editable=False, null=True, verbose_name="sent for review"
            ),
        ),
        migrations.AddField(
            model_name="source",
            name="text_public",
            field=models.BooleanField(
                default=False,
                help_text="Only where the rights allow it: otherwise readers see the quoted passages with their context, never the whole text.",
                verbose_name="full text shown to readers",
            ),
        ),
        migrations.AlterField(
            model_name="source",
            name="status",
            field=models.CharField(
                choices=[
                    ("draft", "Draft"),
                    ("in_review", "In review"),
                    ("published", "Published"),
                    ("withdrawn", "Withdrawn"),
                ],
                db_index=True,
                default="draft",
                editable=False,
                help_text="Readers see only what is published.",
                max_length=10,
                verbose_name="status",
            ),
        ),
        migrations.AlterField(
            model_name="historicalsource",
            name="status",
            field=models.CharField(
                choices=[
                    ("draft", "Draft"),
                    ("in_review", "In review"),
                    ("published", "Published"),
                    ("withdrawn", "Withdrawn"),
                ],
                db_index=True,
                default="draft",
                editable=False,
                help_text="Readers see only what is published.",
                max_length=10,
                verbose_name="status",
            ),
        ),
        migrations.RunPython(published_when_last_changed("source"), migrations.RunPython.noop),
    ]
