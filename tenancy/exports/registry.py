"""The lists that can be exported, registered by each app from its AppConfig.ready() (`register_export`).

A list's `build(request)` runs inside a scope of the requesting user (tenancy/exports/services.py) and returns its
sheets, `[(title, header, rows), ...]`: the rows the user's page shows for the query string `request.GET` (filters,
search and sort; every page), in the user's language. `request` is an `ExportRequest`: the requester as
`request.user`, the list's query string as `request.GET`, and `request.target`, the primary key of the object the
list belongs to (the cluster of a member list) or None; so the page's own helpers, which read a request, build the
export. It raises Http404 or PermissionDenied where the page would, and `check(request)` (run when the export is
asked for, before a job is recorded) says so at once.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.http import QueryDict

FORMATS = ("csv", "xlsx")


@dataclass(frozen=True)
class ExportRequest:
    """What a list page reads of its request, for building the list again in a worker."""

    user: object
    GET: QueryDict  # noqa: N815 - named as Django's request attribute, so the pages' helpers read it
    target: int | None = None


@dataclass(frozen=True)
class ExportKind:
    key: str  # "<app>.<list>", e.g. "clusters.members"
    label: object  # a lazy translation: what the list is ("Members")
    build: Callable
    check: Callable | None = None
    formats: tuple = FORMATS
    needs_target: bool = False

    def filename(self, job) -> str:
        stem = self.key.replace(".", "-").replace("_", "-")
        if job.target is not None:
            stem += f"-{job.target}"
        return f"{stem}-{job.created:%Y%m%d-%H%M}.{job.file_format}"


_kinds: dict[str, ExportKind] = {}


def register_export(key, label, build, *, check=None, formats=FORMATS, needs_target=False) -> ExportKind:
    """Make the list `key` exportable; registering the same key again (ready() run twice) replaces it."""
    unknown = set(formats) - set(FORMATS)
    if unknown or not formats:
        raise ValueError(f"Export {key!r}: formats must be among {FORMATS}, not {formats!r}.")
    kind = ExportKind(key, label, build, check=check, formats=tuple(formats), needs_target=needs_target)
    _kinds[key] = kind
    return kind


def export_kind(key) -> ExportKind | None:
    return _kinds.get(key)


def export_kinds() -> tuple[ExportKind, ...]:
    return tuple(_kinds.values())
