"""Writes of the policy library: policies (draft → published → expired), instruments with their yearly
disbursements, toolkits. Every check answers at its field and changes nothing; the history records who
changed what.

Rules on money: amounts are yuan (CNY), never negative; an instrument's disbursements, one per year, add up to at
most the amount it commits (lowering the amount below what was already paid out is refused); a disbursement's year
lies between the policy's issue year and the current year.
"""

import os
from decimal import Decimal, InvalidOperation

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from clusters.models import Cluster
from clusters.profiles.selectors import in_jurisdiction
from policies.library.selectors import RELEASED, level_of, toolkit_candidate_policies
from policies.models import Instrument, InstrumentDisbursement, Policy, PolicyCategory, Toolkit
from tenancy.errors import Refusal
from tenancy.history import save_with_history
from tenancy.scoping import unscoped
from tenancy.uploads import check_upload, content_type_of, delete_after_commit, safe_upload_name

MAX_ATTACHMENT_BYTES = 20 * 1024 * 1024
# Extension → (magic bytes at the start of the file, content type, member a genuine OOXML file holds).
ATTACHMENT_TYPES = {
    ".pdf": (b"%PDF-", "application/pdf", None),
    ".docx": (
        b"PK\x03\x04",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        "word/document.xml",
    ),
    ".xlsx": (b"PK\x03\x04", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "xl/workbook.xml"),
}
ATTACHMENT_ACCEPT = ",".join(ATTACHMENT_TYPES)
POLICY_FIELDS = ("title", "title_en", "document_number", "issued_on", "effective_on", "summary", "text", "source_url")
INSTRUMENT_FIELDS = ("kind", "category", "name", "name_en", "amount", "currency_note", "description")
FIRST_YEAR = 1949
MAX_POLICY_TEXT = 200_000  # characters: the longest national policy texts run to about 60,000


# Attachments -------------------------------------------------------------------------------------------------------


def attachment_check(upload) -> str:
    """Refuse a file that is too large, of another type, or whose content is not what its extension says.
    Returns the content type to serve it with."""
    return check_upload(
        upload,
        field="attachment",
        types=ATTACHMENT_TYPES,
        max_bytes=MAX_ATTACHMENT_BYTES,
        not_accepted=_("Upload a PDF, DOCX or XLSX file (%(ext)s is not accepted)."),
    )


def attachment_content_type(policy: Policy) -> str:
    return content_type_of(policy.attachment.name, ATTACHMENT_TYPES)


def attachment_filename(policy: Policy) -> str:
    extension = os.path.splitext(policy.attachment.name)[1].lower()
    return f"policy-{policy.pk}{extension}"


def _remove_file_after_commit(name):
    delete_after_commit(Policy._meta.get_field("attachment").storage, name)


# Policies ----------------------------------------------------------------------------------------------------------

# What each step needs of the policy's state: step -> (allowed statuses, refusal message, refusal code).
POLICY_STEPS = {
    "change": (
        (Policy.Status.DRAFT, Policy.Status.PUBLISHED),
        _("An expired policy cannot be changed."),
        "not_editable",
    ),
    "publish": ((Policy.Status.DRAFT,), _("Only a draft can be published."), "invalid_transition"),
    "expire": ((Policy.Status.PUBLISHED,), _("Only a published policy can expire."), "invalid_transition"),
    "delete": (
        (Policy.Status.DRAFT,),
        _("Only a draft can be deleted; let a published policy expire instead."),
        "not_editable",
    ),
}


def policy_refusal(policy, step) -> Refusal | None:
    """Why the policy's state does not allow `step` (change — the policy or its instruments —, publish, expire,
    delete) now, or None. The services raise it (409); pages offer only the steps it lets through."""
    allowed, message, code = POLICY_STEPS[step]
    return None if policy.status in allowed else Refusal(message, code=code)


def _refuse(policy, step):
    refusal = policy_refusal(policy, step)
    if refusal is not None:
        raise refusal


def _targets(given, **kept):
    """The target clusters a write leaves: those given, else those kept (read past the viewer: a kept cluster the
    viewer no longer sees must still be found). Either way they are checked against the issuer's jurisdiction
    again (the ministry may have moved a kept cluster's regions since)."""
    return given if given is not None else list(unscoped(Cluster).filter(**kept))


def _locked(policy) -> Policy:
    """The policy with the state its locked row holds now (one writer at a time per policy)."""
    policy.status = unscoped(Policy).select_for_update().values_list("status", flat=True).get(pk=policy.pk)
    return policy


