"""Writes of cluster profiles: registering a cluster, its profile (the promotion body's), its standing (regions,
public flag, promotion body, tier: the ministry's, clusters.rules.CLUSTER_FIELD_RULES), chain links and milestones.
The history records who changed what, when, and why; a cluster's regions are part of its history records."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from simple_history.utils import update_change_reason

from clusters.models import ChainLink, Cluster, ClusterRegion, Milestone
from clusters.rules import refused_cluster_fields
from tenancy.history import CHANGE_REASON_MAX_LENGTH, save_with_history
from tenancy.models import Organisation, Region
from tenancy.organisations.services import organisation_create
from tenancy.scoping import unscoped
from tenancy.visibility import Viewer

PROFILE_FIELDS = ("name", "name_en", "field", "stage", "summary", "is_public")
GOVERNANCE_FIELDS = ("regions", "is_public", "promotion_body")


@transaction.atomic
def cluster_create(*, by, regions, **fields):
    cluster = Cluster(**fields)
    cluster._history_user = by
    cluster.full_clean()
    cluster.save()
    cluster_set_regions(cluster=cluster, regions=regions)
    _record_regions(cluster)
    return cluster


def _current_region_codes(cluster) -> list[str]:
    return list(
        unscoped(ClusterRegion).filter(cluster=cluster).order_by("position").values_list("region_id", flat=True)
    )


def _record_regions(cluster):
    """Make the cluster's newest history record list the regions it has now, unless it lists some already: a new
    cluster's record is written before its regions, and records from before regions were kept in the history
    list none. A change then shows its regions against the right ones."""
    record = cluster.history.order_by("-history_date", "-history_id").first()
    if record is None or record.regions.exists():
        return
    rows = record.regions.model
    rows.objects.bulk_create(
        [
            rows(history=record, id=row.pk, cluster_id=row.cluster_id, region_id=row.region_id, position=row.position)
            for row in unscoped(ClusterRegion).filter(cluster=cluster).order_by("position")
        ]
    )


@transaction.atomic
def cluster_update_profile(*, cluster: Cluster, by, regions=None, **fields):
    """The promotion body edits its cluster's profile; the history records each change."""
    unknown = set(fields) - set(PROFILE_FIELDS)
    if unknown:
        raise ValidationError({name: [_("This field cannot be changed here.")] for name in unknown})
    changed = [name for name, value in fields.items() if getattr(cluster, name) != value]
    if regions is not None and _region_codes(regions) != _current_region_codes(cluster):
        changed.append("regions")
    refused = refused_cluster_fields(by, cluster, changed)
    if refused:
        raise ValidationError({name: [_("This field cannot be changed here.")] for name in refused})
    _record_regions(cluster)
    if regions is not None:
        cluster_set_regions(cluster=cluster, regions=regions)  # before the save, so its record lists them
    for name, value in fields.items():
        setattr(cluster, name, value)
    cluster.full_clean()
    cluster._history_user = by
    cluster.save()
    return cluster


@transaction.atomic
def cluster_govern(*, cluster: Cluster, by, reason: str, regions=None, is_public=None, promotion_body=None):
    """The ministry decides which governments supervise a cluster (its regions), whether the public register shows
    it and which body promotes it. Fields left out (None) stay as they are; the history keeps who, when and why.
    Nothing is saved when any check fails."""
    if not by.has_perm("clusters.govern_cluster", cluster):
        raise PermissionDenied(_("You may not do this."))
    errors = {}
    reason = (reason or "").strip()
    if not reason:
        errors["reason"] = [_("Give the reason for the change.")]
    elif len(reason) > CHANGE_REASON_MAX_LENGTH:
        errors["reason"] = [_("At most %(max)d characters.") % {"max": CHANGE_REASON_MAX_LENGTH}]
    changes = {}
    if is_public is not None and bool(is_public) != cluster.is_public:
        changes["is_public"] = bool(is_public)
    if promotion_body is not None:
        body = promotion_body if isinstance(promotion_body, Organisation) else None
        if body is None:
            body = Organisation.objects.filter(pk=promotion_body).first()
        if body is None or body.kind != Organisation.Kind.CLUSTER_BODY or not body.is_active:
            errors["promotion_body"] = [_("Choose an active cluster promotion body.")]
        elif body.pk != cluster.promotion_body_id:
            changes["promotion_body"] = body
    codes = None
    if regions is not None:
        codes = _region_codes(regions)
        if codes != _current_region_codes(cluster):
            changes["regions"] = codes
    refused = refused_cluster_fields(by, cluster, list(changes))
    for name in refused:
        errors[name] = [_("This field cannot be changed here.")]
    if errors:
        raise ValidationError(errors)
    if not changes:
        raise ValidationError(_("Nothing to change: the settings are as they were."))
    _record_regions(cluster)
    if "regions" in changes:
        cluster_set_regions(cluster=cluster, regions=codes)  # before the save, so its record lists them
    for name in ("is_public", "promotion_body"):
        if name in changes:
            setattr(cluster, name, changes[name])
    cluster.full_clean()
    save_with_history(cluster, by=by, reason=reason)
    return cluster


