"""Review states: rows made before them were public, so they start published; new
work starts as a draft."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

APP = "claims"


def published_when_last_changed(model_name):
    """What was public before review existed stays public, published when last changed."""

    def publish(apps, schema_editor):
        model = apps.get_model(APP, model_name)
        model.objects.filter(published_at=None).update(published_at=models.F("updated_at"))

    return publish


class Migration(migrations.Migration):
    dependencies = [
        ("claims", "0066_questions_judged_distinct"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AlterModelOptions(
            name="claim",
            options={
                "ordering": ["question", "pk"],
                "permissions": [("publish_claim", "Can publish, correct and withdraw claims")],
                "verbose_name": "claim",
                "verbose_name_plural": "claims",
            },
        ),
        migrations.AlterModelOptions(
            name="question",
            options={
                "ordering": ["event__starts_on", "slug"],
                "permissions": [
                    ("publish_question", "Can publish, correct and withdraw questions")
                ],
                "verbose_name": "question",
                "verbose_name_plural": "questions",
            },
        ),
        migrations.AlterModelOptions(
            name="verdict",
            options={
                "ordering": ["question"],
                "permissions": [("publish_verdict", "Can publish, correct and withdraw verdicts")],
                "verbose_name": "editors' verdict",
                "verbose_name_plural": "editors' verdicts",
            },
        ),
        migrations.AddField(
            model_name="claim",
            name="corrected_at",
            field=models.DateTimeField(
                blank=True, editable=False, null=True, verbose_name="last corrected"
            ),
        ),
        migrations.AddField(
            model_name="claim",
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
            model_name="claim",
            name="published_at",
            field=models.DateTimeField(
                blank=True, editable=False, null=True, verbose_name="first published"
            ),
        ),
        migrations.AddField(
            model_name="claim",
            name="review_note",
            field=models.TextField(
                blank=True, default="", editable=False, verbose_name="review note"
            ),
        ),
        migrations.AddField(
            model_name="claim",
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
            model_name="claim",
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
            model_name="claim",
            name="submitted_at",
            field=models.DateTimeField(
                blank=True, editable=False, null=True, verbose_name="sent for review"
            ),
        ),
        migrations.AddField(
            model_name="historicalclaim",
            name="corrected_at",
            field=models.DateTimeField(
                blank=True, editable=False, null=True, verbose_name="last corrected"
            ),
        ),
        migrations.AddField(
            model_name="historicalclaim",
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
            model_name="historicalclaim",
            name="published_at",
            field=models.DateTimeField(
                blank=True, editable=False, null=True, verbose_name="first published"
            ),
        ),
        migrations.AddField(
            model_name="historicalclaim",
            name="review_note",
            field=models.TextField(
                blank=True, default="", editable=False, verbose_name="review note"
            ),
        ),
        migrations.AddField(
            model_name="historicalclaim",
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
            model_name="historicalclaim",
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
            model_name="historicalclaim",
            name="submitted_at",
            field=models.DateTimeField(
                blank=True, editable=False, null=True, verbose_name="sent for review"
            ),
        ),
        migrations.AddField(
            model_name="historicalquestion",
            name="corrected_at",
            field=models.DateTimeField(
                blank=True, editable=False, null=True, verbose_name="last corrected"
            ),
        ),
        migrations.AddField(
            model_name="historicalquestion",
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
            model_name="historicalquestion",
            name="published_at",
            field=models.DateTimeField(
                blank=True, editable=False, null=True, verbose_name="first published"
            ),
        ),
        migrations.AddField(
            model_name="historicalquestion",
            name="review_note",
            field=models.TextField(
                blank=True, default="", editable=False, verbose_name="review note"
            ),
        ),
        migrations.AddField(
            model_name="historicalquestion",
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
            model_name="historicalquestion",
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
            model_name="historicalquestion",
            name="submitted_at",
            field=models.DateTimeField(
                blank=True, editable=False, null=True, verbose_name="sent for review"
            ),
        ),
        migrations.AddField(
            model_name="historicalverdict",
            name="corrected_at",
            field=models.DateTimeField(
                blank=True, editable=False, null=True, verbose_name="last corrected"
            ),
        ),
        migrations.AddField(
            model_name="historicalverdict",
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
            model_name="historicalverdict",
            name="published_at",
            field=models.DateTimeField(
                blank=True, editable=False, null=True, verbose_name="first published"
            ),
        ),
        migrations.AddField(
            model_name="historicalverdict",
            name="review_note",
            field=models.TextField(
                blank=True, default="", editable=False, verbose_name="review note"
            ),
        ),
        migrations.AddField(
            model_name="historicalverdict",
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
            model_name="historicalverdict",
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
            model_name="historicalverdict",
            name="submitted_at",
            field=models.DateTimeField(
                blank=True, editable=False, null=True, verbose_name="sent for review"
            ),
        ),
        migrations.AddField(
            model_name="question",
            name="corrected_at",
            field=models.DateTimeField(
                blank=True, editable=False, null=True, verbose_name="last corrected"
            ),
        ),
        migrations.AddField(
            model_name="question",
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
            model_name="question",
            name="published_at",
            field=models.DateTimeField(
                blank=True, editable=False, null=True, verbose_name="first published"
            ),
        ),
        migrations.AddField(
            model_name="question",
            name="review_note",
            field=models.TextField(
                blank=True, default="", editable=False, verbose_name="review note"
            ),
        ),
        migrations.AddField(
            model_name="question",
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
            model_name="question",
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
            model_name="question",
            name="submitted_at",
            field=models.DateTimeField(
                blank=True, editable=False, null=True, verbose_name="sent for review"
            ),
        ),
        migrations.AddField(
            model_name="verdict",
            name="corrected_at",
            field=models.DateTimeField(
                blank=True, editable=False, null=True, verbose_name="last corrected"
            ),
        ),
        migrations.AddField(
            model_name="verdict",
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
            model_name="verdict",
            name="published_at",
            field=models.DateTimeField(
                blank=True, editable=False, null=True, verbose_name="first published"
            ),
        ),
        migrations.AddField(
            model_name="verdict",
            name="review_note",
            field=models.TextField(
                blank=True, default="", editable=False, verbose_name="review note"
            ),
        ),
        migrations.AddField(
            model_name="verdict",
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
            model_name="verdict",
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
            model_name="verdict",
            name="submitted_at",
            field=models.DateTimeField(
                blank=True, editable=False, null=True, verbose_name="sent for review"
            ),
        ),
        migrations.AlterField(
            model_name="question",
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
            model_name="historicalquestion",
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
        migrations.RunPython(published_when_last_changed("question"), migrations.RunPython.noop),
        migrations.AlterField(
            model_name="claim",
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
            model_name="historicalclaim",
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
        migrations.RunPython(published_when_last_changed("claim"), migrations.RunPython.noop),
        migrations.AlterField(
            model_name="verdict",
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
            model_name="historicalverdict",
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
        migrations.RunPython(published_when_last_changed("verdict"), migrations.RunPython.noop),
    ]
