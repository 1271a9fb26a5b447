"""The in-app notifications of dynamic adjustment (rendered in the reader's language when shown)."""

from django.utils.translation import gettext_lazy as _

from tenancy.notifications.services import register_kind

KINDS = {
    "adjustment.kept": _(
        "The ministry decided to keep %(cluster)s after the %(year)s monitoring evaluation: %(reason)s"
    ),
    "adjustment.warned": _(
        "The ministry warned %(cluster)s after the %(year)s monitoring evaluation: %(reason)s "
        "Please answer with a rectification note."
    ),
    "adjustment.dropped": _(
        "The ministry dropped %(cluster)s from %(tier_before)s to %(tier_after)s after the %(year)s monitoring "
        "evaluation: %(reason)s"
    ),
    "adjustment.rectified": _("%(organisation)s filed a rectification note for %(cluster)s."),
}


# The label of each kind on the mail preferences page.
LABELS = {
    "adjustment.kept": _("Monitoring: cluster kept"),
    "adjustment.warned": _("Monitoring: cluster warned"),
    "adjustment.dropped": _("Monitoring: cluster dropped"),
    "adjustment.rectified": _("Monitoring: rectification note filed"),
}


def register():
    for kind, template in KINDS.items():
        register_kind(kind, template, label=LABELS[kind])