def _clusters_within_reach(issuer, clusters) -> list:
    """Target clusters: any for the ministry, those in the jurisdiction for a local government."""
    clusters = list(clusters or [])
    if not clusters or issuer.kind == "national":
        return []
    prefix = issuer.region.jurisdiction_prefix if issuer.region else None
    if not prefix:
        return clusters
    inside = set(
        unscoped(Cluster)
        .filter(pk__in=[c.pk for c in clusters])
        .filter(in_jurisdiction(prefix))
        .values_list("pk", flat=True)
    )
    return [c for c in clusters if c.pk not in inside]


def _outside_message(clusters):
    return _("These clusters are outside your jurisdiction: %(names)s") % {"names": "、".join(c.name for c in clusters)}


def _validate_policy(*, issuer, fields, categories, target_clusters, errors=None):
    errors = errors or {}
    if issuer.kind not in ("national", "local"):
        errors.setdefault("issuer", []).append(_("Only the ministry and local governments issue policies."))
    if not (fields.get("title") or "").strip():
        errors.setdefault("title", []).append(_("Give the policy's title."))
    issued_on, effective_on = fields.get("issued_on"), fields.get("effective_on")
    if issued_on is None:
        errors.setdefault("issued_on", []).append(_("Give the issue date."))
    elif issued_on.year < FIRST_YEAR:
        errors.setdefault("issued_on", []).append(_("The issue date cannot be before %(year)d.") % {"year": FIRST_YEAR})
    elif issued_on > timezone.localdate():
        errors.setdefault("issued_on", []).append(_("The issue date cannot be in the future."))
    if issued_on and effective_on and effective_on < issued_on:
        errors.setdefault("effective_on", []).append(_("A policy cannot take effect before it is issued."))
    if categories is not None and not list(categories):
        errors.setdefault("categories", []).append(_("Choose at least one category."))
    outside = _clusters_within_reach(issuer, target_clusters)
    if outside:
        errors.setdefault("target_clusters", []).append(_outside_message(outside))
    for name in ("title", "title_en", "document_number"):
        limit = Policy._meta.get_field(name).max_length
        if len(fields.get(name) or "") > limit:
            errors.setdefault(name, []).append(_("At most %(max)d characters.") % {"max": limit})
    if len(fields.get("text") or "") > MAX_POLICY_TEXT:
        errors.setdefault("text", []).append(_("At most %(max)d characters.") % {"max": MAX_POLICY_TEXT})
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def policy_create(*, issuer, by, categories, target_clusters=(), attachment=None, **fields) -> Policy:
    unknown = set(fields) - set(POLICY_FIELDS)
    if unknown:
        raise ValidationError({name: [_("This field cannot be set here.")] for name in unknown})
    _validate_policy(issuer=issuer, fields=fields, categories=categories, target_clusters=target_clusters)
    if attachment:
        attachment_check(attachment)
    policy = Policy(issuer=issuer, level=level_of(issuer), created_by=by, status=Policy.Status.DRAFT, **fields)
    if attachment:
        policy.attachment = safe_upload_name(attachment, fallback="attachment", length=60)
    save_with_history(policy, by=by)
    policy.categories.set(categories)
    policy.target_clusters.set(target_clusters or [])
    return policy


@transaction.atomic
def policy_update(
    *, policy, by, categories=None, target_clusters=None, attachment=None, clear_attachment=False, **fields
) -> Policy:
    """Change the given fields (None for categories or clusters: unchanged). An expired policy is read-only."""
    unknown = set(fields) - set(POLICY_FIELDS)
    if unknown:
        raise ValidationError({name: [_("This field cannot be changed here.")] for name in unknown})
    errors = {}
    _refuse(_locked(policy), "change")
    merged = {name: fields.get(name, getattr(policy, name)) for name in POLICY_FIELDS}
    if categories is not None:
        codes = {c.code if isinstance(c, PolicyCategory) else c for c in categories}
        stranded = unscoped(Instrument).filter(policy=policy).exclude(category_id__in=codes)
        if stranded.exists():
            names = "、".join(i.name for i in stranded[:5])
            errors["categories"] = [
                _("Instruments are filed under a category you removed: %(names)s. Change them first.")
                % {"names": names}
            ]
    _validate_policy(
        issuer=policy.issuer,
        fields=merged,
        categories=categories,
        target_clusters=_targets(target_clusters, policies=policy),
        errors=errors,
    )
    if attachment:
        attachment_check(attachment)
    old_file = policy.attachment.name
    for name, value in fields.items():
        setattr(policy, name, value)
    if attachment:
        policy.attachment = safe_upload_name(attachment, fallback="attachment", length=60)
    elif clear_attachment:
        policy.attachment = ""
    save_with_history(policy, by=by)
    if categories is not None:
        policy.categories.set(categories)
    if target_clusters is not None:
        policy.target_clusters.set(target_clusters)
    if old_file and old_file != policy.attachment.name:
        _remove_file_after_commit(old_file)
    return policy


