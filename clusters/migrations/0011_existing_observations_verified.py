"""Observations recorded before verification existed were the data every evaluation used: they become verified,
so monitoring and competitions read the same values as before (and the demo's results stay)."""

from django.db import migrations


def mark_verified(apps, schema_editor):
    Observation = apps.get_model("clusters", "Observation")
    Observation._base_manager.update(status="verified")


class Migration(migrations.Migration):
    dependencies = [("clusters", "0010_observation_verification")]

    operations = [migrations.RunPython(mark_verified, migrations.RunPython.noop)]
