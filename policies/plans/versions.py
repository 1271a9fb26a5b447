"""Frozen versions of a cultivation plan and the differences between two of them (pure functions on snapshots).

A snapshot is plain JSON: the plan's text fields, its cluster and owners (names at the time), its key tasks in
order and its targets by indicator code. The diff compares two snapshots field by field:

- text fields: changed or not, with old and new values and, for text, the inserted and deleted passages
  (difflib on characters, so Chinese text without spaces diffs well);
- key tasks: matched by their text (difflib on the list of tasks), so a task inserted at the top shows as
  added rather than every task as changed; a task whose text changed in place shows as changed;
- targets: matched by indicator code: added, removed or changed (baseline and target years and values).
"""

import difflib

from django.utils.translation import gettext_lazy as _

PLAN_FIELDS = [
    ("title", _("Title")),
    ("period_start", _("First year of the period")),
    ("period_end", _("Last year of the period")),
    ("overall_thinking", _("Overall thinking")),
    ("stage_point", _("Point stage goal")),
    ("stage_line", _("Line stage goal")),
    ("stage_surface", _("Surface stage goal")),
    ("stage_network", _("Network stage goal")),
    ("owners", _("Owning local governments")),
]
TASK_FIELDS = [("task", _("Task")), ("department", _("Responsible department")), ("deadline", _("Deadline"))]
TARGET_FIELDS = [
    ("baseline_year", _("Baseline year")),
    ("baseline_value", _("Baseline value")),
    ("target_year", _("Target year")),
    ("target_value", _("Target value")),
]
LONG_TEXT = 20_000  # above this many characters a text is compared line by line


def format_decimal(value) -> str:
    text = format(value, "f")
    return text.rstrip("0").rstrip(".") if "." in text else text


def snapshot(*, plan, tasks, targets, owners) -> dict:
    """The plan as plain JSON (values as text where they are decimals or dates)."""
    cluster = plan.cluster
    return {
        "title": plan.title,
        "period_start": plan.period_start,
        "period_end": plan.period_end,
        "overall_thinking": plan.overall_thinking,
        "stage_point": plan.stage_point,
        "stage_line": plan.stage_line,
        "stage_surface": plan.stage_surface,
        "stage_network": plan.stage_network,
        "cluster": {"id": cluster.pk, "name": cluster.name, "name_en": cluster.name_en},
        "owners": [{"id": o.pk, "name": o.name, "name_en": o.name_en} for o in owners],
        "tasks": [
            {
                "position": index + 1,
                "task": task.task,
                "department": task.department,
                "deadline": task.deadline.isoformat(),
            }
            for index, task in enumerate(tasks)
        ],
        "targets": [
            {
                "indicator": target.indicator.code,
                "name": target.indicator.name,
                "name_en": target.indicator.name_en,
                "unit": target.indicator.unit,
                "baseline_year": target.baseline_year,
                "baseline_value": format_decimal(target.baseline_value),
                "target_year": target.target_year,
                "target_value": format_decimal(target.target_value),
            }
            for target in targets
        ],
    }


def text_segments(old: str, new: str) -> list[dict]:
    """The new text as segments: {"op": "equal" | "insert" | "delete", "text": …}, in reading order."""
    old, new = old or "", new or ""
    if max(len(old), len(new)) > LONG_TEXT:
        a, b = old.splitlines(keepends=True), new.splitlines(keepends=True)
    else:
        a, b = list(old), list(new)
    segments = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if op == "equal":
            segments.append({"op": "equal", "text": "".join(a[i1:i2])})
            continue
        if op in ("delete", "replace"):
            segments.append({"op": "delete", "text": "".join(a[i1:i2])})
        if op in ("insert", "replace"):
            segments.append({"op": "insert", "text": "".join(b[j1:j2])})
    return segments


def _owners_text(owners) -> str:
    return "、".join(owner["name"] for owner in owners or [])


def _change(field, label, old, new, *, text=False) -> dict:
    change = {
        "field": field,
        "label": str(label),
        "old": "" if old is None else str(old),
        "new": "" if new is None else str(new),
    }
    if text:
        change["segments"] = text_segments(change["old"], change["new"])
    return change


def _field_changes(old: dict, new: dict, fields) -> list[dict]:
    return [
        _change(name, label, old.get(name), new.get(name))
        for name, label in fields
        if str(old.get(name, "")) != str(new.get(name, ""))
    ]


def diff(old: dict, new: dict) -> dict:
    """Differences from snapshot `old` to snapshot `new`."""
    plan = []
    for name, label in PLAN_FIELDS:
        if name == "owners":
            before, after = _owners_text(old.get("owners")), _owners_text(new.get("owners"))
            if before != after:
                plan.append(_change(name, label, before, after))
            continue
        before, after = old.get(name, ""), new.get(name, "")
        if before != after:
            plan.append(_change(name, label, before, after, text=isinstance(after, str) or isinstance(before, str)))

    tasks = []
    old_tasks, new_tasks = old.get("tasks", []), new.get("tasks", [])
    matcher = difflib.SequenceMatcher(
        None, [t["task"] for t in old_tasks], [t["task"] for t in new_tasks], autojunk=False
    )
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            for before, after in zip(old_tasks[i1:i2], new_tasks[j1:j2], strict=True):
                changes = _field_changes(before, after, TASK_FIELDS[1:])
                if changes:
                    tasks.append(
                        {"change": "changed", "position": after["position"], "task": after["task"], "changes": changes}
                    )
            continue
        removed, added = old_tasks[i1:i2], new_tasks[j1:j2]
        if op == "replace":  # tasks rewritten in place pair up; the rest are added or removed
            paired = min(len(removed), len(added))
            for before, after in zip(removed[:paired], added[:paired], strict=True):
                changes = _field_changes(before, after, TASK_FIELDS)
                for change in changes:
                    if change["field"] == "task":
                        change["segments"] = text_segments(change["old"], change["new"])
                tasks.append(
                    {"change": "changed", "position": after["position"], "task": after["task"], "changes": changes}
                )
            removed, added = removed[paired:], added[paired:]
        for before in removed:
            tasks.append({"change": "removed", "position": before["position"], "task": before["task"], "old": before})
        for after in added:
            tasks.append({"change": "added", "position": after["position"], "task": after["task"], "new": after})

    targets = []
    old_targets = {t["indicator"]: t for t in old.get("targets", [])}
    new_targets = {t["indicator"]: t for t in new.get("targets", [])}
    for code in [*old_targets, *(c for c in new_targets if c not in old_targets)]:
        before, after = old_targets.get(code), new_targets.get(code)
        shown = after or before
        entry = {
            "indicator": code,
            "name": shown["name"],
            "name_en": shown.get("name_en", ""),
            "unit": shown.get("unit", ""),
        }
        if before is None:
            targets.append({**entry, "change": "added", "new": after})
        elif after is None:
            targets.append({**entry, "change": "removed", "old": before})
        else:
            changes = _field_changes(before, after, TARGET_FIELDS)
            if changes:
                targets.append({**entry, "change": "changed", "changes": changes})
    return {"plan": plan, "tasks": tasks, "targets": targets, "changed": bool(plan or tasks or targets)}