@transaction.atomic
def policy_publish(*, policy, by) -> Policy:
    """Draft → published: from now on the public and the other tenants of DESIGN §2 read it. Its target clusters
    must still lie in the issuer's jurisdiction."""
    _refuse(_locked(policy), "publish")
    if not policy.categories.exists():
        raise ValidationError({"categories": [_("Choose at least one category.")]})
    outside = _clusters_within_reach(policy.issuer, _targets(None, policies=policy))
    if outside:
        raise ValidationError({"target_clusters": [_outside_message(outside)]})
    policy.status = Policy.Status.PUBLISHED
    policy.published_at = timezone.now()
    save_with_history(policy, by=by, reason="published")
    return policy


@transaction.atomic
def policy_expire(*, policy, by) -> Policy:
    """Published → expired: the policy stays readable, and read-only."""
    _refuse(_locked(policy), "expire")
    policy.status = Policy.Status.EXPIRED
    policy.expired_at = timezone.now()
    save_with_history(policy, by=by, reason="expired")
    return policy


@transaction.atomic
def policy_delete(*, policy, by) -> None:
    """Only a draft is deleted (with its instruments); a released policy expires instead."""
    _refuse(_locked(policy), "delete")
    old_file = policy.attachment.name
    policy._history_user = by
    policy.delete()
    _remove_file_after_commit(old_file)


# Instruments and disbursements ---------------------------------------------------------------------------------------


def _amount(value, field_name, errors):
    try:
        amount = Decimal(value)
    except (InvalidOperation, TypeError, ValueError):
        errors.setdefault(field_name, []).append(_("Enter an amount in yuan."))
        return None
    if not amount.is_finite():
        errors.setdefault(field_name, []).append(_("Enter an amount in yuan."))
        return None
    if amount < 0:
        errors.setdefault(field_name, []).append(_("The amount cannot be negative."))
        return None
    if amount != amount.quantize(Decimal("0.01")) or amount >= Decimal("1e14"):
        errors.setdefault(field_name, []).append(_("Enter an amount below 100 trillion yuan, in fen at most."))
        return None
    return amount


def _category_code(category):
    return category.code if isinstance(category, PolicyCategory) else category


def _validate_instrument(*, policy, fields, target_clusters, errors):
    kind, category = fields.get("kind"), fields.get("category")
    if kind not in Instrument.Kind.values:
        errors.setdefault("kind", []).append(_("Choose a valid kind."))
    if not (fields.get("name") or "").strip():
        errors.setdefault("name", []).append(_("Give the instrument's name."))
    if category is None:
        errors.setdefault("category", []).append(_("Choose a category."))
    else:
        code = category.code if isinstance(category, PolicyCategory) else category
        if not policy.categories.filter(code=code).exists():
            errors.setdefault("category", []).append(_("Choose one of the policy's categories."))
    amount = _amount(fields.get("amount"), "amount", errors) if fields.get("amount") is not None else None
    if fields.get("amount") is None:
        errors.setdefault("amount", []).append(_("Enter an amount in yuan."))
    outside = _clusters_within_reach(policy.issuer, target_clusters)
    if outside:
        errors.setdefault("target_clusters", []).append(_outside_message(outside))
    return amount


def _clean_disbursements(*, policy, amount, disbursements, errors):
    """[(year, amount)] → {year: Decimal}; unique years within range, total at most the committed amount."""
    cleaned = {}
    last_year = timezone.localdate().year
    first_year = policy.issued_on.year
    for year, value in disbursements:
        try:
            year = int(year)
        except (TypeError, ValueError):
            errors.setdefault("disbursements", []).append(_("Enter a year."))
            continue
        if not first_year <= year <= last_year:
            errors.setdefault("disbursements", []).append(
                _("A disbursement's year lies between %(first)d (the policy's issue year) and %(last)d.")
                % {"first": first_year, "last": last_year}
            )
            continue
        if year in cleaned:
            errors.setdefault("disbursements", []).append(
                _("%(year)d is listed twice: one disbursement per year.") % {"year": year}
            )
            continue
        value = _amount(value, "disbursements", errors)
        if value is not None:
            cleaned[year] = value
    total = sum(cleaned.values(), Decimal("0"))
    if amount is not None and "disbursements" not in errors and total > amount:
        errors.setdefault("disbursements", []).append(
            _("The disbursements add up to %(total)s yuan, more than the %(amount)s yuan committed.")
            % {"total": f"{total:,.2f}", "amount": f"{amount:,.2f}"}
        )
    return cleaned


