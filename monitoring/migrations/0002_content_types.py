"""The moved models' content types follow them (app label evaluations -> monitoring), so permissions, history and
any generic relation keep pointing at the same rows."""

from django.db import migrations

MODELS = [
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
    ContentType = apps.get_model("contenttypes", "ContentType")
    db = schema_editor.connection.alias
    for model in MODELS:
        if ContentType.objects.using(db).filter(app_label=new, model=model).exists():
            continue
        ContentType.objects.using(db).filter(app_label=old, model=model).update(app_label=new)


def forwards(apps, schema_editor):
    relabel(apps, schema_editor, "evaluations", "monitoring")


def backwards(apps, schema_editor):
    relabel(apps, schema_editor, "monitoring", "evaluations")


class Migration(migrations.Migration):
    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        ("monitoring", "0001_initial"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
