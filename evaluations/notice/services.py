"""Writes of the decision: the public notice (公示) of an evaluation run's proposed winners, the objections lodged
against it, and the final result.

Workflow of a notice: draft (the ministry drafts it from a succeeded run and edits its title and text) → open
(published: it opens now and closes after N days, 5 by default; cluster promotion bodies are notified) → closed (its
period is over; shown as such from `closes` on, `notice_state`) → final (the ministry publishes the final result once
the notice has closed and every objection is handled; promotion bodies and the entries' governments are notified and
read their own entries' results; the last round's final result designates the winners and closes the competition:
`evaluations.notice.winners`).

Every transition locks the row (`select_for_update`), checks the state at `now` (server time; pass `now=` to decide
at another instant), writes and records the history (django-simple-history). A refused transition raises
`Refusal` and changes nothing; bad input raises a `ValidationError` with field errors and changes nothing.

Objections may come from anyone, anonymous visitors included, while the notice is open; `objection_allowed` limits
how many one client address (and one signed-in user) may lodge on a notice per hour, in the Django cache.
"""

import re
from datetime import timedelta

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from evaluations.competitions.selectors import published_run
from evaluations.models import EvaluationRun, Objection, PublicNotice, Result
from evaluations.notice import winners
from tenancy.errors import Refusal
from tenancy.history import save_with_history
from tenancy.notifications.services import notify
from tenancy.scoping import unscoped

DEFAULT_NOTICE_DAYS = 5
MAX_NOTICE_DAYS = 60
OBJECTION_MIN_CHARS = 10
OBJECTION_MAX_CHARS = 5000
HANDLING_MAX_CHARS = 5000
# Objections one client address (and one signed-in user) may lodge on one notice per window.
DEFAULT_OBJECTION_LIMIT = 5
DEFAULT_OBJECTION_WINDOW_SECONDS = 3600

# A mainland mobile number (optionally +86), or a landline with its area code and an optional extension.
PHONE_RE = re.compile(r"^(?:(?:\+|00)86[- ]?)?(?:1[3-9]\d{9}|0\d{2,3}[- ]?\d{7,8}(?:[- ]?(?:转|ext\.?|x)?\d{1,6})?)$")


def _when(moment):
    return formats.date_format(timezone.localtime(moment), "Y-m-d H:i")


def _lock(notice) -> PublicNotice:
    return (
        unscoped(PublicNotice)
        .select_for_update(of=("self",))
        .select_related("run__round__competition")
        .get(pk=notice.pk)
    )


def notice_state(notice, now=None) -> str:
    """The notice's state at `now`: an open notice whose period is over is closed."""
    now = now or timezone.now()
    if notice.status == PublicNotice.Status.OPEN and notice.closes and now >= notice.closes:
        return PublicNotice.Status.CLOSED
    return notice.status


def notice_is_open(notice, now=None) -> bool:
    now = now or timezone.now()
    return notice_state(notice, now) == PublicNotice.Status.OPEN and notice.opens is not None and now >= notice.opens


def notice_refusal(notice, step, *, now=None) -> Refusal | None:
    """Why the notice's state does not allow `step` now, or None: "change" and "publish" (a draft), "finalise" (a
    published notice whose final result is not out yet), "object" (lodging an objection: an open notice). The
    services raise it (409 in the API); the pages offer only the steps it lets through and show its message."""
    draft = notice.status == PublicNotice.Status.DRAFT
    if step == "change":
        return None if draft else Refusal(_("A published notice can no longer be edited."))
    if step == "publish":
        return None if draft else Refusal(_("The notice is already published."))
    if step == "finalise":
        if draft:
            return Refusal(_("The notice has not been published yet."))
        if notice.status == PublicNotice.Status.FINAL:
            return Refusal(_("The final result is already published."))
        return None
    if step == "object":
        return (
            None if notice_is_open(notice, now) else Refusal(_("The notice is not open for objections."), code="closed")
        )
    raise ValueError(f"Not a step of a notice: {step}")


def _refuse(notice, step, **kwargs):
    refusal = notice_refusal(notice, step, **kwargs)
    if refusal is not None:
        raise refusal


def _entrant_bodies(run_id) -> list[int]:
    """The promotion bodies of every entry the run has a result for."""
    return list(
        unscoped(Result)
        .filter(run_id=run_id)
        .values_list("submission__cluster__promotion_body_id", flat=True)
        .distinct()
    )


