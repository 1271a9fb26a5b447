"""Every product model has a factory, and each factory's defaults build a valid row on their own."""

import factory
import pytest
from django.apps import apps

from . import factories

PRODUCT_APPS = {"tenancy", "clusters", "exchange", "policies", "evaluations", "monitoring"}

# Models that cannot be built standalone, with the reason. Empty: every model has a standalone factory.
NO_FACTORY = {}


def _is_historical(model):
    return model.__name__.startswith("Historical") and hasattr(model, "instance_type")


PRODUCT_MODELS = sorted(
    (m for m in apps.get_models() if m._meta.app_label in PRODUCT_APPS and not _is_historical(m)),
    key=lambda m: m._meta.label,
)

FACTORIES = sorted(
    (
        value
        for value in vars(factories).values()
        if isinstance(value, type)
        and issubclass(value, factory.django.DjangoModelFactory)
        and value._meta.model is not None
        and value._meta.model._meta.app_label in PRODUCT_APPS
    ),
    key=lambda f: f.__name__,
)


def test_every_product_model_has_a_factory():
    covered = {f._meta.model for f in FACTORIES}
    missing = [m._meta.label for m in PRODUCT_MODELS if m not in covered and m._meta.label not in NO_FACTORY]
    assert missing == []
    assert len(PRODUCT_MODELS) == len(covered) + len(NO_FACTORY)


@pytest.mark.parametrize("model_factory", FACTORIES, ids=lambda f: f.__name__)
def test_factory_builds_a_valid_row(db, model_factory):
    row = model_factory()
    model = model_factory._meta.model
    assert model._base_manager.filter(pk=row.pk).exists()
    row.full_clean()
