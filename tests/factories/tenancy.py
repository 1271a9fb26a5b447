"""Factories for the tenancy models: users, organisations, regions, fields, notifications."""

from datetime import timedelta

import factory
from django.contrib.auth import get_user_model
from django.utils import timezone

from tenancy.exports.models import ExportJob
from tenancy.invitations.models import key_digest
from tenancy.models import (
    ApiToken,
    ExpertProfile,
    IndustryField,
    Invitation,
    MailPreference,
    Membership,
    Notification,
    NotificationRead,
    OnboardingImport,
    Organisation,
    OutgoingMail,
    Region,
    Reminder,
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


class InvitationFactory(factory.django.DjangoModelFactory):
    """A pending invitation; its link's key is `invitation-key-<n>` (the row keeps only the digest)."""

    class Meta:
        model = Invitation

    class Params:
        key = factory.Sequence(lambda n: f"invitation-key-{n}")

    user = factory.SubFactory(UserFactory)
    organisation = factory.SubFactory(OrganisationFactory)
    email = factory.SelfAttribute("user.email")
    key_digest = factory.LazyAttribute(lambda o: key_digest(o.key))
    expires = factory.LazyFunction(lambda: timezone.now() + timedelta(days=7))


class OutgoingMailFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = OutgoingMail

    to = factory.Sequence(lambda n: f"person{n}@example.cn")
    subject = "截止提醒"
    body = "提交窗口将于 7 天后关闭。"
    language = "zh-hans"
    kind = "reminder"


class MailPreferenceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = MailPreference

    user = factory.SubFactory(UserFactory)
    language = "en"


class ReminderFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Reminder

    user = factory.SubFactory(UserFactory)
    subject_type = "round"
    subject_id = factory.Sequence(lambda n: n + 1)
    step = "submission-7d"
    kind = "reminder"
    deadline = factory.LazyFunction(lambda: timezone.now() + timedelta(days=7))


def api_key_for(user, name="test"):
    """A new API token of `user`, its key returned. It counts as just used, so a test's first request does not stamp
    `last_used` (an UPDATE that query counts would otherwise see)."""
    from django.utils import timezone

    from tenancy.accounts.services import api_token_create
    from tenancy.models import ApiToken

    token, key = api_token_create(user=user, name=name)
    ApiToken.objects.filter(pk=token.pk).update(last_used=timezone.now())
    return key


class ApiTokenFactory(factory.django.DjangoModelFactory):
    """A token row whose key is `api-key-<n>` (the row keeps only the digest); api_key_for makes a usable one."""

    class Meta:
        model = ApiToken

    class Params:
        key = factory.Sequence(lambda n: f"api-key-{n}")

    user = factory.SubFactory(UserFactory)
    name = "script"
    digest = factory.LazyAttribute(lambda o: ApiToken.digest_of(o.key))
    prefix = factory.LazyAttribute(lambda o: o.key[:8])
    expires = factory.LazyFunction(lambda: timezone.now() + timedelta(days=90))


class OnboardingImportFactory(factory.django.DjangoModelFactory):
    """A queued onboarding file of organisations uploaded by the ministry."""

    class Meta:
        model = OnboardingImport

    kind = OnboardingImport.Kind.ORGANISATIONS
    organisation = factory.SubFactory(OrganisationFactory)
    file = factory.django.FileField(filename="organisations.csv", data="类型,名称,简称\n".encode())
    original_name = "机构名单.csv"
    language = "zh-hans"


class ExportJobFactory(factory.django.DjangoModelFactory):
    """A queued export of the cluster list, asked for by a member of an organisation."""

    class Meta:
        model = ExportJob

    created_by = factory.SubFactory(UserFactory)
    organisation = factory.SubFactory(OrganisationFactory)
    key = "clusters.clusters"
    file_format = ExportJob.Format.XLSX
    language = "zh-hans"
