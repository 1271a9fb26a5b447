"""Fail-closed scoping of tenant-owned models.

Every request runs inside `scope(viewer=...)` (see `TenantScopeMiddleware`); Celery
tasks and commands open one themselves. The default manager of a tenant-owned
model filters every query by the model's visibility rule for the current viewer,
and outside a scope it refuses to query at all (`UnscopedQuerySet`). What of django-scopes'
private state this needs is read in tenancy/fastpaths.py, with its upgrade canary.

Acting as the system has one name: `system_scope()` (tasks, commands, the demo
loader, the admin), and `unscoped(Model)` for the one read a service makes beyond
its viewer (re-checking a reference, a conflict of interest, a notification's
recipients). Product code uses neither django-scopes' `scopes_disabled()` nor a
model's `_base_manager` (tests/test_scoping.py walks the source).
"""

from contextlib import contextmanager

from django.db import models
from django.utils.module_loading import import_string
from django_scopes import get_scope, scope
from django_scopes.exceptions import ScopeError

from .fastpaths import UnscopedQuerySet, scopes_are_disabled

__all__ = [
    "BaseTenantManager",
    "InSubquery",
    "ScopeError",
    "TenantManager",
    "UnscopedQuerySet",
    "current_viewer",
    "scope",
    "system_scope",
    "unscoped",
    "viewer_scope",
]


def current_viewer():
    """The viewer of the active scope, or None outside one."""
    value = get_scope().get("viewer")
    return value() if callable(value) else value


@contextmanager
def viewer_scope(viewer):
    with scope(viewer=viewer):
        yield


@contextmanager
def system_scope():
    """The one way to act as the system (Celery tasks, commands, the demo loader, the admin, the API schema):
    a scope whose viewer sees everything, every visibility rule answering `Q()`."""
    from .visibility import Viewer

    with scope(viewer=Viewer.system()):
        yield


def unscoped(model):
    """Every row of a tenant-owned model whoever the viewer is: a system read for a service that must look beyond
    its viewer. The queryset is built in `system_scope()`, so it keeps the model's own queryset class."""
    with system_scope():
        return model._default_manager.all()


class InSubquery(models.Func):
    """`column IN (subquery)` for visibility rules, written `column = ANY(ARRAY(subquery))` on PostgreSQL: the
    subquery (e.g. the viewer's visible clusters) then runs once, before the scan, and the column's index takes the
    ids; `IN` is planned as a join that costs a step per row — about as much again as COUNT itself on a
    10,000-member cluster."""

    output_field = models.BooleanField()

    def __init__(self, column: str, queryset):
        subquery = models.Subquery(queryset)  # holds its own clone of the query
        subquery.query.clear_ordering(force=True)
        super().__init__(models.F(column), subquery)

    def as_sql(self, compiler, connection, **extra_context):
        (column, column_params), (subquery, subquery_params) = map(compiler.compile, self.get_source_expressions())
        return f"{column} IN {subquery}", (*column_params, *subquery_params)

    def as_postgresql(self, compiler, connection, **extra_context):
        (column, column_params), (subquery, subquery_params) = map(compiler.compile, self.get_source_expressions())
        return f"{column} = ANY(ARRAY{subquery})", (*column_params, *subquery_params)


class BaseTenantManager(models.Manager):
    visibility = None  # dotted path of a function Viewer -> Q

    def get_queryset(self):
        current = get_scope()
        queryset = super().get_queryset()
        if scopes_are_disabled(current):
            return queryset
        if "viewer" not in current:
            return UnscopedQuerySet(self.model, using=self._db, missing_scopes=["viewer"])
        viewer = current_viewer()
        return queryset.filter(import_string(self.visibility)(viewer))

    def all(self):
        queryset = super().all()
        if isinstance(queryset, UnscopedQuerySet):
            queryset = queryset.all()  # raises ScopeError
        return queryset


def TenantManager(visibility):  # noqa: N802 - reads like the manager class it makes, as django-scopes' ScopedManager
    """The default manager of a tenant-owned model; `visibility` is the dotted
    path of the function Viewer -> Q that says what a viewer may read. (A class
    attribute, since Django subclasses the manager for related managers.)"""
    manager_class = type("TenantManager", (BaseTenantManager,), {"visibility": visibility})
    return manager_class()