def _national_organisations() -> list[int]:
    from tenancy.models import Organisation

    return list(
        unscoped(Organisation).filter(kind=Organisation.Kind.NATIONAL, is_active=True).values_list("pk", flat=True)
    )


# Notices ---------------------------------------------------------------------------------------------------------


def _validate_texts(*, title, title_en, body) -> dict:
    errors = {}
    title = (title or "").strip()
    if not title:
        errors["title"] = [_("Enter a title.")]
    elif len(title) > 200:
        errors["title"] = [_("The title is at most 200 characters.")]
    if len((title_en or "").strip()) > 300:
        errors["title_en"] = [_("The English title is at most 300 characters.")]
    if len(body or "") > 20000:
        errors["body"] = [_("The text is at most 20,000 characters.")]
    if errors:
        raise ValidationError(errors)
    return {"title": title, "title_en": (title_en or "").strip(), "body": (body or "").strip()}


@transaction.atomic
def notice_create(*, run, by, title, title_en="", body="") -> PublicNotice:
    """Draft the notice of a succeeded run whose results propose at least one winner (results that advance)."""
    texts = _validate_texts(title=title, title_en=title_en, body=body)
    if run is None:
        raise ValidationError({"run": [_("Choose an evaluation run.")]})
    run = unscoped(EvaluationRun).select_for_update().get(pk=run.pk)
    if run.status != EvaluationRun.Status.SUCCEEDED:
        raise ValidationError({"run": [_("Only a succeeded evaluation run can be put on public notice.")]})
    if unscoped(PublicNotice).filter(run=run).exists():
        raise ValidationError({"run": [_("This evaluation run already has a public notice.")]})
    if not unscoped(Result).filter(run=run, advanced=True).exists():
        raise ValidationError({"run": [_("The run proposes no winner: no result advances.")]})
    if not _corrects_the_result_in_force(run):
        raise ValidationError({"run": [_correction_needed()]})
    notice = PublicNotice(run=run, created_by=by, **texts)
    save_with_history(notice, by=by, reason=_("Drafted"))
    return notice


def _correction_needed():
    return _(
        "A notice of this round has been published: only a correction run of the result in force (a run started "
        "with a stated reason after that publication) can be put on a new notice."
    )


def _corrects_the_result_in_force(run) -> bool:
    """Whether a notice may be drawn from (and published for) `run`: always while its round is not frozen; once it
    is, only from a correction of the run whose notice was published last."""
    in_force = published_run(run.round_id)
    return in_force is None or (run.correction_of_id == in_force.pk and run.pk != in_force.pk)


def _corrected(notice) -> bool:
    """Whether a notice drawn from a correction of this notice's run has been published."""
    return (
        unscoped(PublicNotice)
        .filter(run__correction_of_id=notice.run_id)
        .exclude(status=PublicNotice.Status.DRAFT)
        .exists()
    )


@transaction.atomic
def notice_update(*, notice, by, title, title_en="", body="") -> PublicNotice:
    """Edit the title and text of a draft (a published notice is what the public read: it no longer changes)."""
    texts = _validate_texts(title=title, title_en=title_en, body=body)
    notice = _lock(notice)
    _refuse(notice, "change")
    for key, value in texts.items():
        setattr(notice, key, value)
    save_with_history(notice, by=by)
    return notice


def _days(days) -> int:
    try:
        days = int(days)
    except (TypeError, ValueError):
        days = None
    if days is None or not 1 <= days <= MAX_NOTICE_DAYS:
        raise ValidationError(
            {"days": [_("Enter a notice period between 1 and %(max)s days.") % {"max": MAX_NOTICE_DAYS}]}
        )
    return days


@transaction.atomic
def notice_publish(*, notice, by, days=DEFAULT_NOTICE_DAYS, now=None) -> PublicNotice:
    """Publish a draft: it opens now for objections and closes after `days` days; the promotion bodies of the run's
    entries are notified."""
    days = _days(days)
    now = now or timezone.now()
    notice = _lock(notice)
    _refuse(notice, "publish")
    if not _corrects_the_result_in_force(notice.run):
        raise Refusal(_correction_needed(), code="frozen")
    notice.status = PublicNotice.Status.OPEN
    notice.opens = now
    notice.closes = now + timedelta(days=days)
    save_with_history(notice, by=by, reason=_("Published for %(days)s days") % {"days": days})
    notify(
        _entrant_bodies(notice.run_id),
        kind="notice.opened",
        params={
            "title": notice.title,
            "title_en": notice.title_en,
            "closes": _when(notice.closes),
        },
        link=reverse("notice-detail", args=[notice.pk]),
        actor=by,
    )
    return notice


