"""The outbox (administrators: the mail the product sent), the mail preferences (each person: which kinds of
notification are mailed, and in which language) and the reminder history."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from tenancy.mail import selectors
from tenancy.mail.services import mail_preference_of, mail_preference_rows, mail_preference_update
from tenancy.mail.tables import MY_REMINDER_SORTS, OUTBOX_SORTS, REMINDER_SORTS
from tenancy.models import OutgoingMail
from tenancy.notifications.kinds import KIND_LABELS
from tenancy.paging import CappedPaginator
from tenancy.visibility import Viewer

PAGE_SIZE = 25


def _require_outbox_reader(request):
    if not selectors.reads_outbox(Viewer.for_user(request.user)):
        raise PermissionDenied


def _kind_choices():
    return sorted(((kind, str(label)) for kind, label in KIND_LABELS.items()), key=lambda choice: choice[1])


def outbox_shown(request):
    """The outbox's mail for the request's search, kind, status and sort (every page; the export reads it too), and
    the valid search, kind and status."""
    _require_outbox_reader(request)
    search = request.GET.get("q", "").strip()[:200]
    kind = request.GET.get("kind", "")
    kind = kind if kind in KIND_LABELS else ""
    status = request.GET.get("status", "")
    status = status if status in OutgoingMail.Status.values else ""
    mails = selectors.outbox(search=search, kind=kind, status=status)
    return OUTBOX_SORTS.read(request).apply(mails), search, kind, status


@login_required
@require_safe
def outbox_list(request):
    mails, search, kind, status = outbox_shown(request)
    number = request.GET.get("page")
    page = CappedPaginator(mails, PAGE_SIZE, number=number).get_page(number)
    return render(
        request,
        "tenancy/mail/outbox_list.html",
        {
            "page": page,
            "sorting": OUTBOX_SORTS.read(request),
            "search": search,
            "kind": kind,
            "status": status,
            "kinds": _kind_choices(),
            "statuses": OutgoingMail.Status.choices,
            "labels": {key: str(label) for key, label in KIND_LABELS.items()},
        },
    )


@login_required
@require_safe
def outbox_detail(request, pk):
    _require_outbox_reader(request)
    mail = get_object_or_404(selectors.outbox(), pk=pk)
    return render(
        request, "tenancy/mail/outbox_detail.html", {"mail": mail, "label": KIND_LABELS.get(mail.kind, mail.kind)}
    )


@login_required
@require_http_methods(["GET", "POST"])
def mail_preferences(request):
    """Which kinds of notification this person wants mailed, and the language of their mail."""
    languages = dict(settings.LANGUAGES)
    if request.method == "POST":
        language = request.POST.get("language", "")
        if language not in languages:
            language = settings.LANGUAGE_CODE
        mail_preference_update(user=request.user, language=language, mailed=set(request.POST.getlist("kinds")))
        messages.success(request, _("Your mail preferences were saved."))
        return redirect("mail-preferences")
    preference = mail_preference_of(request.user)
    return render(
        request,
        "tenancy/mail/preferences.html",
        {
            "rows": mail_preference_rows(user=request.user),
            "language": (preference.language if preference else "") or settings.LANGUAGE_CODE,
            "languages": settings.LANGUAGES,
        },
    )


def reminder_sorts(request):
    return REMINDER_SORTS if Viewer.for_user(request.user).is_national else MY_REMINDER_SORTS


def reminders_shown(request):
    """The reminders for the request's kind and sort (every page; the export reads it too), and the valid kind:
    to the ministry, every reminder; to anyone else, their own."""
    kind = request.GET.get("kind", "")
    kind = kind if kind in KIND_LABELS else ""
    return reminder_sorts(request).read(request).apply(selectors.reminder_history(kind=kind)), kind


@login_required
@require_safe
def reminder_list(request):
    """The reminders sent: to the ministry, every reminder; to anyone else, their own."""
    reminders, kind = reminders_shown(request)
    number = request.GET.get("page")
    page = CappedPaginator(reminders, PAGE_SIZE, number=number).get_page(number)
    return render(
        request,
        "tenancy/mail/reminder_list.html",
        {
            "page": page,
            "sorting": reminder_sorts(request).read(request),
            "kind": kind,
            "kinds": [choice for choice in _kind_choices() if choice[0].startswith("reminders.")],
            "everyone": Viewer.for_user(request.user).is_national,
        },
    )
