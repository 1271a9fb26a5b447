"""Load the shared chain taxonomy (clusters/data/chain_categories.json) for the industry fields present."""

from django.db import migrations

from clusters.profiles.taxonomy import load_chain_categories


def load(apps, schema_editor):
    load_chain_categories(apps.get_model("clusters", "ChainCategory"), apps.get_model("tenancy", "IndustryField"))


class Migration(migrations.Migration):
    dependencies = [("clusters", "0019_chain_categories")]
    # Unloading leaves the categories: chain links may refer to them, and the schema migration drops the table.
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
