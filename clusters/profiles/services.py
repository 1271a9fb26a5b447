"""TODO"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from simple_history.utils import update_change_reason

from clusters.models import ChainLink, Cluster, ClusterRegion, Milestone
from clusters.rules import refused_cluster_fields
from tenancy.models import Region
from tenancy.scoping import unscoped

PROFILE_FIELDS = ("name", "name_en", "field", "stage", "summary", "is_public")


@transaction.atomic
def cluster_create(*, by, regions, **fields):
    cluster = Cluster(**fields)
    cluster._history_user = by
    cluster.full_clean()
    cluster.save()
    cluster_set_regions(cluster=cluster, regions=regions)
    return cluster


@transaction.atomic
def cluster_update_profile(*, cluster: Cluster, by, regions=None, **fields):
    """The promotion body edits its cluster's profile; the history records each change."""
    unknown = set(fields) - set(PROFILE_FIELDS)
    if unknown:
        raise ValidationError({name: [_("This field cannot be changed here.")] for name in unknown})
    changed = [name for name, value in fields.items() if getattr(cluster, name) != value]
    if regions is not None and _region_codes(regions) != list(
        ClusterRegion.objects.filter(cluster=cluster).order_by("position").values_list("region_id", flat=True)
    ):
        changed.append("regions")
    refused = refused_cluster_fields(by, cluster, changed)
    if refused:
        raise ValidationError({name: [_("This field cannot be changed here.")] for name in refused})
    for name, value in fields.items():
        setattr(cluster, name, value)
    cluster.full_clean()
    cluster._history_user = by
    cluster.save()
    if regions is not None:
        cluster_set_regions(cluster=cluster, regions=regions)
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
