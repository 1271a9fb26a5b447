"""The in-app notifications cultivation plans send (rendered in the reader's language when shown)."""

from django.utils.translation import gettext_lazy as _

from tenancy.notifications.services import register_kind

KINDS = {
    "plans.submitted": _(
        "%(organisation)s submitted the cultivation plan “%(plan)s” of %(cluster)s (version %(version)s)."
    ),
    "plans.resubmitted": _(
        "%(organisation)s resubmitted the cultivation plan “%(plan)s” of %(cluster)s (version %(version)s)."
    ),
    "plans.approved": _(
        "%(organisation)s approved the cultivation plan “%(plan)s” of %(cluster)s (version %(version)s)."
    ),
    "plans.returned": _(
        "%(organisation)s returned the cultivation plan “%(plan)s” of %(cluster)s with comments: %(comment)s"
    ),
}


# The label of each kind on the mail preferences page.
LABELS = {
    "plans.submitted": _("Cultivation plan submitted"),
    "plans.resubmitted": _("Cultivation plan resubmitted"),
    "plans.approved": _("Cultivation plan approved"),
    "plans.returned": _("Cultivation plan returned"),
}


def register():
    for kind, template in KINDS.items():
        register_kind(kind, template, label=LABELS[kind])
