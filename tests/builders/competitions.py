"""Builders for the competitions tests and the competitions matrix cases (tests/matrix/competitions.py)."""

from datetime import timedelta

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from evaluations.competitions import services as competition_services
from evaluations.entries import services
from evaluations.models import SECTION_KEYS, Criterion, Dimension

from ..factories import indicator

PDF = b"%PDF-1.4\n% claimed value evidence\n%%EOF\n"


def pdf(name="evidence.pdf", content=PDF):
    return SimpleUploadedFile(name, content, content_type="application/pdf")


ALL_TIERS = ["cultivating", "provincial", "national", "world_class"]


def make_competition(
    *, by, name="2024年先进制造业集群竞赛（测试）", publish=True, now=None, fields=None, entry_tiers=None, **rules
):
    """A competition with two tracks and one round whose submission window is open at `now`. The cast's clusters
    are mostly national-level, so every tier may enter unless `entry_tiers` says otherwise; `rules` are the other
    entry rules (province_quota, province_quotas)."""
    from tenancy.models import IndustryField

    now = now or timezone.now()
    codes = fields or ["high_end_equipment", "ngit"]
    competition = competition_services.competition_create(
        year=2024,
        name=name,
        name_en="Test competition",
        fields=[IndustryField.objects.get(pk=code) for code in codes],
        entry_tiers=ALL_TIERS if entry_tiers is None else entry_tiers,
        by=by,
        **rules,
    )
    round_ = competition_services.round_create(
        competition=competition,
        by=by,
        name="小组赛",
        name_en="Group round",
        submission_opens=now - timedelta(days=10),
        submission_closes=now + timedelta(days=10),
        review_opens=now + timedelta(days=20),
        review_closes=now + timedelta(days=30),
        advancement_rule="top_n",
        advance_top_n=3,
    )
    competition_services.rubric_replace(
        round=round_,
        criteria=[
            {
                "name": "集群发展质量",
                "kind": Criterion.Kind.EXPERT,
                "weight": 60,
                "max_score": 100,
                "dimension": Dimension.DIVISION_OF_LABOUR,
            },
            {
                "name": "营业收入",
                "kind": Criterion.Kind.INDICATOR,
                "weight": 40,
                "max_score": 100,
                "indicator": indicator("revenue"),
                "dimension": Dimension.RESOURCE_ENDOWMENT,
            },
        ],
        by=by,
    )
    if publish:
        competition_services.competition_publish(competition=competition, by=by)
    competition.refresh_from_db()
    return competition, round_


def fill(submission, *, by):
    """Write every section and claim every indicator value with its evidence."""
    submission.refresh_from_db()
    services.submission_save_draft(
        submission=submission,
        sections={key: f"{key}：集群的情况说明。" for key in SECTION_KEYS},
        revision=submission.revision,
        by=by,
    )
    for criterion in Criterion.objects.filter(round=submission.round, kind=Criterion.Kind.INDICATOR):
        value = "1200" if criterion.indicator.is_count else "1200.5"  # a count is claimed whole
        services.claimed_value_set(submission=submission, criterion=criterion, value=value, evidence=pdf(), by=by)
    submission.refresh_from_db()
    return submission


ENTRY_OWNERS = {
    "draft:nanjing": ("nanjing_cluster", "nanjing_body"),
    "submitted:cross": ("cross_cluster", "shenzhen_body"),
    "submitted:shenzhen": ("shenzhen_cluster", "shenzhen_body"),
    "endorsed:wuxi": ("wuxi_cluster", None),
}


def entries(world, *names):
    """The competition of the world and the named entries (all four when none is named; see the module's
    docstring). Built once per world; a case builds only the entry it needs."""
    cache = getattr(world, "_competition_entries", None)
    if cache is None:
        competition, round_ = make_competition(by=world.ministry)
        cache = world._competition_entries = {"competition": competition, "round": round_}
    for name in names or ENTRY_OWNERS:
        if name in cache:
            continue
        cluster_name, owner = ENTRY_OWNERS[name]
        by = world.user(owner) if owner else None
        submission = fill(
            services.submission_create(round=cache["round"], cluster=world.clusters[cluster_name], by=by), by=by
        )
        if not name.startswith("draft"):
            services.submission_submit(submission=submission, by=by)
        if name.startswith("endorsed"):
            services.submission_endorse(submission=submission, by=world.jiangsu)
        submission.refresh_from_db()
        cache[name] = submission
    return cache


# DESIGN §2: who reads which entry.
READS = {
    "ministry": {"submitted:cross", "submitted:shenzhen", "endorsed:wuxi"},
    "jiangsu": {"submitted:cross", "endorsed:wuxi"},
    "guangdong": {"submitted:cross", "submitted:shenzhen"},
    "nanjing_body": {"draft:nanjing"},
    "nanjing_viewer": {"draft:nanjing"},
    "shenzhen_body": {"submitted:cross", "submitted:shenzhen"},
    "expert": set(),
}


RUBRIC = {
    "criteria": [
        {"name": "协作网络", "kind": "expert", "weight": 70, "dimension": "division_of_labour"},
        {
            "name": "营业收入",
            "kind": "indicator",
            "weight": 30,
            "indicator": "revenue",
            "dimension": "resource_endowment",
        },
    ]
}
