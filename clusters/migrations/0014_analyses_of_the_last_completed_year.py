"""An analysis recorded before analyses had a year read every member and collaboration known when it ran: it
becomes the analysis of the last completed year at that time (one requested in 2026 is the network of 2025; never
before 2000), as members' figures did (0013)."""

from django.db import migrations

FIRST_YEAR = 2000


def analyses_years(apps, schema_editor):
    NetworkAnalysis = apps.get_model("clusters", "NetworkAnalysis")
    analyses = NetworkAnalysis._base_manager.filter(year__isnull=True).only("pk", "created")
    for analysis in analyses.iterator(chunk_size=2000):
        NetworkAnalysis._base_manager.filter(pk=analysis.pk).update(year=max(FIRST_YEAR, analysis.created.year - 1))


class Migration(migrations.Migration):
    dependencies = [("clusters", "0013_member_years_from_current_figures")]

    operations = [migrations.RunPython(analyses_years, migrations.RunPython.noop)]
