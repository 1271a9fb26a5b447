"""Writes of the clusters app: profiles, tiers, chain links, milestones."""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils.translation import gettext as _
from simple_history.utils import update_change_reason

from tenancy.models import Region
from tenancy.scoping import unscoped

from .models import ChainLink, Cluster, ClusterRegion, Collaboration, Member, Milestone
from .validators import clean_credit_code

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
    for name, value in fields.items():
        setattr(cluster, name, value)
    cluster.full_clean()
    cluster._history_user = by
    cluster.save()
    if regions is not None:
        cluster_set_regions(cluster=cluster, regions=regions)
    return cluster


def cluster_set_regions(*, cluster: Cluster, regions):
    codes = [region.code if isinstance(region, Region) else str(region) for region in regions]
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
def cluster_set_tier(*, cluster: Cluster, tier: str, by, reason: str):
    """The ministry moves a cluster between tiers; the history keeps who, when and why."""
    if tier not in Cluster.Tier.values:
        raise ValidationError({"tier": [_("Choose a valid tier.")]})
    if not reason.strip():
        raise ValidationError({"reason": [_("Give the reason for the change.")]})
    cluster.tier = tier
    cluster._history_user = by
    cluster.save(update_fields=["tier", "updated"])
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


# Network analysis --------------------------------------------------------------------------------------------------


def network_analysis_request(*, cluster, by, parameters=None):
    """Record a network analysis of the cluster (queued) and queue it once the transaction commits.

    A run already queued or running for the cluster is returned instead of a second one."""
    from django.conf import settings
    from django.utils import timezone

    from tenancy.tasks import enqueue

    from .models import NetworkAnalysis
    from .network import parameters_with_defaults
    from .tasks import network_analysis_task

    with transaction.atomic():
        list(unscoped(Cluster).select_for_update().filter(pk=cluster.pk))  # one request per cluster at a time
        stale = timezone.now() - timezone.timedelta(seconds=settings.CELERY_TASK_TIME_LIMIT)
        pending = NetworkAnalysis.objects.filter(
            cluster=cluster,
            status__in=[NetworkAnalysis.Status.QUEUED, NetworkAnalysis.Status.RUNNING],
            created__gt=stale,
        ).first()
        if pending is not None:
            return pending
        analysis = NetworkAnalysis.objects.create(
            cluster=cluster, created_by=by, parameters=parameters_with_defaults(parameters)
        )
        enqueue(network_analysis_task, analysis.pk)
    return analysis


def network_analysis_run(*, analysis):
    """Compute and store an analysis (called by the task inside system_scope()). Finished runs are left alone;
    a run interrupted earlier starts again from nothing. Raises NetworkDataError on data it cannot analyse."""
    from .models import MemberFigure
    from .network import analyse
    from .selectors import network_inputs

    if analysis.is_finished:
        return analysis
    MemberFigure.objects.filter(analysis=analysis).delete()  # what a crashed run may have left
    analysis.start()
    analysis.set_progress(2, _("Loading members and collaborations"))
    inputs = network_inputs(cluster_id=analysis.cluster_id)
    stages = {
        "graph": _("Building the graph"),
        "components": _("Components and clustering"),
        "communities": _("Communities (Louvain)"),
        "betweenness": _("Betweenness"),
        "pagerank": _("PageRank"),
        "articulation_points": _("Single points of failure"),
        "chain_links": _("Chain-link coverage and local supporting rate"),
    }
    result = analyse(
        inputs, analysis.parameters, progress=lambda percent, stage: analysis.set_progress(percent, stages[stage])
    )
    analysis.set_progress(92, _("Storing every member's figures"))
    with transaction.atomic():
        member_figures_store(analysis=analysis, result=result)
        for name, value in result.figures.items():
            setattr(analysis, name, value)
        analysis.parameters = result.parameters
        analysis.save(update_fields=[*result.figures, "parameters"])
    analysis.succeed(_("%(nodes)s members, %(edges)s links analysed.") % result.figures)
    return analysis


def member_figures_store(*, analysis, result):
    """Write one MemberFigure row per member: PostgreSQL COPY, or bulk_create elsewhere (embedded SQLite)."""
    from django.db import connection

    from .models import MemberFigure

    columns = (result.member_ids, result.degree, result.betweenness, result.pagerank, result.community)
    member_ids, degree, betweenness, pagerank, community = (column.tolist() for column in columns)
    cut = result.is_articulation_point.tolist()
    if connection.vendor == "postgresql":
        names = ["analysis", "member", "degree", "betweenness", "pagerank", "community", "is_articulation_point"]
        sql = "COPY {} ({}) FROM STDIN".format(
            connection.ops.quote_name(MemberFigure._meta.db_table),
            ", ".join(connection.ops.quote_name(MemberFigure._meta.get_field(name).column) for name in names),
        )
        analysis_id = analysis.pk
        rows = "".join(
            f"{analysis_id}\t{m}\t{d}\t{b!r}\t{p!r}\t{c}\t{'t' if a else 'f'}\n"
            for m, d, b, p, c, a in zip(member_ids, degree, betweenness, pagerank, community, cut, strict=True)
        )
        with connection.cursor() as cursor, cursor.copy(sql) as copy:
            copy.write(rows)
        return
    MemberFigure.objects.bulk_create(
        (
            MemberFigure(
                analysis=analysis,
                member_id=m,
                degree=d,
                betweenness=b,
                pagerank=p,
                community=c,
                is_articulation_point=a,
            )
            for m, d, b, p, c, a in zip(member_ids, degree, betweenness, pagerank, community, cut, strict=True)
        ),
        batch_size=5000,
    )


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


@transaction.atomic
def member_update(*, member: Member, by, chain_links=None, **fields) -> Member:
    """Change a member; the cluster never changes. `chain_links=None` keeps the links as they are."""
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
def collaboration_update(*, collaboration: Collaboration, by, **fields) -> Collaboration:
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
