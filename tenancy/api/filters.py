from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from django_filters import fields as filter_fields
from django_filters import filters as filter_types
from django_filters import rest_framework as filters
from django_filters.utils import get_model_field
from django_scopes import scopes_disabled

from tenancy.fastpaths import LeanFilterSetMixin
from tenancy.filters import BIGINT, YEARS, WholeNumberField, whole_number_in_range


class IdChoiceField(filter_fields.ModelChoiceField):
    """A model choice by primary key that refuses a key no id can be (a fraction, past 64 bits) before the lookup."""

    def to_python(self, value):
        if value not in self.empty_values and not self.to_field_name and whole_number_in_range(value) is None:
            raise ValidationError(self.error_messages["invalid_choice"], code="invalid_choice")
        return super().to_python(value)


class IdMultipleChoiceField(filter_fields.ModelMultipleChoiceField):
    def _check_values(self, value):
        if not self.to_field_name and any(whole_number_in_range(key) is None for key in value):
            raise ValidationError(self.error_messages["invalid_choice"], code="invalid_choice", params={"value": ""})
        return super()._check_values(value)


class StrictBooleanWidget(forms.TextInput):
    """Passes the raw value on, so that the field can refuse what is neither true nor false (django-filter's
    BooleanWidget read any other value as "no filter")."""


class StrictBooleanField(forms.NullBooleanField):
    widget = StrictBooleanWidget
    default_error_messages = {"invalid": _("Enter true or false.")}
    VALUES = {"true": True, "1": True, "false": False, "0": False}

    def to_python(self, value):
        if value in (None, ""):
            return None
        if isinstance(value, bool):
            return value
        try:
            return self.VALUES[str(value).strip().lower()]
        except KeyError:
            raise ValidationError(self.error_messages["invalid"], code="invalid") from None

    def validate(self, value):
        pass


INTEGER_FIELDS = (
    models.IntegerField,
    models.AutoField,
    models.ForeignKey,
    models.OneToOneField,
    models.ManyToManyField,
)


class FilterSet(filters.FilterSet):
    """django-filter builds its filters from the default manager's query (model
    metadata, no rows) when the class is made, outside any request scope.

    Every number filter on an id, a count or a year reads a bounded whole number (years 1–9999, ids within bigint),
    and every model choice by id refuses a value no id can be, so no filter value reaches the database as an
    overflow or a malformed number."""

    @classmethod
    def get_filters(cls):
        with scopes_disabled():
            found = super().get_filters()
        for filter_ in found.values():
            bound_filter(cls._meta.model, filter_)
        return found


class LeanFilterSet(LeanFilterSetMixin, FilterSet):
    """A FilterSet holding only the filters its query names: for lists whose bench bar counts the filterset's cost
    (the fast path and its canary are tenancy.fastpaths.LeanFilterSetMixin)."""


def bound_filter(model, filter_):
    if isinstance(filter_, filter_types.BooleanFilter):
        filter_.field_class = StrictBooleanField
        filter_.extra["widget"] = StrictBooleanWidget
    elif isinstance(filter_, filter_types.ModelMultipleChoiceFilter):
        filter_.field_class = IdMultipleChoiceField
    elif isinstance(filter_, filter_types.ModelChoiceFilter):
        filter_.field_class = IdChoiceField
    elif isinstance(filter_, filter_types.NumberFilter) and not isinstance(
        filter_, filter_types.RangeFilter | filter_types.BaseCSVFilter
    ):
        if filter_.lookup_expr == "year":
            filter_.field_class = WholeNumberField
            filter_.extra.update(min_value=YEARS[0], max_value=YEARS[1])
            return
        model_field = get_model_field(model, filter_.field_name) if model and filter_.field_name else None
        if isinstance(model_field, INTEGER_FIELDS) or filter_.field_name in ("pk", "id"):
            filter_.field_class = WholeNumberField
            filter_.extra.update(min_value=-BIGINT, max_value=BIGINT)


class FilterBackend(filters.DjangoFilterBackend):
    """django-filter's backend; a request that names none of the filters is left as it is, without building and
    validating a filter form (an absent filter filters nothing)."""

    filterset_base = FilterSet

    def filter_queryset(self, request, queryset, view):
        filterset_class = self.get_filterset_class(view, queryset)
        if filterset_class is None or not any_filter_given(filterset_class, request.query_params):
            return queryset
        return super().filter_queryset(request, queryset, view)


def any_filter_given(filterset_class, params) -> bool:
    """Whether a query parameter is a filter's, or may be one (a range filter `x` reads `x_min`, `x_after`…)."""
    names = filterset_class.base_filters
    return any(param in names or any(param.startswith(f"{name}_") for name in names) for param in params)
