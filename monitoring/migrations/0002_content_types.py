"""The moved models' content types, once more after evaluations' migration 0003 (which relabels them): nothing to do
when that ran, and `migrate monitoring` alone applies it first, so post_migrate never sees the models under both
labels."""

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
        ("contenttypes", "0002_remove_content_type_name"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("monitoring", "0001_initial"),
        ("evaluations", "0003_monitoring_moves_out"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
