"""Builders for the blind review tests: a round of two entries assigned to the cast's expert, whose clusters, promotion
bodies, cities and members carry names found nowhere else, written into every text an entrant writes.

- entry A, the cluster "珀蓝市量子织机产业集群" (Pollanby Quantum Loom Cluster) of the promotion body "鹭洲织造促进会"
  (Heronmere Weaving Council) in the district 翠屿区 (Cuiyu District) of the city 珀蓝市 (Pollanby City), with three
  members, one of whose names is inside another's; the expert has a draft review of it;
- entry B, the cluster "雁栖湖光纤产业集群" (Wildgoose Fibre Cluster) of "苍梧光电推进办公室" (Cangwu Photonics
  Office) in 栖霞湾市 (Qixiawan City); the ministry declared a conflict of the expert with it, naming it in the
  reason, so the expert's assignment to it is recused.

Both entries were written, submitted, endorsed by Jiangsu and declared eligible; the round's review window is open.
`blind` sets the round's `blind_review`.
"""

from datetime import timedelta
from decimal import Decimal

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from clusters.models import Cluster
from evaluations.entries import services
from evaluations.models import SECTION_KEYS, Criterion, Round
from evaluations.review import services as review_services
from tenancy.models import Membership, Organisation, Region

from ..factories import (
    ClusterFactory,
    MemberFactory,
    MembershipFactory,
    OrganisationFactory,
    RegionFactory,
    UserFactory,
    credit_code,
)
from .competitions import PDF, make_competition

A = {
    "city": ("珀蓝市", "Pollanby City", "329900"),
    "district": ("翠屿区", "Cuiyu District", "329901"),
    "body": ("鹭洲织造促进会", "Heronmere Weaving Council", "t-heronmere"),
    "cluster": ("珀蓝市量子织机产业集群", "Pollanby Quantum Loom Cluster"),
    "members": [
        ("翡翠梭子科技有限公司", "Jadeshuttle Technology Co., Ltd."),
        ("翡翠梭子", "Jadeshuttle"),
        ("织光研究院", "Loomlight Institute"),
    ],
}
B = {
    "city": ("栖霞湾市", "Qixiawan City", "329800"),
    "district": None,
    "body": ("苍梧光电推进办公室", "Cangwu Photonics Office", "t-cangwu"),
    "cluster": ("雁栖湖光纤产业集群", "Wildgoose Fibre Cluster"),
    "members": [("雁翎光纤股份有限公司", "Goosefeather Fibre Corp.")],
}


def names_of(spec) -> list[str]:
    """Every name of the spec an expert of a blind round must never read: the names as given and their distinctive
    parts (a short form of a member's or a city's name is enough to identify it)."""
    found = [*spec["cluster"], *spec["body"], *spec["city"][:2]]
    if spec["district"]:
        found += spec["district"][:2]
    for name, name_en in spec["members"]:
        found += [name, name_en]
    found += [spec["city"][0][:-1], spec["city"][1].split()[0]]  # 珀蓝, Pollanby
    return found


NAMES = names_of(A) + names_of(B)


def narrative(spec) -> dict:
    cluster, cluster_en = spec["cluster"]
    body, body_en, _slug = spec["body"]
    city, city_en, _code = spec["city"]
    member, member_en = spec["members"][0]
    return {
        key: f"{key}：{cluster}（{cluster_en}）由{body}（{body_en}）推进，位于{city}（{city_en}，{city[:-1]}），"
        f"龙头企业{member}（{member_en}）。"
        for key in SECTION_KEYS
    }


def _place(spec):
    city, city_en, code = spec["city"]
    RegionFactory(code=code, name=city, name_en=city_en, level=Region.Level.PREFECTURE, parent_id="320000")
    if spec["district"] is None:
        return code
    district, district_en, district_code = spec["district"]
    RegionFactory(code=district_code, name=district, name_en=district_en, level=Region.Level.COUNTY, parent_id=code)
    return district_code