@transaction.atomic
def notice_finalise(*, notice, by, now=None) -> PublicNotice:
    """Publish the final result: refused before the notice closes and while an objection is not handled. In the same
    transaction, the final result of the competition's last round designates its winners (national-level) and closes
    the competition; entrants and their governments are told each entry's outcome (`evaluations.notice.winners`)."""
    now = now or timezone.now()
    notice = _lock(notice)
    _refuse(notice, "finalise")
    if _corrected(notice):
        raise Refusal(
            _("A correction of this result has been published: publish the final result of the correction instead."),
            code="superseded",
        )
    if now < notice.closes:
        raise Refusal(
            _("The notice is open for objections until %(closes)s; the final result can be published after that.")
            % {"closes": _when(notice.closes)},
            code="early",
        )
    unhandled = unscoped(Objection).filter(notice=notice, status=Objection.Status.LODGED).count()
    if unhandled:
        raise Refusal(
            _("%(count)s objection(s) are not handled yet: record how each was handled and the answer first.")
            % {"count": unhandled},
            code="unhandled",
        )
    notice.status = PublicNotice.Status.FINAL
    notice.final_published_at = now
    save_with_history(notice, by=by, reason=_("Final result published"))
    winners.decide(notice=notice, by=by, now=now)
    return notice


# Objections ------------------------------------------------------------------------------------------------------


def validate_contact(contact: str) -> str:
    """A telephone number or an e-mail address; returns it tidied, or raises a ValidationError."""
    contact = (contact or "").strip()
    if "@" in contact:
        try:
            validate_email(contact)
        except ValidationError:
            raise ValidationError(_("Enter a valid e-mail address or telephone number.")) from None
        return contact
    if PHONE_RE.match(contact):
        return contact
    raise ValidationError(_("Enter a valid e-mail address or telephone number."))


def _validate_objection(*, notice, name, contact, text, submission) -> dict:
    errors = {}
    name = (name or "").strip()
    text = (text or "").strip()
    if not name:
        errors["name"] = [_("Enter your name or the name of your organisation.")]
    elif len(name) > 100:
        errors["name"] = [_("The name is at most 100 characters.")]
    if len((contact or "").strip()) > 200:
        errors["contact"] = [_("The contact is at most 200 characters.")]
    else:
        try:
            contact = validate_contact(contact)
        except ValidationError as exc:
            errors["contact"] = exc.messages
    if len(text) < OBJECTION_MIN_CHARS:
        errors["text"] = [_("Describe the objection in at least %(min)s characters.") % {"min": OBJECTION_MIN_CHARS}]
    elif len(text) > OBJECTION_MAX_CHARS:
        errors["text"] = [_("The objection is at most %(max)s characters.") % {"max": OBJECTION_MAX_CHARS}]
    if submission is not None:
        submission_id = getattr(submission, "pk", submission)
        if not unscoped(Result).filter(run_id=notice.run_id, advanced=True, submission_id=submission_id).exists():
            errors["submission"] = [_("Choose one of the entries on this notice.")]
    if errors:
        raise ValidationError(errors)
    return {"name": name, "contact": contact, "text": text}


@transaction.atomic
def objection_lodge(*, notice, name, contact, text, submission=None, user=None, now=None) -> Objection:
    """Lodge an objection while the notice is open (anyone; `user` is the signed-in visitor, if any)."""
    now = now or timezone.now()
    notice = _lock(notice)
    _refuse(notice, "object", now=now)
    values = _validate_objection(notice=notice, name=name, contact=contact, text=text, submission=submission)
    signed_in = user if user is not None and user.is_authenticated else None
    objection = Objection(
        notice=notice,
        submission_id=getattr(submission, "pk", submission),
        lodged_by=signed_in,
        **values,
    )
    save_with_history(objection, by=signed_in, reason=_("Lodged"))
    unscoped(Objection).filter(pk=objection.pk).update(created=now)  # lodged at `now` (auto_now_add says today)
    objection.created = now
    notify(
        _national_organisations(),
        kind="notice.objection_lodged",
        params={"title": notice.title, "title_en": notice.title_en},
        link=reverse("objection-detail", args=[objection.pk]),
    )
    return objection


