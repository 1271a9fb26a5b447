"""Labels of a model field's choices, from a dict built once per field and language.

Django's `get_<field>_display()` rebuilds the dict of the field's choices on every call, turning each lazy label
into text on the way (a gettext per choice); a list page or an export calls it for every row. `choice_label` gives
the same answer from a dict kept for the process, per language.
"""

from functools import lru_cache

from django.utils.translation import get_language


@lru_cache(maxsize=512)
def _labels(model, field_name, language):
    return {value: str(label) for value, label in model._meta.get_field(field_name).flatchoices}


def choice_label(instance, field_name):
    """What `instance.get_<field_name>_display()` returns: the label of the field's value in the active language, or
    the value itself when it is not one of the choices."""
    value = getattr(instance, field_name)
    return _labels(type(instance)._meta.concrete_model, field_name, get_language()).get(value, value)
