"""Matrix cases of the mail pages: the mail preferences (everyone signed in, for themselves), the reminder history
(everyone signed in: the ministry all, others their own) and the outbox (administrators: the ministry all mail,
another organisation's administrator the mail to their own people; another organisation's mail answers 404)."""

from ..builders.mail import mail_url, reminder_url
from ..cast import ADMINS, ORGANISATION_OF, ROLES
from .base import ANON, rows, table

# Whose mail: the recipient (a cast member) of each mail the cases open.
MAILS = {"nanjing": "nanjing_viewer", "shenzhen": "shenzhen_body", "jiangsu": "jiangsu"}


def outbox_detail_status(role, recipient_role):
    if role not in ADMINS:
        return 403
    if role == "ministry" or ORGANISATION_OF[role] == ORGANISATION_OF[recipient_role]:
        return 200
    return 404


def mail(route, target):
    """`mail:<name>`: a sent mail to the recipient of MAILS[name]."""
    return mail_url(MAILS[target.removeprefix("mail:")], route)


def reminder(route, _target):
    return reminder_url


def everyone(status, anon=None):
    expect = dict.fromkeys(ROLES, status)
    if anon is not None:
        expect[ANON] = anon
    return expect


def admins(ok, anon=None):
    expect = {role: ok if role in ADMINS else 403 for role in ROLES}
    if anon is not None:
        expect[ANON] = anon
    return expect


def outbox(role, target):
    return outbox_detail_status(role, MAILS[target.removeprefix("mail:")])


MAIL_TARGETS = [f"mail:{name}" for name in MAILS]


def cases():
    return table(
        rows("mail-preferences", "get", everyone(200, anon=302)),
        rows("mail-preferences", "post", everyone(302), data={"language": "en", "kinds": ["plans.returned"]}),
        rows("mail-preferences", "post", {ANON: 302}, data={"language": "en"}),
        rows("reminder-list", "get", everyone(200, anon=302)),
        rows("outbox-list", "get", admins(200, anon=302)),
        rows("outbox-detail", "get", outbox, targets=MAIL_TARGETS, url=mail),
        rows("outbox-detail", "get", {ANON: 302}, targets=["mail:nanjing"], url=mail),
        rows("api:outgoing-mail-list", "get", admins(200, anon=401)),
        rows("api:reminder-list", "get", everyone(200, anon=401)),
        rows(
            "api:reminder-detail",
            "get",
            {**{role: 200 if role in ("ministry", "nanjing_viewer") else 404 for role in ROLES}, ANON: 401},
            targets=["reminder:nanjing_viewer"],
            url=reminder,
        ),
        rows("api:outgoing-mail-detail", "get", outbox, targets=MAIL_TARGETS, url=mail),
        rows("api:outgoing-mail-detail", "get", {ANON: 401}, targets=["mail:nanjing"], url=mail),
    )
