"""What global search looks in: each app registers its kinds from its AppConfig.ready() (tenancy knows no app).

    register_search(
        kind="members", label=_("Members"), order=20, model=Member,
        fields=("name", "name_en", "credit_code"),     # tokenised into the model's search column on save
        queryset=lambda viewer: Member.objects.select_related("cluster"),
        url=lambda member, viewer: reverse("cluster-member-detail", args=[member.cluster_id, member.pk]),
        title=str, context=lambda member: member.cluster.name,
    )

The queryset is the model's scoped manager (`Model.objects`), so a hit is always a row the viewer may open;
`queryset(viewer)` may return None to leave the kind out for that viewer. `via` names relations whose own search
column matches as well (an entry is found by its cluster's name). A model with `fields` needs a
`SearchTokensField` named `search_tokens`; its value is kept on every save, and code that writes rows in bulk calls
`fill(objects)` (or `tokens_for(model, values)`) first.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.db import models
from django.db.models.signals import post_save, pre_save

from .backends import SEARCH_COLUMN
from .fields import SearchTokensField  # noqa: F401 - the column's field, named with the registry
from .tokens import document_tokens


@dataclass(frozen=True)
class SearchKind:
    kind: str
    label: object
    model: type
    queryset: Callable  # viewer -> QuerySet | None
    url: Callable  # (object, viewer) -> URL
    fields: tuple = ()
    via: tuple = ()
    # The attributes a hit is ranked by ("name", "cluster.name"), most telling first; default: `fields`.
    rank: tuple = ()
    title: Callable = str
    context: Callable | None = None  # object -> a second line ("in 南京市新型电力装备集群")
    order: int = 0

    @property
    def columns(self) -> tuple:
        own = (SEARCH_COLUMN,) if self.fields else ()
        return own + tuple(f"{relation}__{SEARCH_COLUMN}" for relation in self.via)

    @property
    def rank_fields(self) -> tuple:
        return self.rank or self.fields


_KINDS: dict[str, SearchKind] = {}
_MODELS: dict[type, SearchKind] = {}


def register_search(*, kind, label, model, queryset, url, fields=(), via=(), rank=(), title=str, context=None, order=0):
    entry = SearchKind(
        kind=kind,
        label=label,
        model=model,
        queryset=queryset,
        url=url,
        fields=tuple(fields),
        via=tuple(via),
        rank=tuple(rank),
        title=title,
        context=context,
        order=order,
    )
    _KINDS[kind] = entry
    if entry.fields:
        _MODELS[model] = entry
        uid = f"search-tokens-{model._meta.label}"
        pre_save.connect(_keep_tokens, sender=model, dispatch_uid=uid)
        post_save.connect(_keep_tokens_of_partial_save, sender=model, dispatch_uid=uid)
    return entry


def kinds() -> list[SearchKind]:
    return sorted(_KINDS.values(), key=lambda entry: (entry.order, entry.kind))


def kind(name: str) -> SearchKind | None:
    return _KINDS.get(name)


def tokens_for(model, values) -> str:
    """The search column's value for a row of `model` whose indexed fields hold `values` (a mapping)."""
    return document_tokens(*(values.get(name, "") for name in _MODELS[model].fields))


def fill(objects) -> list:
    """Set the search column of model instances about to be written in bulk (bulk_create, bulk_update)."""
    objects = list(objects)
    for instance in objects:
        entry = _MODELS.get(type(instance))
        if entry is not None:
            setattr(instance, SEARCH_COLUMN, document_tokens(*(getattr(instance, f) for f in entry.fields)))
    return objects


def _keep_tokens(sender, instance, update_fields=None, **kwargs):
    entry = _MODELS.get(sender)
    if entry is None or (update_fields is not None and not set(update_fields) & set(entry.fields)):
        return
    setattr(instance, SEARCH_COLUMN, document_tokens(*(getattr(instance, f) for f in entry.fields)))


def _keep_tokens_of_partial_save(sender, instance, created=False, update_fields=None, **kwargs):
    """A save(update_fields=[...]) that names an indexed field but not the column writes the column too (the row
    was just written by whoever may write it, so this is no read past the viewer)."""
    entry = _MODELS.get(sender)
    if entry is None or update_fields is None or SEARCH_COLUMN in update_fields:
        return
    if set(update_fields) & set(entry.fields):
        models.QuerySet(model=sender).filter(pk=instance.pk).update(**{SEARCH_COLUMN: getattr(instance, SEARCH_COLUMN)})


def searchable_fields(model) -> tuple:
    entry = _MODELS.get(model)
    return entry.fields if entry else ()