def _write_disbursements(*, instrument, cleaned, by):
    existing = {d.year: d for d in unscoped(InstrumentDisbursement).filter(instrument=instrument)}
    for year, row in existing.items():
        if year not in cleaned:
            row._history_user = by
            row.delete()
    for year, value in sorted(cleaned.items()):
        row = existing.get(year)
        if row is None:
            row = InstrumentDisbursement(instrument=instrument, year=year, amount=value)
        elif row.amount == value:
            continue
        row.amount = value
        save_with_history(row, by=by)


@transaction.atomic
def instrument_create(*, policy, by, target_clusters=(), disbursements=(), **fields) -> Instrument:
    _refuse(_locked(policy), "change")
    errors = {}
    amount = _validate_instrument(policy=policy, fields=fields, target_clusters=target_clusters, errors=errors)
    cleaned = _clean_disbursements(policy=policy, amount=amount, disbursements=disbursements, errors=errors)
    if errors:
        raise ValidationError(errors)
    instrument = Instrument(
        policy=policy, **{name: fields.get(name, "") for name in INSTRUMENT_FIELDS if name != "category"}
    )
    instrument.category_id = _category_code(fields["category"])
    instrument.amount = amount
    save_with_history(instrument, by=by)
    instrument.target_clusters.set(target_clusters or [])
    _write_disbursements(instrument=instrument, cleaned=cleaned, by=by)
    return instrument


@transaction.atomic
def instrument_update(*, instrument, by, target_clusters=None, disbursements=None, **fields) -> Instrument:
    """Change the given fields; `disbursements` ([(year, amount)]) replaces the yearly list when given."""
    unknown = set(fields) - set(INSTRUMENT_FIELDS)
    if unknown:
        raise ValidationError({name: [_("This field cannot be changed here.")] for name in unknown})
    # One writer at a time per instrument, so two edits cannot together pay out more than is committed.
    locked = unscoped(Instrument).select_for_update().get(pk=instrument.pk)
    policy = instrument.policy
    _refuse(_locked(policy), "change")
    errors = {}
    merged = {name: fields.get(name, getattr(locked, name)) for name in INSTRUMENT_FIELDS if name != "category"}
    merged["category"] = fields.get("category", locked.category_id)
    amount = _validate_instrument(
        policy=policy,
        fields=merged,
        target_clusters=_targets(target_clusters, instruments=locked),
        errors=errors,
    )
    if disbursements is None:
        current = unscoped(InstrumentDisbursement).filter(instrument=instrument).values_list("year", "amount")
        total = sum((value for _year, value in current), Decimal("0"))
        cleaned = None
        if amount is not None and total > amount:
            errors.setdefault("amount", []).append(
                _("%(total)s yuan has already been disbursed; the amount cannot be lower.") % {"total": f"{total:,.2f}"}
            )
    else:
        cleaned = _clean_disbursements(policy=policy, amount=amount, disbursements=disbursements, errors=errors)
    if errors:
        raise ValidationError(errors)
    for name, value in fields.items():
        if name == "category":
            instrument.category_id = _category_code(value)
        else:
            setattr(instrument, name, value)
    instrument.amount = amount
    save_with_history(instrument, by=by)
    if target_clusters is not None:
        instrument.target_clusters.set(target_clusters)
    if cleaned is not None:
        _write_disbursements(instrument=instrument, cleaned=cleaned, by=by)
    return instrument


@transaction.atomic
def instrument_delete(*, instrument, by) -> None:
    _refuse(_locked(instrument.policy), "change")
    instrument._history_user = by
    instrument.delete()


# Toolkits ----------------------------------------------------------------------------------------------------------


def _require(by, perm, obj):
    """The rule (policies.rules) again, whichever door the write came through: it re-checks the parent
    (the toolkit's cluster still in the owner's jurisdiction)."""
    if not by.has_perm(perm, obj):
        raise PermissionDenied(_("You may not do this."))