@transaction.atomic
def objection_handle(*, objection, handling, answer, by, now=None) -> Objection:
    """Record how an objection was handled and the answer given to the objector (both required)."""
    now = now or timezone.now()
    handling = (handling or "").strip()
    answer = (answer or "").strip()
    errors = {}
    if not handling:
        errors["handling"] = [_("Record how the objection was handled.")]
    elif len(handling) > HANDLING_MAX_CHARS:
        errors["handling"] = [_("At most %(max)s characters.") % {"max": HANDLING_MAX_CHARS}]
    if not answer:
        errors["answer"] = [_("Enter the answer given to the objector.")]
    elif len(answer) > HANDLING_MAX_CHARS:
        errors["answer"] = [_("At most %(max)s characters.") % {"max": HANDLING_MAX_CHARS}]
    if errors:
        raise ValidationError(errors)
    objection = unscoped(Objection).select_for_update(of=("self",)).select_related("notice").get(pk=objection.pk)
    if objection.status == Objection.Status.HANDLED:
        raise Refusal(_("The objection is already handled."))
    if objection.notice.status == PublicNotice.Status.FINAL:
        raise Refusal(_("The final result is published: the objection can no longer be handled."))
    objection.status = Objection.Status.HANDLED
    objection.handling = handling
    objection.answer = answer
    objection.handled_by = by
    objection.handled_at = now
    save_with_history(objection, by=by, reason=_("Handled"))
    return objection


# The rate limit of objections --------------------------------------------------------------------------------------


def objection_limit() -> tuple[int, int]:
    """(objections, seconds): settings NOTICE_OBJECTION_LIMIT and NOTICE_OBJECTION_WINDOW_SECONDS."""
    return (
        int(getattr(settings, "NOTICE_OBJECTION_LIMIT", DEFAULT_OBJECTION_LIMIT)),
        int(getattr(settings, "NOTICE_OBJECTION_WINDOW_SECONDS", DEFAULT_OBJECTION_WINDOW_SECONDS)),
    )


def client_address(request) -> str:
    """The client's address: REMOTE_ADDR, or the header named by settings NOTICE_CLIENT_IP_HEADER (e.g.
    "HTTP_X_REAL_IP") when a trusted reverse proxy sets it."""
    header = getattr(settings, "NOTICE_CLIENT_IP_HEADER", "")
    value = request.META.get(header, "") if header else ""
    return (value.split(",")[0].strip() or request.META.get("REMOTE_ADDR") or "unknown")[:64]


def _limit_keys(*, notice, address, user, now) -> list[str]:
    limit, window = objection_limit()
    bucket = int(now.timestamp()) // window
    # The notice's opening instant is part of the key, so counts never carry over to another notice with the pk.
    base = f"notice-objections:{notice.pk}:{int(notice.opens.timestamp()) if notice.opens else 0}:{bucket}"
    keys = [f"{base}:ip:{address}"]
    if user is not None and user.is_authenticated:
        keys.append(f"{base}:user:{user.pk}")
    return keys


def objection_allowed(*, notice, address, user=None, now=None) -> bool:
    """Count one more objection for this client (address and signed-in user) on the notice in the current window;
    False when the client has used up the limit (nothing may then be written). Counted before the objection is
    written so that concurrent requests cannot pass the limit together; `objection_uncount` gives it back when the
    objection is not written after all (invalid input, notice closed)."""
    limit, window = objection_limit()
    allowed = True
    for key in _limit_keys(notice=notice, address=address, user=user, now=now or timezone.now()):
        cache.add(key, 0, timeout=window + 60)
        if cache.incr(key) > limit:
            allowed = False
    return allowed


def objection_uncount(*, notice, address, user=None, now=None) -> None:
    for key in _limit_keys(notice=notice, address=address, user=user, now=now or timezone.now()):
        try:
            cache.decr(key)
        except ValueError:  # expired meanwhile
            pass


