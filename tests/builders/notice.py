"""Builders for the notice tests and the notice matrix cases (tests/matrix/notice.py)."""

from datetime import timedelta
from decimal import Decimal

from django.urls import reverse
from django.utils import timezone

from evaluations.competitions.selectors import published_run
from evaluations.models import EvaluationRun, Result
from evaluations.notice import services as notice_services

from .competitions import entries

BREAKDOWN = {
    "criteria": [
        {
            "criterion": "集群发展质量",
            "raw_mean": 81.5,
            "experts": [
                {"expert_id": 901, "expert_name": "专家甲", "raw": 80, "normalised": 0.42},
                {"expert_id": 902, "expert_name": "专家乙", "raw": 83, "normalised": 0.61},
            ],
        }
    ],
    "weighted_total": 78.25,
}


OBJECTION = {"name": "张三", "contact": "13812345678", "text": "该集群申报的营业收入数据与统计年鉴不符。"}


def make_run(world, *, status=EvaluationRun.Status.SUCCEEDED):
    """A run of the world's round with results written directly (the scoring engine is another part). Once a notice
    of the round is published, the round is frozen and a new run is a correction of the published result."""
    cache = entries(world, "draft:nanjing", "endorsed:wuxi", "submitted:shenzhen")
    corrected = published_run(cache["round"])
    run = EvaluationRun._base_manager.create(
        round=cache["round"],
        status=status,
        progress=100,
        created_by=world.ministry,
        digest="0" * 64,
        correction_of=corrected,
        correction_reason="异议核实后更正" if corrected else "",
    )
    rows = [
        ("draft:nanjing", 1, True, "88.5"),
        ("endorsed:wuxi", 2, False, "71.25"),
        ("submitted:shenzhen", 1, True, "90.75"),
    ]
    for name, rank, advanced, total in rows:
        submission = cache[name]
        Result._base_manager.create(
            run=run,
            submission=submission,
            track=submission.track,
            expert_score=Decimal(total),
            indicator_score=Decimal("70"),
            total=Decimal(total),
            rank=rank,
            advanced=advanced,
            breakdown={**BREAKDOWN, "entry": submission.pk},
        )
    return run


def notice_in(world, state):
    """A notice in `state` (draft, open, closed, final), built once per world."""
    cache = world.__dict__.setdefault("_notices", {})
    if state in cache:
        return cache[state]
    run = make_run(world)
    notice = notice_services.notice_create(
        run=run, by=world.ministry, title=f"2024年先进制造业集群竞赛拟入选名单公示（{state}）", title_en="Notice"
    )
    now = timezone.now()
    if state == "open":
        notice_services.notice_publish(notice=notice, by=world.ministry, now=now)
    elif state in ("closed", "final"):
        notice_services.notice_publish(notice=notice, by=world.ministry, days=5, now=now - timedelta(days=10))
        if state == "final":
            notice_services.notice_finalise(notice=notice, by=world.ministry, now=now)
    notice.refresh_from_db()
    cache[state] = notice
    return notice


def objection_in(world):
    """An objection (lodged) against the open notice."""
    cache = world.__dict__.setdefault("_notices", {})
    if "objection" not in cache:
        notice = notice_in(world, "open")
        cache["objection"] = notice_services.objection_lodge(notice=notice, **OBJECTION)
    return cache["objection"]


def result_of(world, state, entry):
    notice = notice_in(world, state)
    submission = entries(world, entry)[entry]
    return Result._base_manager.get(run_id=notice.run_id, submission=submission)


HANDLING = {
    "handling": "经核查，营业收入数据来源于统计部门，与年鉴一致。",
    "answer": "经核查，申报数据属实，异议不成立。",
}


def lodge_api(client, notice, *, ip="10.0.0.1", language="zh-hans", **changes):
    return client.post(
        reverse("api:notice-objections", args=[notice.pk]),
        {**OBJECTION, **changes},
        format="json",
        REMOTE_ADDR=ip,
        HTTP_ACCEPT_LANGUAGE=language,
    )


def error_fields(response):
    return response.json()["error"]["fields"]