def _validate_toolkit(*, owner, cluster, title, policies, instruments, exclude_pk=None):
    errors = {}
    if owner.kind != "local":
        errors["owner"] = [_("Toolkits are kept by local governments.")]
    if not (title or "").strip():
        errors["title"] = [_("Give the toolkit a title.")]
    elif len(title) > Toolkit._meta.get_field("title").max_length:
        errors["title"] = [_("At most %(max)d characters.") % {"max": Toolkit._meta.get_field("title").max_length}]
    prefix = owner.region.jurisdiction_prefix if owner.region else None
    if cluster is None:
        errors["cluster"] = [_("Choose a cluster.")]
    elif not prefix or not unscoped(Cluster).filter(pk=cluster.pk).filter(in_jurisdiction(prefix)).exists():
        errors["cluster"] = [_("The cluster is not in your jurisdiction.")]
    elif unscoped(Toolkit).filter(owner=owner, cluster=cluster).exclude(pk=exclude_pk).exists():
        errors["cluster"] = [_("Your organisation already has a toolkit for this cluster.")]
    policies, instruments = list(policies or []), list(instruments or [])
    allowed = set(
        toolkit_candidate_policies(owner=owner).filter(pk__in=[p.pk for p in policies]).values_list("pk", flat=True)
    )
    refused = [p for p in policies if p.pk not in allowed]
    if refused:
        errors["policies"] = [
            _(
                "Only published or expired policies of the ministry, of your organisation or of the governments "
                "below it can be bundled: %(titles)s"
            )
            % {"titles": "；".join(p.title for p in refused)}
        ]
    chosen = {p.pk for p in policies}
    strays = [i for i in instruments if i.policy_id not in chosen]
    if strays:
        errors["instruments"] = [
            _("These instruments belong to policies that are not in the toolkit: %(names)s")
            % {"names": "；".join(i.name for i in strays)}
        ]
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def toolkit_create(*, owner, by, cluster, title, policies=(), instruments=(), notes="") -> Toolkit:
    _validate_toolkit(owner=owner, cluster=cluster, title=title, policies=policies, instruments=instruments)
    toolkit = Toolkit(owner=owner, cluster=cluster, title=title.strip(), notes=notes or "", created_by=by)
    try:
        with transaction.atomic():
            save_with_history(toolkit, by=by)
    except IntegrityError as exc:  # two writers raced past the check
        raise ValidationError({"cluster": [_("Your organisation already has a toolkit for this cluster.")]}) from exc
    toolkit.policies.set(policies)
    toolkit.instruments.set(instruments)
    return toolkit


@transaction.atomic
def toolkit_update(*, toolkit, by, cluster=None, title=None, policies=None, instruments=None, notes=None) -> Toolkit:
    """The owner changes its toolkit; the toolkit's cluster (the current one and a new one) must lie in its
    jurisdiction, checked on every write."""
    _require(by, "policies.change_toolkit", toolkit)
    cluster = cluster if cluster is not None else toolkit.cluster
    title = title if title is not None else toolkit.title
    current_policies = list(policies) if policies is not None else list(unscoped(Policy).filter(toolkits=toolkit))
    current_instruments = (
        list(instruments) if instruments is not None else list(unscoped(Instrument).filter(toolkits=toolkit))
    )
    _validate_toolkit(
        owner=toolkit.owner,
        cluster=cluster,
        title=title,
        policies=current_policies,
        instruments=current_instruments,
        exclude_pk=toolkit.pk,
    )
    toolkit.cluster, toolkit.title = cluster, title.strip()
    if notes is not None:
        toolkit.notes = notes
    save_with_history(toolkit, by=by)
    toolkit.policies.set(current_policies)
    toolkit.instruments.set(current_instruments)
    return toolkit


@transaction.atomic
def toolkit_delete(*, toolkit, by) -> None:
    _require(by, "policies.delete_toolkit", toolkit)
    toolkit._history_user = by
    toolkit.delete()


__all__ = [
    "ATTACHMENT_ACCEPT",
    "MAX_ATTACHMENT_BYTES",
    "RELEASED",
    "attachment_check",
    "instrument_create",
    "instrument_delete",
    "instrument_update",
    "policy_create",
    "policy_delete",
    "policy_expire",
    "policy_publish",
    "policy_update",
    "toolkit_create",
    "toolkit_delete",
    "toolkit_update",
]
