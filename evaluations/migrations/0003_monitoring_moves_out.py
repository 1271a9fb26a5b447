"""The monitoring models move to the monitoring app (its migration 0001): the state moves, no table changes; their
content types are relabelled."""

from django.db import migrations

# The moved models' content types follow them (app label evaluations -> monitoring), so permissions, history and any
# generic relation keep pointing at the same rows. Where post_migrate already created an empty row under the new label
# (an app migrated alone), that row gives way to the old one.
MOVED = [
    "monitoringmethod",
    "historicalmonitoringmethod",
    "monitoringevaluation",
    "monitoringresult",
    "earlywarning",
    "adjustmentdecision",
    "historicaladjustmentdecision",
    "rectificationnote",
    "historicalrectificationnote",
]


def relabel(apps, schema_editor, old, new):
    content_types = apps.get_model("contenttypes", "ContentType").objects.using(schema_editor.connection.alias)
    for model in MOVED:
        moved = content_types.filter(app_label=old, model=model).first()
        if moved is None:
            continue
        content_types.filter(app_label=new, model=model).delete()
        moved.app_label = new
        moved.save(update_fields=["app_label"])


def forwards(apps, schema_editor):
    relabel(apps, schema_editor, "evaluations", "monitoring")


def backwards(apps, schema_editor):
    relabel(apps, schema_editor, "monitoring", "evaluations")


class Migration(migrations.Migration):
    dependencies = [
        ("monitoring", "0001_initial"),
        ("evaluations", "0002_review_and_monitoring"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[],
            state_operations=[
                migrations.RemoveField(
                    model_name="historicalrectificationnote",
                    name="decision",
                ),
                migrations.RemoveField(
                    model_name="rectificationnote",
                    name="decision",
                ),
                migrations.RemoveField(
                    model_name="earlywarning",
                    name="result",
                ),
                migrations.RemoveField(
                    model_name="historicaladjustmentdecision",
                    name="decided_by",
                ),
                migrations.RemoveField(
                    model_name="historicaladjustmentdecision",
                    name="history_user",
                ),
                migrations.RemoveField(
                    model_name="historicaladjustmentdecision",
                    name="result",
                ),
                migrations.RemoveField(
                    model_name="historicalmonitoringmethod",
                    name="created_by",
                ),
                migrations.RemoveField(
                    model_name="historicalmonitoringmethod",
                    name="history_user",
                ),
                migrations.RemoveField(
                    model_name="historicalrectificationnote",
                    name="author",
                ),
                migrations.RemoveField(
                    model_name="historicalrectificationnote",
                    name="cluster",
                ),
                migrations.RemoveField(
                    model_name="historicalrectificationnote",
                    name="history_user",
                ),
                migrations.RemoveField(
                    model_name="historicalrectificationnote",
                    name="organisation",
                ),
                migrations.RemoveField(
                    model_name="monitoringevaluation",
                    name="created_by",
                ),
                migrations.RemoveField(
                    model_name="monitoringevaluation",
                    name="method",
                ),
                migrations.RemoveField(
                    model_name="monitoringresult",
                    name="evaluation",
                ),
                migrations.RemoveField(
                    model_name="monitoringmethod",
                    name="created_by",
                ),
                migrations.RemoveField(
                    model_name="monitoringresult",
                    name="cluster",
                ),
                migrations.RemoveField(
                    model_name="rectificationnote",
                    name="author",
                ),
                migrations.RemoveField(
                    model_name="rectificationnote",
                    name="cluster",
                ),
                migrations.RemoveField(
                    model_name="rectificationnote",
                    name="organisation",
                ),
                migrations.DeleteModel(
                    name="AdjustmentDecision",
                ),
                migrations.DeleteModel(
                    name="EarlyWarning",
                ),
                migrations.DeleteModel(
                    name="HistoricalAdjustmentDecision",
                ),
                migrations.DeleteModel(
                    name="HistoricalMonitoringMethod",
                ),
                migrations.DeleteModel(
                    name="HistoricalRectificationNote",
                ),
                migrations.DeleteModel(
                    name="MonitoringEvaluation",
                ),
                migrations.DeleteModel(
                    name="MonitoringMethod",
                ),
                migrations.DeleteModel(
                    name="MonitoringResult",
                ),
                migrations.DeleteModel(
                    name="RectificationNote",
                ),
            ],
        ),
        migrations.RunPython(forwards, backwards),
    ]
