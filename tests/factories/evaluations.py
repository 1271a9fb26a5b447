"""Factories for the evaluation models: competitions, entries, review, runs and public notices."""

import datetime
from decimal import Decimal

import factory

from evaluations.models import (
    Assignment,
    ClaimedValue,
    Competition,
    ConflictDeclaration,
    Criterion,
    Designation,
    Endorsement,
    EvaluationRun,
    Objection,
    PublicNotice,
    Result,
    Review,
    ReviewChange,
    ReviewScore,
    Round,
    Submission,
    SubmissionEvent,
    SubmissionVersion,
    Track,
)

from .clusters import ClusterFactory
from .tenancy import ExpertProfileFactory, OrganisationFactory, UserFactory


def _at(month, day):
    return datetime.datetime(2024, month, day, 9, 0, tzinfo=datetime.UTC)


class CompetitionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Competition

    year = factory.Sequence(lambda n: 2020 + n % 5)
    name = factory.Sequence(lambda n: f"先进制造业集群竞赛{n}")


class TrackFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Track

    competition = factory.SubFactory(CompetitionFactory)
    field_id = "high_end_equipment"


class RoundFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Round

    competition = factory.SubFactory(CompetitionFactory)
    name = "初赛"
    position = 1
    submission_opens = factory.LazyFunction(lambda: _at(3, 1))
    submission_closes = factory.LazyFunction(lambda: _at(4, 30))
    review_opens = factory.LazyFunction(lambda: _at(5, 10))
    review_closes = factory.LazyFunction(lambda: _at(6, 10))


class CriterionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Criterion

    round = factory.SubFactory(RoundFactory)
    name = factory.Sequence(lambda n: f"协同创新能力{n}")
    kind = Criterion.Kind.EXPERT
    weight = Decimal("20")
    dimension = "technology_diffusion"


class SubmissionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Submission

    round = factory.SubFactory(RoundFactory)
    track = factory.SubFactory(TrackFactory, competition=factory.SelfAttribute("..round.competition"))
    cluster = factory.SubFactory(ClusterFactory)


class ClaimedValueFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ClaimedValue

    submission = factory.SubFactory(SubmissionFactory)
    criterion = factory.SubFactory(CriterionFactory, round=factory.SelfAttribute("..submission.round"))
    value = Decimal("1250.5")


class SubmissionVersionFactory(factory.django.DjangoModelFactory):
    """A frozen snapshot of an entry; numbers run per entry, so each default entry gets version 1."""

    class Meta:
        model = SubmissionVersion

    submission = factory.SubFactory(SubmissionFactory)
    number = 1
    snapshot = factory.LazyAttribute(lambda v: {"cluster": v.submission.cluster.name, "claims": []})
    created = factory.LazyFunction(lambda: _at(4, 20))
    created_by = factory.SubFactory(UserFactory)


class EndorsementFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Endorsement

    submission = factory.SubFactory(SubmissionFactory)
    version = factory.SubFactory(SubmissionVersionFactory, submission=factory.SelfAttribute("..submission"))
    organisation = factory.SubFactory(OrganisationFactory, kind="local")


class SubmissionEventFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SubmissionEvent

    submission = factory.SubFactory(SubmissionFactory)
    action = SubmissionEvent.Action.CREATED
    to_status = Submission.Status.DRAFT
    created = factory.LazyFunction(lambda: _at(3, 5))


class EvaluationRunFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = EvaluationRun

    round = factory.SubFactory(RoundFactory)


class ResultFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Result

    run = factory.SubFactory(EvaluationRunFactory)
    submission = factory.SubFactory(SubmissionFactory, round=factory.SelfAttribute("..run.round"))
    track = factory.SelfAttribute("submission.track")
    expert_score = Decimal("80.00")
    indicator_score = Decimal("70.00")
    total = Decimal("76.00")
    breakdown = factory.LazyFunction(lambda: {"expert": "80.00", "indicator": "70.00", "total": "76.00"})
    rank = 1


class PublicNoticeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PublicNotice

    run = factory.SubFactory(EvaluationRunFactory)
    title = "先进制造业集群竞赛初赛结果公示"


class DesignationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Designation

    notice = factory.SubFactory(PublicNoticeFactory, status=PublicNotice.Status.FINAL)
    competition = factory.SelfAttribute("notice.run.round.competition")
    submission = factory.SubFactory(SubmissionFactory, round=factory.SelfAttribute("..notice.run.round"))
    cluster = factory.SelfAttribute("submission.cluster")
    tier_before = "provincial"
    designated_at = factory.LazyFunction(lambda: _at(7, 1))


class ObjectionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Objection

    notice = factory.SubFactory(PublicNoticeFactory)
    name = "张伟"
    contact = "13800138000"
    text = "对公示结果中的指标数据有异议，请予复核。"


class ConflictDeclarationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ConflictDeclaration

    expert = factory.SubFactory(ExpertProfileFactory)
    cluster = factory.SubFactory(ClusterFactory)
    reason = "曾担任该集群促进机构顾问"


class AssignmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Assignment

    submission = factory.SubFactory(SubmissionFactory)
    expert = factory.SubFactory(ExpertProfileFactory)


class ReviewFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Review

    assignment = factory.SubFactory(AssignmentFactory)


class ReviewScoreFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ReviewScore

    review = factory.SubFactory(ReviewFactory)
    criterion = factory.SubFactory(
        CriterionFactory, round=factory.SelfAttribute("..review.assignment.submission.round")
    )
    score = Decimal("8.5")


class ReviewChangeFactory(factory.django.DjangoModelFactory):
    """A change of one score of a review, from nothing to 80."""

    class Meta:
        model = ReviewChange

    review = factory.SubFactory(ReviewFactory)
    submission = factory.SelfAttribute("review.assignment.submission")
    expert = factory.SelfAttribute("review.assignment.expert")
    criterion = factory.SubFactory(CriterionFactory, round=factory.SelfAttribute("..submission.round"))
    actor = factory.SelfAttribute("expert.user")
    created = factory.LazyFunction(lambda: datetime.datetime.now(datetime.UTC))
    new_score = Decimal("80")
