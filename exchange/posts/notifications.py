"""The in-app notifications partner posts send (rendered in the reader's language when shown)."""

from django.utils.translation import gettext_lazy as _

from tenancy.notifications.services import register_kind

KINDS = {
    "posts.interest": _("%(organisation)s is interested in your post “%(post)s” (%(cluster)s): %(message)s"),
    "posts.contact_offered": _("%(organisation)s offered its contact for your post “%(post)s”; accept to exchange."),
    "posts.accepted": _(
        "%(organisation)s accepted your interest in “%(post)s” (%(cluster)s): you can now see each other's contact."
    ),
    "posts.declined": _("%(organisation)s declined your interest in “%(post)s” (%(cluster)s)."),
    "posts.opened": _("%(cluster)s, which you follow, published a new %(direction)s: “%(post)s”."),
    "posts.closed": _("The post “%(post)s” (%(cluster)s) you were interested in is closed: %(outcome)s."),
}

LABELS = {
    "posts.interest": _("Interest in your partner post"),
    "posts.contact_offered": _("Contact offered for your partner post"),
    "posts.accepted": _("Your interest accepted"),
    "posts.declined": _("Your interest declined"),
    "posts.opened": _("New post of a cluster you follow"),
    "posts.closed": _("A post you were interested in closed"),
}


def register():
    for kind, template in KINDS.items():
        register_kind(kind, template, label=LABELS[kind])
