"""Audit history (django-simple-history): who changed what, when.

Decision-relevant models declare `history = HistoricalRecords()`; this module
turns their records into rows for the API and the history pages.
"""

from django.utils.translation import gettext_lazy as _
from simple_history import models as simple_history_models

from .scoping import system_scope


class HistoricalRecords(simple_history_models.HistoricalRecords):
    """simple-history's records, for a model whose many-to-many rows (the `m2m_fields`) go through a tenant-owned
    model: the rows of the object being saved are read as the system, whoever saves it (a factory, a task, a
    request of any viewer), so each record lists them all."""

    def create_historical_record_m2ms(self, history_instance, instance):
        with system_scope():
            super().create_historical_record_m2ms(history_instance, instance)


CHANGE_TYPES = {"+": _("Created"), "~": _("Changed"), "-": _("Deleted")}


def history_entries(obj, limit=200):
    """Newest first: each entry with its author, time, kind and field changes."""
    records = list(obj.history.select_related("history_user").order_by("-history_date", "-history_id")[: limit + 1])
    entries = []
    for index, record in enumerate(records[:limit]):
        previous = records[index + 1] if index + 1 < len(records) else None
        changes = []
        if previous is not None and record.history_type == "~":
            delta = record.diff_against(previous)
            for change in delta.changes:
                field = record.instance_type._meta.get_field(change.field)
                changes.append(
                    {
                        "field": change.field,
                        "label": str(field.verbose_name),
                        "old": _display(field, change.old),
                        "new": _display(field, change.new),
                    }
                )
        entries.append(
            {
                "id": record.history_id,
                "date": record.history_date,
                "user": record.history_user.username if record.history_user else None,
                "type": record.history_type,
                "type_label": str(CHANGE_TYPES[record.history_type]),
                "reason": record.history_change_reason or "",
                "changes": changes,
            }
        )
    return entries


def _display(field, value):
    if field.many_to_many:
        return _display_related(field, [row[field.m2m_reverse_field_name()] for row in value or []])
    if field.many_to_one and value is not None:
        return _display_related(field, [value])
    if field.choices and value is not None:
        return str(dict(field.flatchoices).get(value, value))
    return "" if value is None else str(value)


def _display_related(field, keys):
    """Related rows by name (in the order kept), or by key where the viewer cannot read the row."""
    found = field.related_model.objects.in_bulk(keys) if keys else {}
    return ", ".join(str(found.get(key, key)) for key in keys)


# simple-history's history_change_reason column holds at most this many characters.
CHANGE_REASON_MAX_LENGTH = 100


def save_with_history(instance, *, by, reason=None, **kwargs):
    """Save `instance` through the ORM, its history row recording `by` as the author and `reason` (cut to the
    column's 100 characters) as the change reason."""
    instance._history_user = by
    if reason:
        instance._change_reason = str(reason)[:CHANGE_REASON_MAX_LENGTH]
    instance.save(**kwargs)
