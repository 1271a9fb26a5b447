"""Builders for the lifecycle tests and matrix cases (tests/test_lifecycle.py, tests/matrix/lifecycle.py): a
competition of two rounds whose first round has been ranked and whose second round is open for entries.

`ranked(world)`:
- first round (closed): the eligible entries of the Nanjing cluster (advanced), the Shenzhen cluster (advanced) and
  the Wuxi cluster (did not advance), ranked by a succeeded run; rubric: an expert criterion, revenue and little
  giants (indicators);
- second round (open): an expert criterion, revenue (an indicator both rounds ask for) and R&D intensity (new).
"""

from datetime import timedelta
from decimal import Decimal

from django.utils import timezone

from evaluations.competitions import services as competition_services
from evaluations.entries import services
from evaluations.models import EvaluationRun, Result, Round

from ..factories import indicator
from .competitions import fill, make_competition
from .runs import expert_criterion, indicator_criterion

ADVANCED = {"nanjing": True, "shenzhen": True, "wuxi": False}


def two_rounds(world, *, name="两轮竞赛（测试）", **rules):
    """A published competition with an open first round and a second round open for entries as well."""
    now = timezone.now()
    competition, first = make_competition(by=world.ministry, name=name, publish=False, **rules)
    competition_services.rubric_replace(
        round=first,
        criteria=[
            expert_criterion("集群发展质量", 40),
            indicator_criterion("营业收入", 40, "revenue"),
            indicator_criterion("专精特新小巨人", 20, "little_giants"),
        ],
        by=world.ministry,
    )
    second = competition_services.round_create(
        competition=competition,
        by=world.ministry,
        name="综合赛",
        name_en="Final round",
        submission_opens=now - timedelta(days=5),
        submission_closes=now + timedelta(days=10),
        review_opens=now + timedelta(days=20),
        review_closes=now + timedelta(days=30),
        advancement_rule="top_n",
        advance_top_n=1,
    )
    competition_services.rubric_replace(
        round=second,
        criteria=[
            expert_criterion("答辩综合表现", 50),
            indicator_criterion("营业收入", 30, "revenue"),
            indicator_criterion("研发投入强度", 20, "rd_intensity"),
        ],
        by=world.ministry,
    )
    competition_services.competition_publish(competition=competition, by=world.ministry)
    return competition, first, second


def eligible_entry(round_, cluster, *, body, government, ministry):
    """An entry taken through the whole path to eligible (the first round's window is open)."""
    submission = fill(services.submission_create(round=round_, cluster=cluster, by=body), by=body)
    services.submission_submit(submission=submission, by=body)
    services.submission_endorse(submission=submission, by=government)
    services.submission_mark_eligible(submission=submission, by=ministry)
    submission.refresh_from_db()
    return submission


def close_round(round_):
    """Move the round's windows into the past (its entries are frozen, its review is over)."""
    now = timezone.now()
    Round._base_manager.filter(pk=round_.pk).update(
        submission_opens=now - timedelta(days=60),
        submission_closes=now - timedelta(days=40),
        review_opens=now - timedelta(days=39),
        review_closes=now - timedelta(days=30),
    )
    round_.refresh_from_db()


def add_run(round_, entries, *, advanced, by, finished=None):
    """A succeeded run of the round with a result per entry; `advanced` names the entries that advanced."""
    run = EvaluationRun._base_manager.create(
        round=round_,
        status=EvaluationRun.Status.SUCCEEDED,
        progress=100,
        created_by=by,
        finished=finished or timezone.now(),
        digest="0" * 64,
    )
    for rank, (name, submission) in enumerate(entries.items(), start=1):
        Result._base_manager.create(
            run=run,
            submission=submission,
            track=submission.track,
            expert_score=Decimal("80"),
            indicator_score=Decimal("70"),
            total=Decimal(90 - rank),
            rank=rank,
            advanced=name in advanced,
            breakdown={},
        )
    return run


def ranked(world, *, name="两轮竞赛（测试）"):
    """The competition of the module's docstring, built once per world and name."""
    cache = world.__dict__.setdefault("_ranked", {})
    if name in cache:
        return cache[name]
    competition, first, second = two_rounds(world, name=name)
    first_entries = {
        "nanjing": eligible_entry(
            first, world.nanjing_cluster, body=world.nanjing_body, government=world.jiangsu, ministry=world.ministry
        ),
        "shenzhen": eligible_entry(
            first,
            world.shenzhen_cluster,
            body=world.shenzhen_body,
            government=world.guangdong,
            ministry=world.ministry,
        ),
        "wuxi": eligible_entry(first, world.wuxi_cluster, body=None, government=world.jiangsu, ministry=world.ministry),
    }
    close_round(first)
    run = add_run(first, first_entries, advanced={n for n, a in ADVANCED.items() if a}, by=world.ministry)
    indicator("rd_intensity")
    cache[name] = {"competition": competition, "first": first, "second": second, "run": run, **first_entries}
    return cache[name]
