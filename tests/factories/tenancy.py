"""Factories for the tenancy models: users, organisations, regions, fields, notifications."""

import factory
from django.contrib.auth import get_user_model

from tenancy.models import (
    ExpertProfile,
    IndustryField,
    Membership,
    Notification,
    NotificationRead,
    Organisation,
    Region,
)

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


class RegionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Region
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"{990000 + n % 10000:06d}")
    name = factory.Sequence(lambda n: f"测试市{n}")
    name_en = factory.Sequence(lambda n: f"Test City {n}")
    level = Region.Level.PREFECTURE


class IndustryFieldFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = IndustryField
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"test_field_{n}")
    name = factory.Sequence(lambda n: f"测试领域{n}")
    name_en = factory.Sequence(lambda n: f"Test field {n}")


class NotificationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Notification

    organisation = factory.SubFactory(OrganisationFactory)
    kind = "entries.eligible"
    params = factory.LazyFunction(lambda: {"cluster": "南京智能电网装备集群", "round": "初赛"})


class NotificationReadFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = NotificationRead

    notification = factory.SubFactory(NotificationFactory)
    user = factory.SubFactory(UserFactory)


def api_key_for(user, name="test"):
    """A new API token of `user`, its key returned. It counts as just used, so a test's first request does not stamp
    `last_used` (an UPDATE that query counts would otherwise see)."""
    from django.utils import timezone

    from tenancy.accounts.services import api_token_create
    from tenancy.models import ApiToken

    token, key = api_token_create(user=user, name=name)
    ApiToken.objects.filter(pk=token.pk).update(last_used=timezone.now())
    return key
