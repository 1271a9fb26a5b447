"""Writes of partner posts: a post's workflow (draft → open → closed with an outcome), interest and the exchange of
contacts, following a cluster.

Every write checks who may make it (the `exchange.*` rules of exchange/rules.py, re-read on every step: the body must
still promote the post's cluster) and what state the object is in (`post_refusal`, `interest_refusal`, a 409 in the
API); a refusal changes nothing. Steps lock the row first (SELECT … FOR UPDATE), so two answers to one interest
cannot both succeed.
"""

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from simple_history.utils import update_change_reason

from clusters.models import ChainCategory, Cluster
from exchange.posts.models import Follow, Interest, Post
from tenancy.errors import Refusal
from tenancy.models import Organisation, Region
from tenancy.notifications.services import notify
from tenancy.scoping import unscoped
from tenancy.validators import name_problem
from tenancy.visibility import Viewer

MAX_DAYS_AHEAD = 365  # a post expires at most a year after today
Status = Post.Status


def _add(errors, key, message):
    errors.setdefault(key, []).append(str(message))


def _require(by, perm, obj=None):
    if not by.has_perm(perm, obj):
        raise PermissionDenied(_("You may not do this."))


def _organisation(by):
    return Organisation.objects.filter(pk=Viewer.for_user(by).organisation_id).first()


# Validation --------------------------------------------------------------------------------------------------------


def _text(value):
    return value.strip() if isinstance(value, str) else ""


def _validate_post(fields, errors):
    """Clean values of a post's fields (all of them: the caller merges a partial update first)."""
    clean = {}
    direction, kind = fields.get("direction"), fields.get("kind")
    if direction not in Post.Direction.values:
        _add(errors, "direction", _("Choose need or offer."))
    if kind not in Post.Kind.values:
        _add(errors, "kind", _("Choose a kind."))
    title, description = _text(fields.get("title")), _text(fields.get("description"))
    if not title:
        _add(errors, "title", _("Give the post a title."))
    elif len(title) > Post._meta.get_field("title").max_length:
        _add(errors, "title", _("At most 200 characters."))
    elif problem := name_problem(title):
        _add(errors, "title", problem)
    if not description:
        _add(errors, "description", _("Describe what is needed or offered."))
    elif len(description) > 5000:
        _add(errors, "description", _("At most 5,000 characters."))
    category = fields.get("category")
    if category is not None and not isinstance(category, ChainCategory):
        _add(errors, "category", _("Choose a chain category."))
    region = fields.get("region")
    if not isinstance(region, Region):
        _add(errors, "region", _("Choose a region."))
    expires_on = fields.get("expires_on")
    today = timezone.localdate()
    if not isinstance(expires_on, datetime.date):
        _add(errors, "expires_on", _("Enter the expiry date."))
    elif expires_on <= today:
        _add(errors, "expires_on", _("The expiry date must lie in the future."))
    elif expires_on > today + datetime.timedelta(days=MAX_DAYS_AHEAD):
        _add(errors, "expires_on", _("A post expires at most a year from today."))
    clean.update(
        direction=direction,
        kind=kind,
        title=title,
        description=description,
        category=category,
        region=region,
        expires_on=expires_on,
    )
    return clean


def _validate_contact(name, phone, email, errors, *, prefix="contact_"):
    name, phone, email = _text(name), _text(phone), _text(email)
    if not name:
        _add(errors, f"{prefix}name", _("Name a contact person."))
    elif len(name) > 100:
        _add(errors, f"{prefix}name", _("At most 100 characters."))
    if not phone and not email:
        _add(errors, f"{prefix}phone", _("Give a phone number or an e-mail address."))
    if len(phone) > 40:
        _add(errors, f"{prefix}phone", _("At most 40 characters."))
    if email:
        try:
            validate_email(email)
        except ValidationError:
            _add(errors, f"{prefix}email", _("Enter a valid e-mail address."))
    return name, phone, email


# Posts -------------------------------------------------------------------------------------------------------------

# What each step needs of the post's state: step -> (allowed, refusal message, code).
POST_STEPS = {
    "change": (
        lambda post: post.status in Post.EDITABLE,
        gettext_lazy("This post is %(status)s and cannot be changed."),
        "not_editable",
    ),
    "delete": (
        lambda post: post.status == Status.DRAFT,
        gettext_lazy("Only a draft can be deleted; this post is %(status)s: close it instead."),
        "not_editable",
    ),
    "open": (
        lambda post: post.status == Status.DRAFT,
        gettext_lazy("Only a draft can be opened; this post is %(status)s."),
        "invalid_transition",
    ),
    "close": (
        lambda post: post.status == Status.OPEN,
        gettext_lazy("Only an open post can be closed; this post is %(status)s."),
        "invalid_transition",
    ),
    "interest": (
        lambda post: post.is_live,
        gettext_lazy("Interest can be expressed only in an open post; this post is %(status)s."),
        "not_open",
    ),
}


