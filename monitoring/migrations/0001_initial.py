"""The monitoring models leave the evaluations app for their own: state only, the tables (created by evaluations'
migrations 0001-0002) keep their names and their rows."""

import django.db.models.deletion
import simple_history.models
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("evaluations", "0002_review_and_monitoring"),
        ("clusters", "0004_members_list_index"),
        ("tenancy", "0003_notifications"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[],
            state_operations=[
                migrations.CreateModel(
                    name="AdjustmentDecision",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                            ),
                        ),
                        (
                            "decision",
                            models.CharField(
                                choices=[("keep", "Keep"), ("warn", "Warn"), ("drop", "Drop")],
                                max_length=8,
                                verbose_name="decision",
                            ),
                        ),
                        ("reason", models.TextField(verbose_name="reason")),
                        (
                            "tier_before",
                            models.CharField(
                                choices=[
                                    ("cultivating", "Cultivating"),
                                    ("provincial", "Provincial"),
                                    ("national", "National"),
                                    ("world_class", "World-class"),
                                ],
                                max_length=16,
                                verbose_name="tier before",
                            ),
                        ),
                        (
                            "tier_after",
                            models.CharField(
                                choices=[
                                    ("cultivating", "Cultivating"),
                                    ("provincial", "Provincial"),
                                    ("national", "National"),
                                    ("world_class", "World-class"),
                                ],
                                max_length=16,
                                verbose_name="tier after",
                            ),
                        ),
                        ("decided_at", models.DateTimeField(verbose_name="decided")),
                        (
                            "decided_by",
                            models.ForeignKey(
                                blank=True,
                                null=True,
                                on_delete=django.db.models.deletion.SET_NULL,
                                related_name="+",
                                to=settings.AUTH_USER_MODEL,
                                verbose_name="decided by",
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "adjustment decision",
                        "verbose_name_plural": "adjustment decisions",
                        "db_table": "evaluations_adjustmentdecision",
                        "ordering": ["-decided_at", "-pk"],
                    },
                ),
                migrations.CreateModel(
                    name="HistoricalMonitoringMethod",
                    fields=[
                        ("id", models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name="ID")),
                        ("version", models.PositiveIntegerField(db_index=True, verbose_name="version")),
                        ("name", models.CharField(max_length=128, verbose_name="name")),
                        ("description", models.TextField(blank=True, verbose_name="description")),
                        ("config", models.JSONField(verbose_name="configuration")),
                        ("is_current", models.BooleanField(default=False, verbose_name="current")),
                        ("created", models.DateTimeField(blank=True, editable=False, verbose_name="created")),
                        ("history_id", models.AutoField(primary_key=True, serialize=False)),
                        ("history_date", models.DateTimeField(db_index=True)),
                        ("history_change_reason", models.CharField(max_length=100, null=True)),
                        (
                            "history_type",
                            models.CharField(
                                choices=[("+", "Created"), ("~", "Changed"), ("-", "Deleted")], max_length=1
                            ),
                        ),
                        (
                            "created_by",
                            models.ForeignKey(
                                blank=True,
                                db_constraint=False,
                                null=True,
                                on_delete=django.db.models.deletion.DO_NOTHING,
                                related_name="+",
                                to=settings.AUTH_USER_MODEL,
                                verbose_name="created by",
                            ),
                        ),
                        (
                            "history_user",
                            models.ForeignKey(
                                null=True,
                                on_delete=django.db.models.deletion.SET_NULL,
                                related_name="+",
                                to=settings.AUTH_USER_MODEL,
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "historical monitoring method",
                        "verbose_name_plural": "historical monitoring methods",
                        "db_table": "evaluations_historicalmonitoringmethod",
                        "ordering": ("-history_date", "-history_id"),
                        "get_latest_by": ("history_date", "history_id"),
                    },
                    bases=(simple_history.models.HistoricalChanges, models.Model),
                ),
                migrations.CreateModel(
                    name="HistoricalRectificationNote",
                    fields=[
                        ("id", models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name="ID")),
                        ("text", models.TextField(verbose_name="rectification")),
                        ("created", models.DateTimeField(blank=True, editable=False, verbose_name="filed")),
                        ("history_id", models.AutoField(primary_key=True, serialize=False)),
                        ("history_date", models.DateTimeField(db_index=True)),
                        ("history_change_reason", models.CharField(max_length=100, null=True)),
                        (
                            "history_type",
                            models.CharField(
                                choices=[("+", "Created"), ("~", "Changed"), ("-", "Deleted")], max_length=1
                            ),
                        ),
                        (
                            "author",
                            models.ForeignKey(
                                blank=True,
                                db_constraint=False,
                                null=True,
                                on_delete=django.db.models.deletion.DO_NOTHING,
                                related_name="+",
                                to=settings.AUTH_USER_MODEL,
                                verbose_name="by",
                            ),
                        ),
                        (
                            "cluster",
                            models.ForeignKey(
                                blank=True,
                                db_constraint=False,
                                null=True,
                                on_delete=django.db.models.deletion.DO_NOTHING,
                                related_name="+",
                                to="clusters.cluster",
                                verbose_name="cluster",
                            ),
                        ),
                        (
                            "decision",
                            models.ForeignKey(
                                blank=True,
                                db_constraint=False,
                                null=True,
                                on_delete=django.db.models.deletion.DO_NOTHING,
                                related_name="+",
                                to="monitoring.adjustmentdecision",
                                verbose_name="decision answered",
                            ),
                        ),
                        (
                            "history_user",
                            models.ForeignKey(
                                null=True,
                                on_delete=django.db.models.deletion.SET_NULL,
                                related_name="+",
                                to=settings.AUTH_USER_MODEL,
                            ),
                        ),
                        (
                            "organisation",
                            models.ForeignKey(
                                blank=True,
                                db_constraint=False,
                                null=True,
                                on_delete=django.db.models.deletion.DO_NOTHING,
                                related_name="+",
                                to="tenancy.organisation",
                                verbose_name="organisation",
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "historical rectification note",
                        "verbose_name_plural": "historical rectification notes",
                        "db_table": "evaluations_historicalrectificationnote",
                        "ordering": ("-history_date", "-history_id"),
                        "get_latest_by": ("history_date", "history_id"),
                    },
                    bases=(simple_history.models.HistoricalChanges, models.Model),
                ),
                migrations.CreateModel(
                    name="MonitoringMethod",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                            ),
                        ),
                        ("version", models.PositiveIntegerField(unique=True, verbose_name="version")),
                        ("name", models.CharField(max_length=128, verbose_name="name")),
                        ("description", models.TextField(blank=True, verbose_name="description")),
                        ("config", models.JSONField(verbose_name="configuration")),
                        ("is_current", models.BooleanField(default=False, verbose_name="current")),
                        ("created", models.DateTimeField(auto_now_add=True, verbose_name="created")),
                        (
                            "created_by",
                            models.ForeignKey(
                                blank=True,
                                null=True,
                                on_delete=django.db.models.deletion.SET_NULL,
                                related_name="+",
                                to=settings.AUTH_USER_MODEL,
                                verbose_name="created by",
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "monitoring method",
                        "verbose_name_plural": "monitoring methods",
                        "db_table": "evaluations_monitoringmethod",
                        "ordering": ["-version"],
                    },
                ),
                migrations.CreateModel(
                    name="MonitoringEvaluation",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                            ),
                        ),
                        (
                            "status",
                            models.CharField(
                                choices=[
                                    ("queued", "Queued"),
                                    ("running", "Running"),
                                    ("succeeded", "Succeeded"),
                                    ("failed", "Failed"),
                                    ("errored", "Errored"),
                                ],
                                default="queued",
                                max_length=16,
                                verbose_name="status",
                            ),
                        ),
                        ("progress", models.PositiveSmallIntegerField(default=0, verbose_name="progress (%)")),
                        ("message", models.CharField(blank=True, max_length=500, verbose_name="message")),
                        ("error", models.TextField(blank=True, verbose_name="error details")),
                        ("created", models.DateTimeField(auto_now_add=True, verbose_name="created")),
                        ("started", models.DateTimeField(blank=True, null=True, verbose_name="started")),
                        ("finished", models.DateTimeField(blank=True, null=True, verbose_name="finished")),
                        ("year", models.PositiveSmallIntegerField(verbose_name="year evaluated")),
                        ("tiers", models.JSONField(default=list, verbose_name="tiers evaluated")),
                        (
                            "trigger",
                            models.CharField(
                                choices=[("scheduled", "Scheduled"), ("on_demand", "On demand")],
                                default="on_demand",
                                max_length=16,
                                verbose_name="trigger",
                            ),
                        ),
                        ("digest", models.CharField(blank=True, max_length=64, verbose_name="digest of the inputs")),
                        ("summary", models.JSONField(blank=True, default=dict, verbose_name="summary")),
                        (
                            "created_by",
                            models.ForeignKey(
                                blank=True,
                                null=True,
                                on_delete=django.db.models.deletion.SET_NULL,
                                related_name="+",
                                to=settings.AUTH_USER_MODEL,
                                verbose_name="created by",
                            ),
                        ),
                        (
                            "method",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="evaluations",
                                to="monitoring.monitoringmethod",
                                verbose_name="method",
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "monitoring evaluation",
                        "verbose_name_plural": "monitoring evaluations",
                        "db_table": "evaluations_monitoringevaluation",
                        "ordering": ["-year", "-created", "-pk"],
                    },
                ),
                migrations.CreateModel(
                    name="MonitoringResult",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                            ),
                        ),
                        ("scores", models.JSONField(default=dict, verbose_name="scores per dimension")),
                        ("inputs", models.JSONField(default=dict, verbose_name="inputs")),
                        ("overall", models.DecimalField(decimal_places=2, max_digits=7, verbose_name="overall score")),
                        ("grade", models.CharField(max_length=8, verbose_name="grade")),
                        (
                            "previous_overall",
                            models.DecimalField(
                                blank=True,
                                decimal_places=2,
                                max_digits=7,
                                null=True,
                                verbose_name="last year's overall score",
                            ),
                        ),
                        (
                            "change",
                            models.DecimalField(
                                blank=True,
                                decimal_places=2,
                                max_digits=7,
                                null=True,
                                verbose_name="change from last year",
                            ),
                        ),
                        (
                            "recommendation",
                            models.CharField(
                                choices=[("keep", "Keep"), ("warn", "Warn"), ("drop", "Drop")],
                                max_length=8,
                                verbose_name="recommendation",
                            ),
                        ),
                        (
                            "cluster",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="monitoring_results",
                                to="clusters.cluster",
                                verbose_name="cluster",
                            ),
                        ),
                        (
                            "evaluation",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="results",
                                to="monitoring.monitoringevaluation",
                                verbose_name="evaluation",
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "monitoring result",
                        "verbose_name_plural": "monitoring results",
                        "db_table": "evaluations_monitoringresult",
                        "ordering": ["evaluation", "-overall", "cluster__name"],
                    },
                ),
                migrations.CreateModel(
                    name="HistoricalAdjustmentDecision",
                    fields=[
                        ("id", models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name="ID")),
                        (
                            "decision",
                            models.CharField(
                                choices=[("keep", "Keep"), ("warn", "Warn"), ("drop", "Drop")],
                                max_length=8,
                                verbose_name="decision",
                            ),
                        ),
                        ("reason", models.TextField(verbose_name="reason")),
                        (
                            "tier_before",
                            models.CharField(
                                choices=[
                                    ("cultivating", "Cultivating"),
                                    ("provincial", "Provincial"),
                                    ("national", "National"),
                                    ("world_class", "World-class"),
                                ],
                                max_length=16,
                                verbose_name="tier before",
                            ),
                        ),
                        (
                            "tier_after",
                            models.CharField(
                                choices=[
                                    ("cultivating", "Cultivating"),
                                    ("provincial", "Provincial"),
                                    ("national", "National"),
                                    ("world_class", "World-class"),
                                ],
                                max_length=16,
                                verbose_name="tier after",
                            ),
                        ),
                        ("decided_at", models.DateTimeField(verbose_name="decided")),
                        ("history_id", models.AutoField(primary_key=True, serialize=False)),
                        ("history_date", models.DateTimeField(db_index=True)),
                        ("history_change_reason", models.CharField(max_length=100, null=True)),
                        (
                            "history_type",
                            models.CharField(
                                choices=[("+", "Created"), ("~", "Changed"), ("-", "Deleted")], max_length=1
                            ),
                        ),
                        (
                            "decided_by",
                            models.ForeignKey(
                                blank=True,
                                db_constraint=False,
                                null=True,
                                on_delete=django.db.models.deletion.DO_NOTHING,
                                related_name="+",
                                to=settings.AUTH_USER_MODEL,
                                verbose_name="decided by",
                            ),
                        ),
                        (
                            "history_user",
                            models.ForeignKey(
                                null=True,
                                on_delete=django.db.models.deletion.SET_NULL,
                                related_name="+",
                                to=settings.AUTH_USER_MODEL,
                            ),
                        ),
                        (
                            "result",
                            models.ForeignKey(
                                blank=True,
                                db_constraint=False,
                                null=True,
                                on_delete=django.db.models.deletion.DO_NOTHING,
                                related_name="+",
                                to="monitoring.monitoringresult",
                                verbose_name="result",
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "historical adjustment decision",
                        "verbose_name_plural": "historical adjustment decisions",
                        "db_table": "evaluations_historicaladjustmentdecision",
                        "ordering": ("-history_date", "-history_id"),
                        "get_latest_by": ("history_date", "history_id"),
                    },
                    bases=(simple_history.models.HistoricalChanges, models.Model),
                ),
                migrations.CreateModel(
                    name="EarlyWarning",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                            ),
                        ),
                        ("rule", models.CharField(max_length=48, verbose_name="rule")),
                        (
                            "severity",
                            models.CharField(
                                choices=[("notice", "Notice"), ("warning", "Warning"), ("serious", "Serious")],
                                default="warning",
                                max_length=16,
                                verbose_name="severity",
                            ),
                        ),
                        ("details", models.JSONField(default=dict, verbose_name="details")),
                        (
                            "result",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="warnings",
                                to="monitoring.monitoringresult",
                                verbose_name="result",
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "early warning",
                        "verbose_name_plural": "early warnings",
                        "db_table": "evaluations_earlywarning",
                        "ordering": ["result", "rule", "pk"],
                    },
                ),
                migrations.AddField(
                    model_name="adjustmentdecision",
                    name="result",
                    field=models.OneToOneField(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="decision",
                        to="monitoring.monitoringresult",
                        verbose_name="result",
                    ),
                ),
                migrations.CreateModel(
                    name="RectificationNote",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                            ),
                        ),
                        ("text", models.TextField(verbose_name="rectification")),
                        ("created", models.DateTimeField(auto_now_add=True, verbose_name="filed")),
                        (
                            "author",
                            models.ForeignKey(
                                blank=True,
                                null=True,
                                on_delete=django.db.models.deletion.SET_NULL,
                                related_name="+",
                                to=settings.AUTH_USER_MODEL,
                                verbose_name="by",
                            ),
                        ),
                        (
                            "cluster",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="rectification_notes",
                                to="clusters.cluster",
                                verbose_name="cluster",
                            ),
                        ),
                        (
                            "decision",
                            models.ForeignKey(
                                blank=True,
                                null=True,
                                on_delete=django.db.models.deletion.SET_NULL,
                                related_name="rectification_notes",
                                to="monitoring.adjustmentdecision",
                                verbose_name="decision answered",
                            ),
                        ),
                        (
                            "organisation",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="+",
                                to="tenancy.organisation",
                                verbose_name="organisation",
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "rectification note",
                        "verbose_name_plural": "rectification notes",
                        "db_table": "evaluations_rectificationnote",
                        "ordering": ["cluster", "-created", "-pk"],
                    },
                ),
                migrations.AddConstraint(
                    model_name="monitoringresult",
                    constraint=models.UniqueConstraint(
                        fields=("evaluation", "cluster"),
                        name="monitoring_result_unique",
                        violation_error_message="The evaluation already has a result for this cluster.",
                    ),
                ),
            ],
        ),
    ]
