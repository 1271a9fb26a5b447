"""Indicators that count things (enterprises, platforms, patents, staff, standards, events) take whole numbers only.

The flag is set from the catalogue's units. Existing fractional values are not changed: the data-quality check
`whole_counts` lists them for the promotion body to correct.
"""

from django.db import migrations, models

COUNT_UNITS = ["家", "件", "个", "人", "项", "场"]


def flag_counts(apps, schema_editor):
    Indicator = apps.get_model("clusters", "Indicator")
    Indicator.objects.filter(unit__in=COUNT_UNITS).update(is_count=True)


class Migration(migrations.Migration):
    dependencies = [("clusters", "0014_analyses_of_the_last_completed_year")]

    operations = [
        migrations.AddField(
            model_name="indicator",
            name="is_count",
            field=models.BooleanField(
                default=False,
                help_text="A count of enterprises, platforms, patents…: whole numbers only.",
                verbose_name="count",
            ),
        ),
        migrations.RunPython(flag_counts, migrations.RunPython.noop),
    ]