def post_refusal(post, step) -> Refusal | None:
    """Why the post's state does not allow `step` (change, delete, open, close, interest) now, or None."""
    allowed, message, code = POST_STEPS[step]
    if allowed(post):
        return None
    return Refusal(str(message) % {"status": str(post.state_label).lower()}, code=code)


def _refuse(post, step):
    refusal = post_refusal(post, step)
    if refusal is not None:
        raise refusal


def _lock(post) -> Post:
    return unscoped(Post).select_for_update().select_related("cluster").get(pk=post.pk)


@transaction.atomic
def post_create(*, by, cluster, **fields) -> Post:
    """A promotion body writes a post (a draft) for a cluster it promotes."""
    _require(by, "exchange.add_post")
    unknown = set(fields) - set(Post.TEXT_FIELDS)
    if unknown:
        raise ValidationError({name: [_("This field cannot be set here.")] for name in sorted(unknown)})
    errors: dict[str, list] = {}
    viewer = Viewer.for_user(by)
    if (
        cluster is None
        or not unscoped(Cluster)
        .filter(pk=getattr(cluster, "pk", cluster), promotion_body_id=viewer.organisation_id)
        .exists()
    ):
        _add(errors, "cluster", _("Choose a cluster your organisation promotes."))
    clean = _validate_post(fields, errors)
    if errors:
        raise ValidationError(errors)
    post = Post(cluster_id=getattr(cluster, "pk", cluster), created_by=by, **clean)
    post._history_user = by
    post.save()
    return post


@transaction.atomic
def post_update(*, post, by, **fields) -> Post:
    """The publisher edits a draft or an open post; fields left out stay as they are. A post keeps its cluster."""
    _require(by, "exchange.change_post", post)
    locked = _lock(post)
    _refuse(locked, "change")
    cluster = fields.pop("cluster", None)
    if cluster is not None and getattr(cluster, "pk", cluster) != locked.cluster_id:
        raise ValidationError({"cluster": [_("A post cannot move to another cluster.")]})
    unknown = set(fields) - set(Post.TEXT_FIELDS)
    if unknown:
        raise ValidationError({name: [_("This field cannot be changed here.")] for name in sorted(unknown)})
    merged = {name: getattr(locked, name) for name in Post.TEXT_FIELDS}
    merged.update(fields)
    errors: dict[str, list] = {}
    expiry_unchanged = merged["expires_on"] == locked.expires_on
    clean = _validate_post(merged, errors)
    if expiry_unchanged and errors.get("expires_on") and locked.status == Status.OPEN:
        # An open post whose date is kept may be edited until it expires; a new date must be valid.
        errors.pop("expires_on")
    if errors:
        raise ValidationError(errors)
    changed = False
    for name, value in clean.items():
        if getattr(locked, name) != value:
            setattr(locked, name, value)
            changed = True
    if changed:
        locked._history_user = by
        locked.save()
    return locked


@transaction.atomic
def post_delete(*, post, by) -> None:
    """The publisher deletes a draft (an opened post is closed instead, and kept)."""
    _require(by, "exchange.delete_post", post)
    locked = _lock(post)
    _refuse(locked, "delete")
    locked._history_user = by
    locked.delete()


def _post_params(post, **extra):
    cluster = post.cluster
    return {
        "post": post.title,
        "cluster": cluster.name,
        "cluster_en": cluster.name_en,
        **extra,
    }


@transaction.atomic
def post_open(*, post, by) -> Post:
    """The publisher opens a draft: every organisation sees it, and the bodies following its cluster are notified.
    Its expiry date must still lie ahead."""
    _require(by, "exchange.open_post", post)
    locked = _lock(post)
    _refuse(locked, "open")
    if locked.expires_on <= timezone.localdate():
        raise ValidationError({"expires_on": [_("The expiry date has passed: set a new one before opening.")]})
    locked.status = Status.OPEN
    locked.opened_at = timezone.now()
    locked._history_user = by
    locked.save(update_fields=["status", "opened_at", "updated"])
    update_change_reason(locked, _("Opened"))
    followers = (
        unscoped(Follow).filter(cluster_id=locked.cluster_id).exclude(organisation_id=locked.cluster.promotion_body_id)
    )
    notify(
        [follow.organisation_id for follow in followers],
        kind="posts.opened",
        actor=by,
        link=reverse("post-detail", args=[locked.pk]),
        params=_post_params(
            locked,
            direction=str(Post.Direction(locked.direction).label).lower(),
            direction_en=locked.direction,
        ),
    )
    return locked


