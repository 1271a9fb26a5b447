"""The in-app notifications of collaborations between clusters (rendered in the reader's language when shown)."""

from django.utils.translation import gettext_lazy as _

from tenancy.notifications.services import register_kind

KINDS = {
    "links.proposed": _(
        "%(organisation)s proposes a collaboration from %(source)s (%(source_cluster)s) to %(target)s "
        "(%(target_cluster)s): confirm or refuse it."
    ),
    "links.confirmed": _(
        "%(organisation)s confirmed the collaboration from %(source)s (%(source_cluster)s) to %(target)s "
        "(%(target_cluster)s)."
    ),
    "links.refused": _(
        "%(organisation)s refused the collaboration from %(source)s (%(source_cluster)s) to %(target)s "
        "(%(target_cluster)s): %(reason)s"
    ),
    "links.withdrawn": _(
        "%(organisation)s withdrew the collaboration from %(source)s (%(source_cluster)s) to %(target)s "
        "(%(target_cluster)s)."
    ),
}

# The label of each kind on the mail preferences page.
LABELS = {
    "links.proposed": _("Collaboration between clusters proposed"),
    "links.confirmed": _("Collaboration between clusters confirmed"),
    "links.refused": _("Collaboration between clusters refused"),
    "links.withdrawn": _("Collaboration between clusters withdrawn"),
}


def register():
    for kind, template in KINDS.items():
        register_kind(kind, template, label=LABELS[kind])
