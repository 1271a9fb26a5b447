"""The shared chain taxonomy: each industry field's chain categories, shipped as data in
clusters/data/chain_categories.json (field code → categories in chain order: code, name, English name, segment).

`load_chain_categories` is what the data migration runs (with the migration's historical model) and what a
deployment may run again after the file changed: it is idempotent, creating missing categories and updating
names, segments and positions in place by (field, code). It never deletes a category (chain links refer to them)
and skips the fields the database does not have."""

import json
from pathlib import Path

CHAIN_CATEGORIES_JSON = Path(__file__).resolve().parent.parent / "data" / "chain_categories.json"


def chain_category_rows(path=CHAIN_CATEGORIES_JSON) -> dict[str, list[dict]]:
    """The shipped taxonomy: {field code: [{code, name, name_en, segment, position}, …]}, positions from 1."""
    with Path(path).open(encoding="utf-8") as handle:
        data = json.load(handle)
    return {
        field: [{**row, "position": position} for position, row in enumerate(rows, start=1)]
        for field, rows in data.items()
    }


def load_chain_categories(category_model=None, field_model=None, path=CHAIN_CATEGORIES_JSON) -> dict[str, int]:
    """Create or update the shipped categories; returns {"created": n, "updated": n, "unchanged": n}.

    The models default to the current ones; a migration passes its historical models. Reference data, unscoped."""
    if category_model is None or field_model is None:
        from clusters.models import ChainCategory
        from tenancy.models import IndustryField

        category_model, field_model = category_model or ChainCategory, field_model or IndustryField
    fields = set(field_model.objects.values_list("code", flat=True))
    existing = {(c.field_id, c.code): c for c in category_model.objects.filter(field_id__in=fields)}
    counts = {"created": 0, "updated": 0, "unchanged": 0}
    new, changed = [], []
    for field, rows in chain_category_rows(path).items():
        if field not in fields:
            continue
        for row in rows:
            values = {key: row[key] for key in ("name", "name_en", "segment", "position")}
            category = existing.get((field, row["code"]))
            if category is None:
                new.append(category_model(field_id=field, code=row["code"], **values))
            elif any(getattr(category, key) != value for key, value in values.items()):
                for key, value in values.items():
                    setattr(category, key, value)
                changed.append(category)
            else:
                counts["unchanged"] += 1
    if changed:
        # Names are unique per field: move the changed rows' names aside first, so two categories may swap names.
        for category in changed:
            category_model.objects.filter(pk=category.pk).update(name=f"~{category.pk}")
        category_model.objects.bulk_update(changed, ["name", "name_en", "segment", "position"])
    category_model.objects.bulk_create(new)
    counts["created"], counts["updated"] = len(new), len(changed)
    return counts