def _region_codes(regions):
    return [region.code if isinstance(region, Region) else str(region) for region in regions]


def cluster_set_regions(*, cluster: Cluster, regions):
    codes = _region_codes(regions)
    if not codes:
        raise ValidationError({"regions": [_("A cluster lies in at least one region.")]})
    if len(set(codes)) != len(codes):
        raise ValidationError({"regions": [_("A region is listed twice.")]})
    known = set(Region.objects.filter(code__in=codes).values_list("code", flat=True))
    missing = [code for code in codes if code not in known]
    if missing:
        raise ValidationError({"regions": [_("Unknown region code: %(codes)s") % {"codes": ", ".join(missing)}]})
    ClusterRegion.objects.filter(cluster=cluster).delete()
    ClusterRegion.objects.bulk_create(
        [ClusterRegion(cluster=cluster, region_id=code, position=position) for position, code in enumerate(codes)]
    )


@transaction.atomic
def cluster_set_tier(*, cluster: Cluster, tier: str, by, reason: str, national_since=None):
    """The ministry moves a cluster between tiers; the history keeps who, when and why. `national_since` (a year),
    when given, is recorded in the same change."""
    if tier not in Cluster.Tier.values:
        raise ValidationError({"tier": [_("Choose a valid tier.")]})
    if not reason.strip():
        raise ValidationError({"reason": [_("Give the reason for the change.")]})
    cluster.tier = tier
    fields = ["tier", "updated"]
    if national_since is not None:
        cluster.national_since = national_since
        fields.append("national_since")
    cluster._history_user = by
    cluster.save(update_fields=fields)
    update_change_reason(cluster, reason.strip()[:100])
    return cluster


@transaction.atomic
def chain_link_save(*, chain_link: ChainLink):
    """Create or update a chain link; a new link goes to the end of the chain unless placed."""
    if chain_link.pk is None and not chain_link.position:
        chain_link.position = unscoped(ChainLink).filter(cluster=chain_link.cluster).count() + 1
    chain_link.full_clean()
    chain_link.save()
    return chain_link


@transaction.atomic
def chain_link_delete(*, chain_link: ChainLink):
    chain_link.delete()


@transaction.atomic
def milestone_save(*, milestone: Milestone):
    milestone.full_clean()
    milestone.save()
    return milestone


@transaction.atomic
def milestone_delete(*, milestone: Milestone):
    milestone.delete()


@transaction.atomic
def cluster_register(*, by, regions, promotion_body=None, body=None, admin=None, language=None, **fields):
    """The one way to register a cluster, for the page and the API: with an existing promotion body, or with a new
    body (`body`: name, name_en, slug) created in the same transaction."""
    if not Viewer.for_user(by).is_national:
        raise PermissionDenied
    if promotion_body is not None:
        if body and any(body.values()):
            raise ValidationError({"body_name": [_("Choose an existing promotion body or name a new one, not both.")]})
        return cluster_create(by=by, regions=_region_codes(regions), promotion_body=promotion_body, **fields)
    return cluster_register_with_body(by=by, body=body or {}, regions=regions, admin=admin, language=language, **fields)


@transaction.atomic
def cluster_register_with_body(*, by, body: dict, regions, admin=None, language=None, **fields):
    """The ministry registers a cluster and its promotion body in one step: the body (`body`: name, name_en, slug;
    its region is the cluster's main region, its parent follows from that region) is created first, with its first
    administrator invited when `admin` is given, then the cluster. Any field error of either changes nothing: the
    body's fields answer as `body_<field>`."""
    if not Viewer.for_user(by).is_national:
        raise PermissionDenied
    codes = _region_codes(regions)
    if not codes:
        raise ValidationError({"regions": [_("A cluster lies in at least one region.")]})
    try:
        organisation = organisation_create(
            by=by,
            kind=Organisation.Kind.CLUSTER_BODY,
            name=body.get("name", ""),
            name_en=body.get("name_en", ""),
            slug=body.get("slug", ""),
            region=codes[0] if codes else None,
            admin=admin,
            language=language,
        )
    except ValidationError as exc:
        raise ValidationError({f"body_{key}": value for key, value in exc.message_dict.items()}) from None
    return cluster_create(by=by, regions=codes, promotion_body=organisation, **fields)
