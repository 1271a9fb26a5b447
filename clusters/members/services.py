"""Writes of a cluster's members and collaborations. A row belongs to one cluster for good; which cluster's rows
a user may write is the rules' business (clusters.rules, re-checked on every write through the row's cluster)."""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from clusters.models import Cluster, Collaboration, Member
from clusters.validators import clean_credit_code
from tenancy.scoping import unscoped

# Members and collaborations -------------------------------------------------------------------------------------

MEMBER_FIELDS = (
    "kind",
    "name",
    "name_en",
    "credit_code",
    "platform_level",
    "size_class",
    "is_leading",
    "is_single_champion",
    "is_little_giant",
    "is_srdi_sme",
    "is_high_tech",
    "region",
    "is_local",
    "revenue",
    "employees",
    "rd_spend",
    "patents",
    "joined_year",
)


def _raise_if(errors: dict):
    if errors:
        raise ValidationError(errors)


def _member_errors(member: Member, chain_links) -> dict:
    """Every field-level problem of a member about to be saved, with the messages people read."""
    errors: dict[str, list] = {}
    try:
        member.credit_code = clean_credit_code(member.credit_code)
    except ValidationError as exc:
        errors["credit_code"] = exc.messages
    else:
        taken = (
            member.credit_code
            and unscoped(Member)
            .filter(cluster_id=member.cluster_id, credit_code=member.credit_code)
            .exclude(pk=member.pk)
            .exists()
        )
        if taken:
            errors["credit_code"] = [_("A member of this cluster already has this credit code.")]
    foreign = [link.name for link in chain_links or () if link.cluster_id != member.cluster_id]
    if foreign:
        errors["chain_links"] = [
            _("These chain links belong to another cluster: %(names)s.") % {"names": "、".join(foreign)}
        ]
    for name in ("revenue", "rd_spend"):
        if getattr(member, name) is not None and getattr(member, name) < 0:
            errors[name] = [_("Give zero or a positive amount.")]
    if member.kind != Member.Kind.INNOVATION_PLATFORM and member.platform_level:
        errors["platform_level"] = [_("Only innovation platforms have a platform level.")]
    try:
        member.full_clean(exclude=["cluster", "credit_code"], validate_unique=False, validate_constraints=False)
    except ValidationError as exc:
        for field, messages in exc.message_dict.items():
            errors.setdefault(field, []).extend(messages)
    return errors


def _save_member(member: Member, chain_links):
    _raise_if(_member_errors(member, chain_links))
    try:
        with transaction.atomic():
            member.save()
    except IntegrityError:  # another request took the credit code between the check and the insert
        raise ValidationError({"credit_code": [_("A member of this cluster already has this credit code.")]}) from None
    if chain_links is not None:
        member.chain_links.set(chain_links)
    return member


@transaction.atomic
def member_create(*, cluster: Cluster, by, chain_links=(), **fields) -> Member:
    """Add a member (enterprise, university, platform, …) to a cluster; `fields` are MEMBER_FIELDS."""
    unknown = set(fields) - set(MEMBER_FIELDS)
    if unknown:
        raise TypeError(f"member_create() got unknown fields {sorted(unknown)}")
    return _save_member(Member(cluster=cluster, **fields), list(chain_links))


def _refuse_move(row, cluster):
    if cluster is not None and getattr(cluster, "pk", cluster) != row.cluster_id:
        raise ValidationError({"cluster": [_("A row cannot move to another cluster.")]})


@transaction.atomic
def member_update(*, member: Member, by, chain_links=None, cluster=None, **fields) -> Member:
    """Change a member; the cluster never changes (naming another one is a field error). `chain_links=None` keeps
    the links as they are."""
    _refuse_move(member, cluster)
    unknown = set(fields) - set(MEMBER_FIELDS)
    if unknown:
        raise TypeError(f"member_update() got unknown fields {sorted(unknown)}")
    for name, value in fields.items():
        setattr(member, name, value)
    return _save_member(member, None if chain_links is None else list(chain_links))


@transaction.atomic
def member_delete(*, member: Member, by) -> int:
    """Remove a member and its collaborations; returns how many collaborations went with it."""
    collaborations = unscoped(Collaboration).filter(Q(source=member) | Q(target=member)).count()
    member.delete()
    return collaborations


COLLABORATION_FIELDS = ("source", "target", "kind", "value", "year")
FIRST_YEAR, LAST_YEAR = 1949, 2100


def _collaboration_errors(collaboration: Collaboration) -> dict:
    errors: dict[str, list] = {}
    for end in ("source", "target"):
        member = getattr(collaboration, end)
        if member.cluster_id != collaboration.cluster_id:
            errors[end] = [_("%(member)s is a member of another cluster.") % {"member": member.name}]
    if collaboration.source_id == collaboration.target_id:
        errors.setdefault("target", []).append(_("A member cannot collaborate with itself."))
    if collaboration.value is not None and collaboration.value < 0:
        errors["value"] = [_("Give zero or a positive amount.")]
    if collaboration.year is not None and not FIRST_YEAR <= collaboration.year <= LAST_YEAR:
        errors["year"] = [_("Give a year between %(first)d and %(last)d.") % {"first": FIRST_YEAR, "last": LAST_YEAR}]
    try:
        collaboration.full_clean(
            exclude=["cluster", "source", "target", "year"], validate_unique=False, validate_constraints=False
        )
    except ValidationError as exc:
        for field, messages in exc.message_dict.items():
            errors.setdefault(field, []).extend(messages)
    return errors


@transaction.atomic
def collaboration_create(*, cluster: Cluster, by, **fields) -> Collaboration:
    """Record an edge of the cluster's collaboration network; both ends are members of the cluster."""
    unknown = set(fields) - set(COLLABORATION_FIELDS)
    if unknown:
        raise TypeError(f"collaboration_create() got unknown fields {sorted(unknown)}")
    collaboration = Collaboration(cluster=cluster, **fields)
    _raise_if(_collaboration_errors(collaboration))
    collaboration.save()
    return collaboration


@transaction.atomic
def collaboration_update(*, collaboration: Collaboration, by, cluster=None, **fields) -> Collaboration:
    _refuse_move(collaboration, cluster)
    unknown = set(fields) - set(COLLABORATION_FIELDS)
    if unknown:
        raise TypeError(f"collaboration_update() got unknown fields {sorted(unknown)}")
    for name, value in fields.items():
        setattr(collaboration, name, value)
    _raise_if(_collaboration_errors(collaboration))
    collaboration.save()
    return collaboration


@transaction.atomic
def collaboration_delete(*, collaboration: Collaboration, by) -> None:
    collaboration.delete()
