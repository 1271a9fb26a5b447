"""Builders for the winners tests (tests/test_winners.py): a competition whose final result designates its winners.

`contest(world, rounds=1)`: a published competition (2024, "Test competition"; tracks: high-end equipment, NGIT) whose
round `rounds` is evaluated (top 1 per track advances), with three eligible entries:
- "provincial": a provincial-tier cluster of the Nanjing body (Jiangsu), endorsed by Jiangsu — first in high-end
  equipment, it advances;
- "cultivating": a cultivating-tier cluster of the Shenzhen body (Guangdong), endorsed by Guangdong — second, it does
  not advance;
- "national": the world's Shenzhen cluster (already national-level) — alone in NGIT, it advances.
Two experts review the first two entries (with written comments), the first expert the third; a third expert's
draft review and a recused expert's submitted review of the "provincial" entry do not count. With `rounds=2` the
competition has a later round, so the evaluated round is not the last.
"""

from datetime import timedelta

from django.utils import timezone

from clusters.models import Cluster
from evaluations.competitions import services as competition_services
from evaluations.models import Assignment, Endorsement, Review
from evaluations.notice import services as notice_services

from ..factories import ClusterFactory, EndorsementFactory, ExpertProfileFactory, UserFactory
from .runs import add_entry, add_review, criteria_of, expert_criterion, indicator_criterion, make_round, run_now

EXPERTS = [("t-expert-zhang", "张", "明远"), ("t-expert-li", "李", "思齐"), ("t-expert-wang", "王", "德华")]
RECUSED_EXPERT = ("t-expert-zhao", "赵", "立新")
COMMENTS = {
    ("provincial", 0): "产业链协同较好，建议加强共性技术平台的研发投入。",
    ("provincial", 1): "龙头企业带动作用明显，配套率仍有提升空间。",
    ("cultivating", 0): "集群规模偏小，跨区域协作不足。",
    ("cultivating", 1): "",
    ("national", 0): "信息通信产业基础雄厚。",
}
DRAFT_COMMENT = "草稿意见，尚未提交。"
RECUSED_COMMENT = "回避专家的意见，不应计入。"


def _expert(username, family, given):
    user = UserFactory(username=username, first_name=given, last_name=family)
    return ExpertProfileFactory(user=user)


def _later_round(competition, *, by):
    now = timezone.now()
    round_ = competition_services.round_create(
        competition=competition,
        by=by,
        position=2,
        name="决赛",
        name_en="Final round",
        submission_opens=now + timedelta(days=40),
        submission_closes=now + timedelta(days=50),
        review_opens=now + timedelta(days=55),
        review_closes=now + timedelta(days=60),
        advancement_rule="top_n",
        advance_top_n=1,
    )
    competition_services.rubric_replace(
        round=round_,
        criteria=[expert_criterion("综合评价", 60), indicator_criterion("营业收入", 40, "revenue")],
        by=by,
    )
    return round_


def contest(world, *, rounds=1):
    """The competition, its entries, experts and reviews, and the notice of the evaluated round's run, closed and
    ready to be finalised (see the module docstring)."""
    round_ = make_round(by=world.ministry, name="2024年先进制造业集群竞赛（决赛测试）", top_n=1)
    competition = round_.competition
    if rounds == 2:
        _later_round(competition, by=world.ministry)
    expert_c, revenue = criteria_of(round_)
    clusters = {
        "provincial": ClusterFactory(
            name="南京新能源汽车候选集群",
            name_en="Nanjing NEV candidate cluster",
            promotion_body=world.orgs["nanjing_body"],
            region_codes=["320100"],
            tier=Cluster.Tier.PROVINCIAL,
        ),
        "cultivating": ClusterFactory(
            name="深圳智能装备培育集群",
            name_en="Shenzhen smart equipment cluster",
            promotion_body=world.orgs["shenzhen_body"],
            region_codes=["440300"],
            tier=Cluster.Tier.CULTIVATING,
        ),
        "national": world.shenzhen_cluster,
    }
    claims = {"provincial": 1200, "cultivating": 800, "national": 1000}
    entries = {
        name: add_entry(round_, cluster=cluster, claims={revenue: claims[name]}) for name, cluster in clusters.items()
    }
    governments = {"provincial": world.orgs["jiangsu"], "cultivating": world.orgs["guangdong"]}
    for name, organisation in governments.items():
        EndorsementFactory(submission=entries[name], organisation=organisation, decision=Endorsement.Decision.ENDORSED)
    experts = [_expert(*names) for names in EXPERTS]
    scores = {("provincial", 0): 85, ("provincial", 1): 90, ("cultivating", 0): 60, ("cultivating", 1): 70}
    scores[("national", 0)] = 75
    reviews = {}
    for (name, index), score in scores.items():
        review = add_review(entries[name], experts[index], {expert_c: score})
        Review._base_manager.filter(pk=review.pk).update(comments=COMMENTS[(name, index)])
        reviews[(name, index)] = review
    add_review(entries["provincial"], experts[2], {expert_c: 10}, status=Review.Status.DRAFT)
    Review._base_manager.filter(assignment__expert=experts[2]).update(comments=DRAFT_COMMENT)
    recused = _expert(*RECUSED_EXPERT)
    add_review(entries["provincial"], recused, {expert_c: 5}, assignment=Assignment.Status.RECUSED)
    Review._base_manager.filter(assignment__expert=recused).update(comments=RECUSED_COMMENT)
    run = run_now(round_, by=world.ministry)
    notice = notice_services.notice_create(
        run=run, by=world.ministry, title="2024年先进制造业集群竞赛结果公示", title_en="Results of the 2024 competition"
    )
    notice_services.notice_publish(notice=notice, by=world.ministry, days=5, now=timezone.now() - timedelta(days=10))
    notice.refresh_from_db()
    results = {name: run.results.get(submission=entry) for name, entry in entries.items()}
    return {
        "competition": competition,
        "round": round_,
        "run": run,
        "notice": notice,
        "clusters": clusters,
        "entries": entries,
        "results": results,
        "experts": [*experts, recused],
        "reviews": reviews,
    }


def finalised(world, *, rounds=1):
    """`contest` with its notice's final result published by the ministry."""
    built = contest(world, rounds=rounds)
    notice_services.notice_finalise(notice=built["notice"], by=world.ministry)
    built["notice"].refresh_from_db()
    built["competition"].refresh_from_db()
    for cluster in built["clusters"].values():
        cluster.refresh_from_db()
    return built


def closed_contest(world):
    """`finalised(world)` built once per world (the matrix cases of tests/matrix/winners.py)."""
    cache = world.__dict__.setdefault("_winners", {})
    if "closed" not in cache:
        cache["closed"] = finalised(world)
    return cache["closed"]