def _entry(world, round_, spec, number):
    region = _place(spec)
    name, name_en, slug = spec["body"]
    body = OrganisationFactory(
        kind=Organisation.Kind.CLUSTER_BODY,
        slug=slug,
        name=name,
        name_en=name_en,
        region_id=region,
        parent=world.orgs["jiangsu"],
    )
    editor = MembershipFactory(
        user=UserFactory(username=f"t-blind-body-{number}"), organisation=body, role=Membership.Role.ADMIN
    ).user
    cluster = ClusterFactory(
        name=spec["cluster"][0],
        name_en=spec["cluster"][1],
        promotion_body=body,
        region_codes=[region],
        tier=Cluster.Tier.PROVINCIAL,
        is_public=False,
    )
    for index, (member, member_en) in enumerate(spec["members"]):
        MemberFactory(
            cluster=cluster,
            name=member,
            name_en=member_en,
            region_id=region,
            credit_code=credit_code(900 + 10 * number + index, "329900"),
        )
    submission = services.submission_create(round=round_, cluster=cluster, by=editor)
    services.submission_save_draft(submission=submission, sections=narrative(spec), revision=0, by=editor)
    city = spec["city"][0]
    for criterion in Criterion.objects.filter(round=round_, kind=Criterion.Kind.INDICATOR):
        services.claimed_value_set(
            submission=submission,
            criterion=criterion,
            value="1200.5",
            note=f"{city}统计局，{name}填报",
            evidence=SimpleUploadedFile(f"{name} {name_en} {city} 2024年报.pdf", PDF, content_type="application/pdf"),
            by=editor,
        )
    services.submission_submit(submission=submission, by=editor)
    services.submission_endorse(submission=submission, by=world.jiangsu)
    services.submission_mark_eligible(submission=submission, by=world.ministry)
    submission.refresh_from_db()
    return submission, editor


def blind_world(world, *, blind=True):
    cache = getattr(world, "_blind", None)
    if cache is not None:
        return cache
    competition, round_ = make_competition(by=world.ministry, name="2025年先进制造业集群竞赛（盲评测试）")
    entry_a, editor_a = _entry(world, round_, A, 1)
    entry_b, _editor_b = _entry(world, round_, B, 2)
    now = timezone.now()
    Round._base_manager.filter(pk=round_.pk).update(
        review_opens=now - timedelta(days=1), review_closes=now + timedelta(days=10), blind_review=blind
    )
    round_.refresh_from_db()
    criterion = Criterion.objects.get(round=round_, kind=Criterion.Kind.EXPERT)
    expert = world.expert.expert_profile
    assignment_a = review_services.assignment_add(submission=entry_a, expert=expert, by=world.ministry)
    assignment_b = review_services.assignment_add(submission=entry_b, expert=expert, by=world.ministry)
    review = review_services.review_save(
        assignment=assignment_a,
        scores={criterion.pk: Decimal("81")},
        comments="叙述清楚，指标可信。",
        by=world.expert,
    )
    declaration = review_services.conflict_declare(
        expert=expert,
        cluster=entry_b.cluster,
        reason=f"曾任{B['cluster'][0]}（{B['body'][0]}）顾问",
        by=world.ministry,
    )
    assignment_b.refresh_from_db()
    cache = world._blind = {
        "competition": competition,
        "round": round_,
        "criterion": criterion,
        "entry": entry_a,
        "other_entry": entry_b,
        "editor": editor_a,
        "assignment": assignment_a,
        "recused": assignment_b,
        "review": review,
        "declaration": declaration,
        "claim": entry_a.claimed_values.order_by("criterion__position", "pk").first(),
        "member": entry_a.cluster.members.order_by("pk").first(),
        "body": entry_a.cluster.promotion_body,
        "cluster": entry_a.cluster,
    }
    return cache
