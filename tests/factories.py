import factory
from django.contrib.auth import get_user_model

from clusters.models import ChainLink, Cluster, ClusterRegion, Collaboration, Member
from tenancy.models import ExpertProfile, Membership, Organisation

PASSWORD = "cluster-test-pass"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.cn")

    @factory.post_generation
    def password(self, create, extracted, **kwargs):
        self.set_password(extracted or PASSWORD)
        if create:
            self.save(update_fields=["password"])


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation

    kind = Organisation.Kind.CLUSTER_BODY
    slug = factory.Sequence(lambda n: f"org-{n}")
    name = factory.Sequence(lambda n: f"组织{n}")
    name_en = factory.Sequence(lambda n: f"Organisation {n}")
    region_id = "320100"


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    organisation = factory.SubFactory(OrganisationFactory)
    role = Membership.Role.ADMIN


class ExpertProfileFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ExpertProfile

    user = factory.SubFactory(UserFactory)
    affiliation = "东南大学"
    region_id = "110100"
    is_eligible = True


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


def credit_code(n: int, region: str = "320100") -> str:
    """A valid unified social credit code (GB 32100 check digit) for the n-th test member."""
    from stdnum.cn import uscc

    body = f"91{region}{n:09d}"
    return body + uscc.calc_check_digit(body)


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


class CollaborationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Collaboration

    cluster = factory.SubFactory(ClusterFactory)
    source = factory.SubFactory(MemberFactory, cluster=factory.SelfAttribute("..cluster"))
    target = factory.SubFactory(MemberFactory, cluster=factory.SelfAttribute("..cluster"))
    kind = Collaboration.Kind.SUPPLY
    year = 2024
