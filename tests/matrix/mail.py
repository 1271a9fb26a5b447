"""Matrix cases of the mail pages: the mail preferences (everyone signed in, for themselves), the reminder history
(everyone signed in: the ministry all, others their own) and the outbox (administrators: the ministry all mail,
another organisation's administrator the mail to their own people; another organisation's mail answers 404)."""

from ..builders.mail import mail_url, reminder_url
from ..cast import ADMINS, ORGANISATION_OF, ROLES
from .base import ANON, Case

# Whose mail: the recipient (a cast member) of each mail the cases open.
MAILS = {"nanjing": "nanjing_viewer", "shenzhen": "shenzhen_body", "jiangsu": "jiangsu"}


def outbox_detail_status(role, recipient_role):
    if role not in ADMINS:
        return 403
    if role == "ministry" or ORGANISATION_OF[role] == ORGANISATION_OF[recipient_role]:
        return 200
    return 404


def cases():
    cases = []
    for role in ROLES:
        cases += [
            Case("mail-preferences", role, "get", 200, api=False),
            Case(
                "mail-preferences", role, "post", 302, data={"language": "en", "kinds": ["plans.returned"]}, api=False
            ),
            Case("reminder-list", role, "get", 200, api=False),
            Case("outbox-list", role, "get", 200 if role in ADMINS else 403, api=False),
        ]
        for name, recipient in MAILS.items():
            cases.append(
                Case(
                    "outbox-detail",
                    role,
                    "get",
                    outbox_detail_status(role, recipient),
                    target=f"mail:{name}",
                    url=mail_url(recipient),
                    api=False,
                )
            )
        cases += [
            Case("api:outgoing-mail-list", role, "get", 200 if role in ADMINS else 403),
            Case("api:reminder-list", role, "get", 200),
            Case(
                "api:reminder-detail",
                role,
                "get",
                200 if role in ("ministry", "nanjing_viewer") else 404,
                target="reminder:nanjing_viewer",
                url=reminder_url,
            ),
        ]
        for name, recipient in MAILS.items():
            cases.append(
                Case(
                    "api:outgoing-mail-detail",
                    role,
                    "get",
                    outbox_detail_status(role, recipient),
                    target=f"mail:{name}",
                    url=mail_url(recipient, "api:outgoing-mail-detail"),
                )
            )
    for route in ("api:outgoing-mail-list", "api:reminder-list"):
        cases.append(Case(route, ANON, "get", 401))
    cases.append(Case("api:reminder-detail", ANON, "get", 401, target="reminder:nanjing_viewer", url=reminder_url))
    cases.append(
        Case(
            "api:outgoing-mail-detail",
            ANON,
            "get",
            401,
            target="mail:nanjing",
            url=mail_url("nanjing_viewer", "api:outgoing-mail-detail"),
        )
    )
    for route in ("mail-preferences", "reminder-list", "outbox-list"):
        cases.append(Case(route, ANON, "get", 302, api=False))
    cases.append(Case("mail-preferences", ANON, "post", 302, data={"language": "en"}, api=False))
    cases.append(
        Case("outbox-detail", ANON, "get", 302, target="mail:nanjing", url=mail_url("nanjing_viewer"), api=False)
    )
    return cases
