"""An entry's claimed indicator values against the cluster's verified observations (issue 13).

A claim is compared with the verified observation of the same cluster, indicator and reference year (the
competition's year − 1, the year indicator criteria are scored on). It *differs* when it lies farther from the verified
value than `QUALITY_CLAIM_TOLERANCE` (a share of the verified value; any difference when that value is 0). The
comparison is shown beside the claim to whoever reads the entry, its assigned experts included, as numbers only (no
name, source or link: a blind review hides them), and the check `entry_claims` lists the differing claims on the
cluster's data-quality page.
"""

from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from clusters.models import Observation
from clusters.observations.selectors import format_value
from clusters.quality.registry import Check, Finding, percent
from evaluations.models import ClaimedValue, Criterion, Submission
from tenancy.scoping import unscoped


@dataclass
class ClaimCheck:
    year: int
    verified: Decimal | None  # None: no verified value of that year
    difference: Decimal | None = None  # claim − verified
    relative: Decimal | None = None  # difference / verified (None when verified is 0)
    differs: bool = False

    @property
    def display(self):
        sign = "+" if self.difference and self.difference > 0 else ""
        text = f"{sign}{format_value(self.difference)}"
        return f"{text} ({sign}{percent(round(float(self.relative), 4))})" if self.relative is not None else text


def reference_year(competition_year: int) -> int:
    return competition_year - 1


def compare(claimed: Decimal, verified: Decimal | None, year: int) -> ClaimCheck:
    if verified is None:
        return ClaimCheck(year=year, verified=None)
    difference = claimed - verified
    relative = difference / verified if verified else None
    tolerance = Decimal(str(settings.QUALITY_CLAIM_TOLERANCE))
    differs = abs(relative) > tolerance if relative is not None else difference != 0
    return ClaimCheck(year=year, verified=verified, difference=difference, relative=relative, differs=differs)


def claim_checks(*, submission, claims) -> dict[int, ClaimCheck]:
    """{claimed value id: its check} for `claims` of `submission` (one query). The caller may read the entry; the
    cluster's verified values are read past the viewer's scope, since an expert of a blind round may not open the
    cluster: a rule about the entry, the same whoever asks, and only numbers leave it."""
    claims = [c for c in claims if c.criterion.indicator_id]
    if not claims:
        return {}
    year = reference_year(submission.round.competition.year)
    verified = dict(
        unscoped(Observation)
        .filter(
            cluster_id=submission.cluster_id,
            indicator_id__in={c.criterion.indicator_id for c in claims},
            year=year,
            status=Observation.Status.VERIFIED,
        )
        .values_list("indicator_id", "value")
    )
    return {c.pk: compare(c.value, verified.get(c.criterion.indicator_id), year) for c in claims}


# The check of the data-quality page ---------------------------------------------------------------------------------


def entry_claims(*, clusters, year=None):
    """Claims of the entries the viewer may read that differ from the verified observation (two queries)."""
    ids = [c.pk for c in clusters]
    claims = (
        ClaimedValue.objects.filter(
            submission__cluster__in=ids,
            criterion__kind=Criterion.Kind.INDICATOR,
            criterion__indicator__isnull=False,
        )
        .exclude(submission__status=Submission.Status.WITHDRAWN)
        .select_related("submission__round__competition", "criterion__indicator")
        .order_by("submission__cluster_id", "submission_id", "criterion__position", "pk")
    )
    if year:
        claims = claims.filter(submission__round__competition__year=year + 1)
    claims = list(claims)
    if not claims:
        return
    verified = {
        (o.cluster_id, o.indicator_id, o.year): o
        for o in Observation.objects.filter(
            cluster__in=ids,
            indicator_id__in={c.criterion.indicator_id for c in claims},
            year__in={reference_year(c.submission.round.competition.year) for c in claims},
            status=Observation.Status.VERIFIED,
        )
    }
    for claim in claims:
        submission, indicator = claim.submission, claim.criterion.indicator
        ref = reference_year(submission.round.competition.year)
        observation = verified.get((submission.cluster_id, indicator.pk, ref))
        if observation is None:
            continue
        check = compare(claim.value, observation.value, ref)
        if not check.differs:
            continue
        yield Finding(
            check="entry_claims",
            cluster_id=submission.cluster_id,
            year=ref,
            subject=_("%(indicator)s claimed in %(round)s")
            % {"indicator": indicator.display_name, "round": submission.round},
            indicator=indicator.code,
            unit=indicator.unit,
            value=claim.value,
            compared_with=observation.value,
            message=_(
                "The entry claims %(claimed)s %(unit)s; the verified value of %(year)d is %(verified)s %(unit)s "
                "(%(difference)s)."
            )
            % {
                "claimed": format_value(claim.value),
                "verified": format_value(observation.value),
                "unit": indicator.unit,
                "year": ref,
                "difference": check.display,
            },
            observation_id=observation.pk,
            observation_status=observation.status,
            status_label=observation.get_status_display(),
            entry_id=submission.pk,
            url=reverse("entry-detail", args=[submission.pk]),
        )


ENTRY_CLAIMS = Check(
    code="entry_claims",
    name=gettext_lazy("Entry claims match verified values"),
    explanation=gettext_lazy(
        "A competition entry's claimed indicator value must lie within %(threshold)s of the cluster's verified "
        "observation of the reference year (the competition's year − 1)."
    ),
    run=entry_claims,
    order=40,
    setting="QUALITY_CLAIM_TOLERANCE",
    threshold_text=percent,
)