@transaction.atomic
def post_close(*, post, by, outcome, note="") -> Post:
    """The publisher closes an open post (expired or not) with its outcome and a note; the bodies whose interest
    was pending or accepted are notified."""
    _require(by, "exchange.close_post", post)
    if outcome not in Post.Outcome.values:
        raise ValidationError({"outcome": [_("Choose the outcome.")]})
    note = _text(note)
    if len(note) > 2000:
        raise ValidationError({"note": [_("At most 2,000 characters.")]})
    locked = _lock(post)
    _refuse(locked, "close")
    locked.status = Status.CLOSED
    locked.outcome = outcome
    locked.outcome_note = note
    locked.closed_at = timezone.now()
    locked._history_user = by
    locked.save(update_fields=["status", "outcome", "outcome_note", "closed_at", "updated"])
    update_change_reason(locked, _("Closed"))
    interested = (
        unscoped(Interest)
        .filter(post=locked, status__in=[Interest.Status.PENDING, Interest.Status.ACCEPTED])
        .values_list("organisation_id", flat=True)
    )
    label = Post.Outcome(outcome).label
    with_english = {"outcome": str(label)}
    notify(
        list(interested),
        kind="posts.closed",
        actor=by,
        link=reverse("post-detail", args=[locked.pk]),
        params=_post_params(locked, **with_english, outcome_en=outcome.replace("_", " ")),
    )
    return locked


# Interest ----------------------------------------------------------------------------------------------------------

INTEREST_STEPS = {
    "contact": (
        lambda interest: interest.status == Interest.Status.PENDING,
        gettext_lazy("This interest is %(status)s: its contact can no longer change."),
        "answered",
    ),
    "accept": (
        lambda interest: interest.status == Interest.Status.PENDING and interest.contact_offered,
        gettext_lazy("Only a pending interest whose body has offered its contact can be accepted."),
        "invalid_transition",
    ),
    "decline": (
        lambda interest: interest.status == Interest.Status.PENDING,
        gettext_lazy("Only a pending interest can be declined; this one is %(status)s."),
        "invalid_transition",
    ),
}


def interest_refusal(interest, step) -> Refusal | None:
    """Why the interest's state (or its post's) does not allow `step` (contact, accept, decline) now, or None."""
    allowed, message, code = INTEREST_STEPS[step]
    if not allowed(interest):
        return Refusal(str(message) % {"status": str(interest.get_status_display()).lower()}, code=code)
    if step in ("contact", "accept") and not interest.post.is_live:
        return post_refusal(interest.post, "interest")
    return None


def _lock_interest(interest) -> Interest:
    return (
        unscoped(Interest)
        .select_for_update(of=("self",))
        .select_related("post__cluster", "organisation")
        .get(pk=interest.pk)
    )


def _interest_notify(interest, *, kind, by, to, **extra):
    organisation = _organisation(by)
    notify(
        [to],
        kind=kind,
        actor=by,
        link=reverse("post-detail", args=[interest.post_id]),
        params=_post_params(
            interest.post,
            organisation=organisation.name if organisation else by.get_username(),
            organisation_en=organisation.name_en if organisation else "",
            **extra,
        ),
    )


@transaction.atomic
def interest_express(*, post, by, message, contact_name="", contact_phone="", contact_email="") -> Interest:
    """Another body expresses interest in an open post, with a message and, if it wishes, its contact (offered to the
    publisher, shown only once the publisher accepts). The publisher is notified. Once per body and post."""
    _require(by, "exchange.express_interest_in_post", post)
    locked = _lock(post)
    _refuse(locked, "interest")
    viewer = Viewer.for_user(by)
    if unscoped(Interest).filter(post=locked, organisation_id=viewer.organisation_id).exists():
        raise Refusal(_("Your organisation has already expressed interest in this post."), code="already_interested")
    errors: dict[str, list] = {}
    message = _text(message)
    if not message:
        _add(errors, "message", _("Write a message to the publisher."))
    elif len(message) > 2000:
        _add(errors, "message", _("At most 2,000 characters."))
    contact = ("", "", "")
    if any(_text(value) for value in (contact_name, contact_phone, contact_email)):
        contact = _validate_contact(contact_name, contact_phone, contact_email, errors)
    if errors:
        raise ValidationError(errors)
    interest = Interest(
        post=locked,
        organisation_id=viewer.organisation_id,
        message=message,
        contact_name=contact[0],
        contact_phone=contact[1],
        contact_email=contact[2],
        created_by=by,
    )
    interest._history_user = by
    try:
        with transaction.atomic():
            interest.save()
    except IntegrityError:
        raise Refusal(
            _("Your organisation has already expressed interest in this post."), code="already_interested"
        ) from None
    _interest_notify(interest, kind="posts.interest", by=by, to=locked.cluster.promotion_body_id, message=message[:200])
    return interest


