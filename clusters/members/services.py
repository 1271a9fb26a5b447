"""Writes of a cluster's members and collaborations. A row belongs to one cluster for good; which cluster's rows
a user may write is the rules' business (clusters.rules, re-checked on every write through the row's cluster)."""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max, OuterRef, Q, Subquery
from django.utils import timezone
from django.utils.translation import gettext as _

from clusters.members.models import FIGURE_FIELDS
from clusters.models import Cluster, Collaboration, Member, MemberYear
from clusters.validators import clean_credit_code
from tenancy.history import save_with_history
from tenancy.scoping import unscoped
from tenancy.validators import FIGURE_YEARS, YearRange

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


def _save_member(member: Member, chain_links, errors=None):
    _raise_if({**_member_errors(member, chain_links), **(errors or {})})
    try:
        with transaction.atomic():
            member.save()
    except IntegrityError:  # another request took the credit code between the check and the insert
        raise ValidationError({"credit_code": [_("A member of this cluster already has this credit code.")]}) from None
    if chain_links is not None:
        member.chain_links.set(chain_links)
    return member


@transaction.atomic
def member_create(*, cluster: Cluster, by, chain_links=(), year=None, **fields) -> Member:
    """Add a member (enterprise, university, platform, …) to a cluster; `fields` are MEMBER_FIELDS. Its figures are
    recorded for `year` (default: the last completed year)."""
    unknown = set(fields) - set(MEMBER_FIELDS)
    if unknown:
        raise TypeError(f"member_create() got unknown fields {sorted(unknown)}")
    year = last_completed_year() if year is None else year
    member = _save_member(Member(cluster=cluster, **fields), list(chain_links), errors=_year_errors(year))
    figures = {name: value for name, value in fields.items() if name in FIGURE_FIELDS}
    member_figures_set(member=member, year=year, by=by, **figures)
    return member


def _refuse_move(row, cluster):
    if cluster is not None and getattr(cluster, "pk", cluster) != row.cluster_id:
        raise ValidationError({"cluster": [_("A row cannot move to another cluster.")]})


@transaction.atomic
def member_update(*, member: Member, by, chain_links=None, cluster=None, year=None, **fields) -> Member:
    """Change a member; the cluster never changes (naming another one is a field error). `chain_links=None` keeps
    the links as they are. Figures given are those of `year` (default: the last completed year): they change the
    member's row of that year, and the member's own figures only when it is the member's latest year."""
    _refuse_move(member, cluster)
    unknown = set(fields) - set(MEMBER_FIELDS)
    if unknown:
        raise TypeError(f"member_update() got unknown fields {sorted(unknown)}")
    figures = {name: fields.pop(name) for name in list(fields) if name in FIGURE_FIELDS}
    year = last_completed_year() if year is None else year
    errors = _year_errors(year)
    if figures and not errors:
        errors = _member_year_errors(_member_year_prepared(member, year, figures))
    for name, value in fields.items():
        setattr(member, name, value)
    member = _save_member(member, None if chain_links is None else list(chain_links), errors=errors)
    if figures:  # a year without figures records nothing
        member_figures_set(member=member, year=year, by=by, **figures)
    return member


@transaction.atomic
def member_delete(*, member: Member, by) -> int:
    """Remove a member and its collaborations; returns how many collaborations went with it."""
    collaborations = unscoped(Collaboration).filter(Q(source=member) | Q(target=member)).count()
    member.delete()
    return collaborations


# A member's figures by year -------------------------------------------------------------------------------------


def last_completed_year() -> int:
    """The year figures are filed for unless a form says otherwise: the last year that has ended."""
    return timezone.localdate().year - 1


def _year_errors(year) -> dict:
    try:
        YearRange(*FIGURE_YEARS)(year)
    except ValidationError as exc:
        return {"year": exc.messages}
    return {}


def _member_year_prepared(member: Member, year: int, figures: dict) -> MemberYear:
    """The member's row of `year` with `figures` applied (unsaved). A year the member has no row for starts from
    the member's latest figures, so that a change of one figure keeps the others."""
    row = unscoped(MemberYear).filter(member=member, year=year).first()
    if row is None:
        row = MemberYear(member=member, cluster_id=member.cluster_id, year=year)
        for name in FIGURE_FIELDS:
            setattr(row, name, getattr(member, name))
    for name, value in figures.items():
        setattr(row, name, value)
    return row


