"""Every member gets one row of figures by year: its figures as they stand, for the last completed year at the
time they were last changed (a member last updated in 2026 holds its 2025 figures; never before 2000). Evaluations
of other years find no figures for it, and count them as missing, until someone files them."""

from django.db import migrations

FIGURES = (
    "is_leading",
    "is_single_champion",
    "is_little_giant",
    "is_srdi_sme",
    "is_high_tech",
    "is_local",
    "revenue",
    "employees",
    "rd_spend",
    "patents",
)
FIRST_YEAR = 2000
BATCH = 5000


def member_years(apps, schema_editor):
    Member = apps.get_model("clusters", "Member")
    MemberYear = apps.get_model("clusters", "MemberYear")
    rows = Member._base_manager.order_by("pk").values("pk", "cluster_id", "updated", *FIGURES)
    batch = []
    for row in rows.iterator(chunk_size=BATCH):
        year = max(FIRST_YEAR, row["updated"].year - 1)
        figures = {name: row[name] for name in FIGURES}
        batch.append(MemberYear(member_id=row["pk"], cluster_id=row["cluster_id"], year=year, **figures))
        if len(batch) >= BATCH:
            MemberYear._base_manager.bulk_create(batch)
            batch = []
    MemberYear._base_manager.bulk_create(batch)


def no_member_years(apps, schema_editor):
    apps.get_model("clusters", "MemberYear")._base_manager.all().delete()


class Migration(migrations.Migration):
    dependencies = [("clusters", "0012_member_years_and_the_year_of_imports_and_analyses")]

    operations = [migrations.RunPython(member_years, no_member_years)]
