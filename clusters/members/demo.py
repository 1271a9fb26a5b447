"""Demo figures by year: every demo member's figures (as the member seeding wrote them on the member) for the
demo's data years, 2023 and 2024, the years the demo monitoring evaluates. A member that joined after a year has
no figures for it; one that joined after 2024 has figures for the year it joined. Idempotent: a member's existing
row of a year is left as it is."""

from decimal import Decimal

from django.db.models import Exists, OuterRef, Q

from clusters.members.models import FIGURE_FIELDS, Member, MemberYear

YEARS = (2023, 2024)
BATCH = 5000


def member_years_from_figures(*, members=None, years=YEARS, log=print, growth=None) -> int:
    """Write, for each of `years`, a MemberYear row with the member's own figures for every member of `members`
    (default: all) that had joined by then and has no row for that year; members that joined after the last year
    get a row for the year they joined. Bulk, without history rows (seeded data has no author). Returns the number
    of rows written. `growth(cluster_id)` → (revenue growth, employment growth) per year: the figures of a year
    before the last are the member's figures deflated by it, so members' totals follow their cluster's own figures
    back in time (without it every year carries the same figures)."""
    members = Member.objects.all() if members is None else members
    written = 0
    plan = [(year, Q(joined_year__isnull=True) | Q(joined_year__lte=year)) for year in years]
    plan.append((None, Q(joined_year__gt=max(years))))
    for year, joined in plan:
        has_row = MemberYear.objects.filter(member=OuterRef("pk"), year=year if year else OuterRef("joined_year"))
        rows = (
            members.filter(joined)
            .filter(~Exists(has_row))
            .order_by("pk")
            .values("pk", "cluster_id", "joined_year", *FIGURE_FIELDS)
        )
        batch = []
        for row in rows.iterator(chunk_size=BATCH):
            figures = {name: row[name] for name in FIGURE_FIELDS}
            if growth and year and year < max(years):
                _deflate(figures, growth(row["cluster_id"]), max(years) - year)
            batch.append(
                MemberYear(
                    member_id=row["pk"], cluster_id=row["cluster_id"], year=year or row["joined_year"], **figures
                )
            )
            if len(batch) >= BATCH:
                MemberYear.objects.bulk_create(batch)
                written, batch = written + len(batch), []
        MemberYear.objects.bulk_create(batch)
        written += len(batch)
    if written and log:
        log(f"member figures by year: {written} rows for {', '.join(map(str, years))} (and later joiners)")
    return written


def _deflate(figures, rates, steps):
    revenue_rate, employment_rate = rates
    for name in ("revenue", "rd_spend"):
        if figures.get(name) is not None:
            figures[name] = (figures[name] / Decimal(str(revenue_rate)) ** steps).quantize(Decimal("0.01"))
    if figures.get("employees") is not None:
        figures["employees"] = round(figures["employees"] / employment_rate**steps)
