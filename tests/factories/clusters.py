"""Factories for the cluster models: profiles, members, imports, networks, observations."""

import factory

from clusters.models import (
    ChainCategory,
    ChainLink,
    Cluster,
    ClusterRegion,
    Collaboration,
    ImportJob,
    Indicator,
    Member,
    MemberFigure,
    MemberYear,
    Milestone,
    NetworkAnalysis,
)

from .tenancy import IndustryFieldFactory, OrganisationFactory


class ClusterFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Cluster
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"集群{n}")
    name_en = factory.Sequence(lambda n: f"Cluster {n}")
    field_id = "high_end_equipment"
    promotion_body = factory.SubFactory(OrganisationFactory)
    tier = Cluster.Tier.NATIONAL

    @factory.post_generation
    def region_codes(self, create, extracted, **kwargs):
        for position, code in enumerate(extracted or [self.promotion_body.region_id]):
            ClusterRegion.objects.create(cluster=self, region_id=code, position=position)


def indicator(code):
    """An indicator of the shipped catalogue (reloaded if a transactional test flushed the migration's rows)."""
    from clusters.models import Indicator

    found = Indicator.objects.filter(code=code).first()
    if found is None:
        import importlib

        from django.apps import apps

        importlib.import_module("clusters.migrations.0003_indicator_catalogue").load(apps, None)
        found = Indicator.objects.get(code=code)
    return found


class ObservationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "clusters.Observation"

    cluster = factory.SubFactory(ClusterFactory)
    indicator = factory.LazyFunction(lambda: indicator("revenue"))
    year = factory.Sequence(lambda n: 2000 + n % 25)
    value = "100.5"
    source = "统计年鉴"
    status = "verified"  # what monitoring and competitions read; pass status="draft" for one the body may edit


def credit_code(n: int, region: str = "320100") -> str:
    """A valid unified social credit code (GB 32100 check digit) for the n-th test member."""
    from stdnum.cn import uscc

    body = f"91{region}{n:09d}"
    return body + uscc.calc_check_digit(body)


class ChainCategoryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ChainCategory

    field = factory.SubFactory(IndustryFieldFactory)
    code = factory.Sequence(lambda n: f"category-{n}")
    name = factory.Sequence(lambda n: f"环节类别{n}")
    name_en = factory.Sequence(lambda n: f"Chain category {n}")
    segment = ChainLink.Segment.MIDSTREAM
    position = factory.Sequence(lambda n: n)


class ChainLinkFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ChainLink

    cluster = factory.SubFactory(ClusterFactory)
    name = factory.Sequence(lambda n: f"环节{n}")
    segment = ChainLink.Segment.MIDSTREAM
    position = factory.Sequence(lambda n: n)


class MemberFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Member

    cluster = factory.SubFactory(ClusterFactory)
    name = factory.Sequence(lambda n: f"成员企业{n}")
    name_en = factory.Sequence(lambda n: f"Member {n}")
    credit_code = factory.Sequence(credit_code)
    region_id = "320100"


class MemberYearFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = MemberYear

    member = factory.SubFactory(MemberFactory)
    cluster = factory.SelfAttribute("member.cluster")
    year = 2024
    revenue = "52000.00"
    employees = 310


class CollaborationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Collaboration

    cluster = factory.SubFactory(ClusterFactory)
    source = factory.SubFactory(MemberFactory, cluster=factory.SelfAttribute("..cluster"))
    target = factory.SubFactory(MemberFactory, cluster=factory.SelfAttribute("..cluster"))
    kind = Collaboration.Kind.SUPPLY
    year = 2024


class ClusterRegionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ClusterRegion

    cluster = factory.SubFactory(ClusterFactory)
    region_id = "320200"
    position = 1


class MilestoneFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Milestone

    cluster = factory.SubFactory(ClusterFactory)
    year = factory.Sequence(lambda n: 2020 + n % 5)
    kind = Milestone.Kind.LEADING_ENTERPRISE
    title = "龙头企业落户"


class ImportJobFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ImportJob

    cluster = factory.SubFactory(ClusterFactory)
    kind = ImportJob.Kind.MEMBERS
    file = factory.django.FileField(filename="members.csv", data=b"name,credit_code\n")
    original_name = "成员企业名单.csv"


class IndicatorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Indicator
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"test-indicator-{n}")
    name = factory.Sequence(lambda n: f"测试指标{n}")
    name_en = factory.Sequence(lambda n: f"Test indicator {n}")
    category = Indicator.Category.SCALE


class NetworkAnalysisFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = NetworkAnalysis

    cluster = factory.SubFactory(ClusterFactory)


class MemberFigureFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = MemberFigure

    analysis = factory.SubFactory(NetworkAnalysisFactory)
    member = factory.SubFactory(MemberFactory, cluster=factory.SelfAttribute("..analysis.cluster"))
    degree = 3
    betweenness = 0.25
    pagerank = 0.1
    community = 1
