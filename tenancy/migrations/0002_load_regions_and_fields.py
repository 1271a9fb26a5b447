"""Load China's administrative divisions (GB/T 2260) and the industry fields."""

import csv
from decimal import Decimal
from pathlib import Path

from django.db import migrations

REGIONS_CSV = Path(__file__).resolve().parent.parent / "data" / "regions-cn.csv"

INDUSTRY_FIELDS = [
    ("ngit", "新一代信息技术", "New-generation information technology"),
    ("high_end_equipment", "高端装备", "High-end equipment"),
    ("new_materials", "新材料", "New materials"),
    ("biomedicine", "生物医药及高端医疗器械", "Biomedicine and high-end medical devices"),
    ("consumer_goods", "消费品", "Consumer goods"),
    ("new_energy_vehicles", "新能源及智能网联汽车", "New energy and intelligent connected vehicles"),
]


def load(apps, schema_editor):
    Region = apps.get_model("tenancy", "Region")
    IndustryField = apps.get_model("tenancy", "IndustryField")
    with REGIONS_CSV.open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    Region.objects.bulk_create(
        [
            Region(
                code=row["code"],
                name=row["name_zh"],
                name_en=row["name_en"],
                level=row["level"],
                parent_id=row["parent_code"] or None,
                longitude=Decimal(row["longitude"]) if row["longitude"] else None,
                latitude=Decimal(row["latitude"]) if row["latitude"] else None,
            )
            # Parents come before their children, so the foreign keys hold row by row.
            for row in sorted(rows, key=lambda r: ("province", "prefecture", "county").index(r["level"]))
        ],
        batch_size=1000,
    )
    IndustryField.objects.bulk_create(
        [
            IndustryField(code=code, name=name, name_en=name_en, position=position)
            for position, (code, name, name_en) in enumerate(INDUSTRY_FIELDS)
        ]
    )


def unload(apps, schema_editor):
    apps.get_model("tenancy", "IndustryField").objects.all().delete()
    Region = apps.get_model("tenancy", "Region")
    for level in ("county", "prefecture", "province"):
        Region.objects.filter(level=level).delete()


class Migration(migrations.Migration):
    dependencies = [("tenancy", "0001_initial")]
    operations = [migrations.RunPython(load, unload)]