def objection_lodge_limited(*, notice, address, user=None, now=None, **values) -> Objection:
    """`objection_lodge` behind the rate limit: a client over the limit is refused (code rate_limited) and nothing is
    written; an objection refused for its input or the notice's state does not count."""
    now = now or timezone.now()
    if not objection_allowed(notice=notice, address=address, user=user, now=now):
        limit, window = objection_limit()
        raise Refusal(
            _(
                "Too many objections from your connection: at most %(limit)s per %(minutes)s minutes on one notice. "
                "Please try again later."
            )
            % {"limit": limit, "minutes": window // 60},
            code="rate_limited",
        )
    try:
        return objection_lodge(notice=notice, user=user, now=now, **values)
    except (ValidationError, Refusal):
        objection_uncount(notice=notice, address=address, user=user, now=now)
        raise


# The breakdown a promotion body reads ------------------------------------------------------------------------------

# A promotion body reads the numbers of its own entry, never who gave them (DESIGN §2: "only aggregated feedback"):
# references to experts become "Expert 1", "Expert 2", … and their names and words are dropped.
# Keys holding one expert's id (shown as "expert": "Expert n").
IDENTITY_KEYS = {"expert", "expert_id", "reviewer", "reviewer_id", "user", "user_id"}
# Keys holding experts' ids: a list of ids (parallel to the raw and normalised scores), one id, or a map id → value.
EXPERT_REF_KEYS = {"experts", "per_expert", "by_expert", "trimmed_low", "trimmed_high"}
HIDDEN_KEYS = {"expert_name", "expert_username", "username", "comments", "comment", "affiliation"}
# The lowest and highest claimed value in the track are a competitor's figures (with two entries, exactly theirs).
HIDDEN_KEYS |= {"min", "max"}


def _expert_order(identity: str):
    return (0, int(identity), "") if identity.lstrip("-").isdigit() else (1, 0, identity)


def expert_refs(item) -> list[str]:
    """The experts' ids (as text) an EXPERT_REF_KEYS value holds: a list, one id, or a map id → value."""
    if item is None:
        return []
    if isinstance(item, list):
        found = []
        for element in item:
            found += _expert_identities(element) if isinstance(element, dict | list) else [str(element)]
        return found
    if isinstance(item, dict):
        found = [str(key) for key in item]
        for value in item.values():
            found += _expert_identities(value)
        return found
    return [str(item)]


def _expert_identities(value) -> list[str]:
    found = []
    if isinstance(value, dict):
        for key, item in value.items():
            if key in HIDDEN_KEYS:
                continue
            if key in IDENTITY_KEYS:
                found += [] if item is None else [str(item)]
            elif key in EXPERT_REF_KEYS:
                found += expert_refs(item)
            else:
                found += _expert_identities(item)
    elif isinstance(value, list):
        for item in value:
            found += _expert_identities(item)
    return found


def expert_numbers(breakdown) -> dict[str, int]:
    """Every expert the breakdown refers to (their id as text) → their number: 1, 2, … in the order of the ids, so a
    result numbers its experts the same way every time, wherever they appear (and beside their comments)."""
    identities = sorted(set(_expert_identities(breakdown or {})), key=_expert_order)
    return {identity: number for number, identity in enumerate(identities, start=1)}


def breakdown_for_entrant(breakdown):
    """The breakdown without the experts' identities — each expert becomes "Expert 1", "Expert 2", … (numbered by
    `expert_numbers`, the same number wherever the expert appears) — and without competitors' figures (the track's
    lowest and highest claimed values)."""
    numbers: dict = expert_numbers(breakdown)

    def label(identity):
        key = str(identity)
        if key not in numbers:
            numbers[key] = len(numbers) + 1
        return _("Expert %(number)s") % {"number": numbers[key]}

    def refs(item):
        if item is None:
            return None
        if isinstance(item, list):
            return [walk(element) if isinstance(element, dict | list) else label(element) for element in item]
        if isinstance(item, dict):
            return {label(key): walk(value) for key, value in item.items()}
        return label(item)

    def walk(value):
        if isinstance(value, dict):
            cleaned = {}
            for key, item in value.items():
                if key in HIDDEN_KEYS:
                    continue
                if key in IDENTITY_KEYS:
                    cleaned["expert"] = None if item is None else label(item)
                elif key in EXPERT_REF_KEYS:
                    cleaned[key] = refs(item)
                else:
                    cleaned[key] = walk(item)
            return cleaned
        if isinstance(value, list):
            return [walk(item) for item in value]
        return value

    return walk(breakdown or {})


def breakdown_rows(breakdown, prefix="") -> list[tuple[str, object]]:
    """The breakdown flattened into (path, value) rows for a page table."""
    rows = []
    if isinstance(breakdown, dict):
        for key, value in breakdown.items():
            rows += breakdown_rows(value, f"{prefix} › {key}" if prefix else str(key))
    elif isinstance(breakdown, list):
        for index, value in enumerate(breakdown, start=1):
            rows += breakdown_rows(value, f"{prefix} [{index}]")
    else:
        rows.append((prefix, breakdown))
    return rows
