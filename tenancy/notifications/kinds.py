"""The kinds of notification and their wording: domain apps register the kinds they send (`register_kind`, from
their AppConfig.ready()); a notification's text is rendered in the reader's language when it is shown. This module
imports no model, so the Notification model can render itself without an import circle."""

from django.utils.translation import get_language

# kind -> translatable template
NOTIFICATION_KINDS: dict[str, object] = {}
# kind -> translatable label (the preferences page), and whether it is mailed unless the person turns it off
KIND_LABELS: dict[str, object] = {}
MAILED_BY_DEFAULT: dict[str, bool] = {}


def register_kind(kind: str, template, *, label=None, mailed_by_default: bool = True) -> None:
    """Declare a kind of message (from a domain app's AppConfig.ready()): its text, a short label for the mail
    preferences page, and whether it is e-mailed by default (workflow steps are)."""
    NOTIFICATION_KINDS[kind] = template
    KIND_LABELS[kind] = label or kind
    MAILED_BY_DEFAULT[kind] = mailed_by_default


# Rendering -------------------------------------------------------------------------------------------------------


def _localised_params(params: dict) -> dict:
    english = (get_language() or "").startswith("en")
    values = {key: value for key, value in params.items() if not key.endswith("_en")}
    if english:
        for key in list(values):
            translated = params.get(f"{key}_en")
            if translated:
                values[key] = translated
    return values


def render_message(notification) -> str:
    """The notification's text in the active language."""
    template = NOTIFICATION_KINDS.get(notification.kind)
    params = _localised_params(notification.params or {})
    if template is None:
        return str(params.get("message") or notification.kind)
    try:
        return str(template) % params
    except (KeyError, TypeError, ValueError):
        return str(template)