@transaction.atomic
def interest_offer_contact(*, interest, by, contact_name, contact_phone="", contact_email="") -> Interest:
    """The interested body offers (or corrects) its contact while its interest is pending; the publisher is told
    that it may now accept."""
    _require(by, "exchange.offer_contact", interest)
    locked = _lock_interest(interest)
    refusal = interest_refusal(locked, "contact")
    if refusal is not None:
        raise refusal
    errors: dict[str, list] = {}
    name, phone, email = _validate_contact(contact_name, contact_phone, contact_email, errors)
    if errors:
        raise ValidationError(errors)
    first_offer = not locked.contact_offered
    locked.contact_name, locked.contact_phone, locked.contact_email = name, phone, email
    locked._history_user = by
    locked.save(update_fields=["contact_name", "contact_phone", "contact_email"])
    update_change_reason(locked, _("Contact offered"))
    if first_offer:
        _interest_notify(locked, kind="posts.contact_offered", by=by, to=locked.post.cluster.promotion_body_id)
    return locked


@transaction.atomic
def interest_accept(*, interest, by, contact_name, contact_phone="", contact_email="", note="") -> Interest:
    """The publisher accepts a pending interest whose body offered its contact, giving its own: both sides then see
    each other's contact. The interested body is notified."""
    _require(by, "exchange.answer_interest", interest)
    locked = _lock_interest(interest)
    refusal = interest_refusal(locked, "accept")
    if refusal is not None:
        raise refusal
    errors: dict[str, list] = {}
    name, phone, email = _validate_contact(contact_name, contact_phone, contact_email, errors)
    note = _text(note)
    if len(note) > 2000:
        _add(errors, "note", _("At most 2,000 characters."))
    if errors:
        raise ValidationError(errors)
    locked.publisher_contact_name, locked.publisher_contact_phone, locked.publisher_contact_email = name, phone, email
    locked.status = Interest.Status.ACCEPTED
    locked.answer_note = note
    locked.answered_at = timezone.now()
    locked._history_user = by
    locked.save()
    update_change_reason(locked, _("Accepted"))
    _interest_notify(locked, kind="posts.accepted", by=by, to=locked.organisation_id)
    return locked


@transaction.atomic
def interest_decline(*, interest, by, note="") -> Interest:
    """The publisher declines a pending interest (with an optional note); no contact is exchanged, the interested
    body is notified, and the answer stays in the interest's history."""
    _require(by, "exchange.answer_interest", interest)
    locked = _lock_interest(interest)
    refusal = interest_refusal(locked, "decline")
    if refusal is not None:
        raise refusal
    note = _text(note)
    if len(note) > 2000:
        raise ValidationError({"note": [_("At most 2,000 characters.")]})
    locked.status = Interest.Status.DECLINED
    locked.answer_note = note
    locked.answered_at = timezone.now()
    locked._history_user = by
    locked.save(update_fields=["status", "answer_note", "answered_at"])
    update_change_reason(locked, _("Declined"))
    _interest_notify(locked, kind="posts.declined", by=by, to=locked.organisation_id)
    return locked


# Following ---------------------------------------------------------------------------------------------------------


def cluster_follow(*, by, cluster) -> Follow:
    """A body follows another cluster it can see in the marketplace or the public register (again: no change)."""
    from exchange.posts.selectors import followable_clusters

    _require(by, "exchange.follow_cluster")
    viewer = Viewer.for_user(by)
    pk = getattr(cluster, "pk", cluster)
    if unscoped(Cluster).filter(pk=pk, promotion_body_id=viewer.organisation_id).exists():
        raise Refusal(_("Your organisation promotes this cluster: there is nothing to follow."), code="own_cluster")
    if not followable_clusters(viewer).filter(pk=pk).exists():
        raise ValidationError({"cluster": [_("Choose a cluster of the public register or of the partner posts.")]})
    follow, _created = Follow.objects.get_or_create(organisation_id=viewer.organisation_id, cluster_id=pk)
    return follow


def cluster_unfollow(*, by, cluster) -> bool:
    """A body stops following a cluster; whether it was following it."""
    _require(by, "exchange.follow_cluster")
    viewer = Viewer.for_user(by)
    deleted, _rows = Follow.objects.filter(
        organisation_id=viewer.organisation_id, cluster_id=getattr(cluster, "pk", cluster)
    ).delete()
    return bool(deleted)