def _member_year_errors(row: MemberYear) -> dict:
    errors: dict[str, list] = {}
    for name in ("revenue", "rd_spend"):
        if getattr(row, name) is not None and getattr(row, name) < 0:
            errors[name] = [_("Give zero or a positive amount.")]
    try:
        row.full_clean(exclude=["member", "cluster"], validate_unique=False, validate_constraints=False)
    except ValidationError as exc:
        for field, messages in exc.message_dict.items():
            errors.setdefault(field, []).extend(messages)
    return errors


@transaction.atomic
def member_figures_set(*, member: Member, year: int, by, **figures) -> MemberYear:
    """Record a member's figures (FIGURE_FIELDS) for `year`, with history; figures not given keep the year's row
    (or, for a new year, the member's latest figures). When `year` is the member's latest year its figures are
    mirrored onto the member, which holds its latest figures for the readers that mean "today"."""
    unknown = set(figures) - set(FIGURE_FIELDS)
    if unknown:
        raise TypeError(f"member_figures_set() got unknown fields {sorted(unknown)}")
    _raise_if(_year_errors(year))
    list(unscoped(Member).select_for_update().filter(pk=member.pk))  # one writer of a member's years at a time
    row = _member_year_prepared(member, year, figures)
    _raise_if(_member_year_errors(row))
    save_with_history(row, by=by)
    latest = unscoped(MemberYear).filter(member=member).aggregate(latest=Max("year"))["latest"]
    if year == latest and any(getattr(member, name) != getattr(row, name) for name in FIGURE_FIELDS):
        for name in FIGURE_FIELDS:
            setattr(member, name, getattr(row, name))
        member.save(update_fields=[*FIGURE_FIELDS, "updated"])
    return row


IMPORT_CHUNK = 5000


def member_years_import(*, cluster: Cluster, year: int, credit_codes, fields, by) -> int:
    """After an import wrote the members of `cluster` with these credit codes: record their figures for `year`
    in bulk, with history. The figures the file gives (`fields`) change the year's row; a year a member had no row
    for starts from its figures as they now stand. A member whose latest year is later than `year` keeps that
    year's figures as its own. Returns the number of year rows written."""
    from simple_history.utils import bulk_create_with_history, bulk_update_with_history

    _raise_if(_year_errors(year))
    given = [name for name in FIGURE_FIELDS if name in fields]
    codes, written, now = list(credit_codes), 0, timezone.now()
    for start in range(0, len(codes), IMPORT_CHUNK):
        members = unscoped(Member).filter(cluster=cluster, credit_code__in=codes[start : start + IMPORT_CHUNK])
        figures = {row["pk"]: row for row in members.values("pk", *FIGURE_FIELDS)}
        rows = {row.member_id: row for row in unscoped(MemberYear).filter(member_id__in=figures, year=year)}
        new, changed = [], []
        for member_id, values in figures.items():
            row = rows.get(member_id)
            if row is None:
                new.append(
                    MemberYear(
                        member_id=member_id,
                        cluster_id=cluster.pk,
                        year=year,
                        **{name: values[name] for name in FIGURE_FIELDS},
                    )
                )
            elif any(getattr(row, name) != values[name] for name in given):
                for name in given:
                    setattr(row, name, values[name])
                row.updated = now
                changed.append(row)
        bulk_create_with_history(new, MemberYear, batch_size=1000, default_user=by)
        if changed:
            bulk_update_with_history(changed, MemberYear, [*given, "updated"], batch_size=500, default_user=by)
        written += len(new) + len(changed)
        # Members with a later year: that year's figures stay theirs (the import wrote the file's on the member).
        later = unscoped(MemberYear).filter(member_id__in=figures, year__gt=year).values("member_id")
        latest = unscoped(MemberYear).filter(member_id=OuterRef("pk")).order_by("-year")
        unscoped(Member).filter(pk__in=later).update(
            **{name: Subquery(latest.values(name)[:1]) for name in FIGURE_FIELDS}
        )
    return written


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
