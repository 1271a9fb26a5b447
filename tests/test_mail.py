"""E-mail (issue 12, item 5): every mail is recorded in the outbox, notifications are mailed to the members who
want them in their language, a retried task sends nothing twice, and the outbox shows administrators only the mail
they may see."""

import pytest
from django.core import mail as django_mail
from django.core.mail import send_mail
from django.core.mail.backends.locmem import EmailBackend as LocmemBackend
from django.urls import reverse

from tenancy.mail.services import mail_preference_update
from tenancy.models import MailPreference, Notification, OutgoingMail
from tenancy.notifications.services import notify
from tenancy.tasks import mail_notifications

from .conftest import count_queries

PLAN_PARAMS = {
    "plan": "南京智能电网集群培育提升方案",
    "cluster": "南京智能电网测试集群",
    "cluster_en": "Nanjing Smart Grid Test Cluster",
    "organisation": "工业和信息化部",
    "organisation_en": "Ministry of Industry and Information Technology",
    "version": 1,
    "comment": "请细化目标。",
}


def notify_nanjing(world, capture, kind="plans.returned", link="/plans/7/"):
    with capture(execute=True):
        [notification] = notify([world.orgs["nanjing_body"]], kind=kind, params=PLAN_PARAMS, link=link)
    return notification


def recipients():
    return sorted(address for message in django_mail.outbox for address in message.to)


def test_django_send_mail_is_recorded_and_delivered(world):
    send_mail("账户邀请", "请点击链接设置密码。", None, [world.nanjing_body.email])

    [message] = django_mail.outbox
    assert message.to == [world.nanjing_body.email]
    row = OutgoingMail.objects.get()
    assert (row.to, row.subject, row.body) == (world.nanjing_body.email, "账户邀请", "请点击链接设置密码。")
    assert (row.status, row.attempts, row.kind) == ("sent", 1, "")
    assert row.user == world.nanjing_body and row.organisation == world.orgs["nanjing_body"]
    assert row.sent_at is not None


def test_a_failed_delivery_is_recorded_as_failed(world, settings):
    settings.EMAIL_DELIVERY_BACKEND = "tests.test_mail.BrokenBackend"
    with pytest.raises(ConnectionRefusedError):
        send_mail("账户邀请", "正文", None, ["nobody@example.cn"])
    row = OutgoingMail.objects.get()
    assert (row.status, row.attempts, row.user) == ("failed", 1, None)
    assert "ConnectionRefusedError" in row.error


def test_a_notification_is_mailed_to_members_who_want_it_and_not_to_those_who_opted_out(
    world, django_capture_on_commit_callbacks
):
    mail_preference_update(user=world.nanjing_viewer, language="zh-hans", mailed=set())
    notification = notify_nanjing(world, django_capture_on_commit_callbacks)

    assert recipients() == [world.nanjing_body.email]
    row = OutgoingMail.objects.get()
    assert (row.notification, row.user, row.kind, row.status) == (
        notification,
        world.nanjing_body,
        "plans.returned",
        "sent",
    )
    assert row.organisation == world.orgs["nanjing_body"]
    # Nobody of another organisation is mailed.
    assert not OutgoingMail.objects.exclude(user=world.nanjing_body).exists()


def test_workflow_kinds_are_mailed_by_default_and_a_member_can_opt_back_in(world, django_capture_on_commit_callbacks):
    assert not MailPreference.objects.exists()
    notify_nanjing(world, django_capture_on_commit_callbacks)
    assert recipients() == sorted([world.nanjing_body.email, world.nanjing_viewer.email])

    django_mail.outbox.clear()
    mail_preference_update(user=world.nanjing_viewer, language="en", mailed={"plans.approved"})
    notify_nanjing(world, django_capture_on_commit_callbacks, kind="plans.approved")
    assert recipients() == sorted([world.nanjing_body.email, world.nanjing_viewer.email])


def test_the_mail_is_written_in_each_members_language_with_an_absolute_link(world, django_capture_on_commit_callbacks):
    mail_preference_update(user=world.nanjing_viewer, language="en", mailed={"plans.returned"})
    notify_nanjing(world, django_capture_on_commit_callbacks)

    chinese = OutgoingMail.objects.get(user=world.nanjing_body)
    english = OutgoingMail.objects.get(user=world.nanjing_viewer)
    assert chinese.language == "zh-hans" and english.language == "en"
    assert (
        "工业和信息化部退回了南京智能电网测试集群的培育提升方案“南京智能电网集群培育提升方案”，意见：请细化目标。"
        in chinese.body
    )
    assert "先进制造业集群平台" in chinese.subject and "培育提升方案被退回" in chinese.subject
    assert (
        "Ministry of Industry and Information Technology returned the cultivation plan “南京智能电网集群培育提升方案” "
        "of Nanjing Smart Grid Test Cluster with comments: 请细化目标。" in english.body
    )
    assert english.subject == "[Advanced Manufacturing Cluster Platform] Cultivation plan returned"
    for row in (chinese, english):
        assert "https://clusters.example.cn/plans/7/" in row.body
    delivered = {message.to[0]: message for message in django_mail.outbox}
    assert delivered[world.nanjing_viewer.email].body == english.body


def test_a_member_without_an_address_or_inactive_is_not_mailed(world, django_capture_on_commit_callbacks):
    world.nanjing_viewer.email = ""
    world.nanjing_viewer.save(update_fields=["email"])
    notify_nanjing(world, django_capture_on_commit_callbacks)
    assert recipients() == [world.nanjing_body.email]


def test_notify_without_mail_sends_none(world, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        notify([world.orgs["nanjing_body"]], kind="plans.returned", params=PLAN_PARAMS, mail=False)
    assert django_mail.outbox == [] and not OutgoingMail.objects.exists()


# Retries ------------------------------------------------------------------------------------------------------------


class BrokenBackend(LocmemBackend):
    def send_messages(self, messages):
        raise ConnectionRefusedError("SMTP server refused the connection")


class FlakyBackend(LocmemBackend):
    """Refuses the first message to each address ending in `-viewer@example.cn`, then delivers."""

    refused: set = set()

    def send_messages(self, messages):
        for message in messages:
            address = message.to[0]
            if address.endswith("-viewer@example.cn") and address not in FlakyBackend.refused:
                FlakyBackend.refused.add(address)
                raise ConnectionResetError("connection reset by the SMTP server")
        return super().send_messages(messages)


@pytest.fixture
def retries_in_process():
    """The task's automatic retries run at once, in the test's process (an eager task retries itself in place)."""
    from config.celery import app

    previous = app.conf.task_eager_propagates
    app.conf.task_eager_propagates = False
    yield
    app.conf.task_eager_propagates = previous


def test_a_retried_task_mails_nobody_twice(world, settings, retries_in_process):
    settings.EMAIL_DELIVERY_BACKEND = "tests.test_mail.FlakyBackend"
    FlakyBackend.refused = set()
    [notification] = notify([world.orgs["nanjing_body"]], kind="plans.returned", params=PLAN_PARAMS, mail=False)

    # The first try delivers to the body, fails for the viewer; the automatic retry delivers only the viewer's.
    mail_notifications.apply(args=[[notification.pk]])

    assert recipients() == sorted([world.nanjing_body.email, world.nanjing_viewer.email])
    body_mail = OutgoingMail.objects.get(user=world.nanjing_body)
    viewer_mail = OutgoingMail.objects.get(user=world.nanjing_viewer)
    assert (body_mail.status, body_mail.attempts) == ("sent", 1)
    assert (viewer_mail.status, viewer_mail.attempts, viewer_mail.error) == ("sent", 2, "")

    # The task delivered again (a redelivered message) sends nothing new.
    mail_notifications.apply(args=[[notification.pk]])
    assert len(django_mail.outbox) == 2
    assert OutgoingMail.objects.count() == 2


def test_a_task_that_keeps_failing_leaves_the_mail_failed_with_its_error(world, settings, retries_in_process):
    settings.EMAIL_DELIVERY_BACKEND = "tests.test_mail.BrokenBackend"
    [notification] = notify([world.orgs["shenzhen_body"]], kind="plans.returned", params=PLAN_PARAMS, mail=False)
    result = mail_notifications.apply(args=[[notification.pk]])
    assert result.failed()
    row = OutgoingMail.objects.get()
    assert row.status == "failed" and row.attempts == 6  # the first try and five retries
    assert "SMTP server refused" in row.error


# The outbox ---------------------------------------------------------------------------------------------------------


def mail_to(user, organisation, subject="测试邮件"):
    return OutgoingMail.objects.create(
        to=user.email, subject=subject, body="正文", user=user, organisation=organisation, status="sent"
    )


@pytest.fixture
def mails(world):
    return {
        "nanjing": mail_to(world.nanjing_viewer, world.orgs["nanjing_body"], "南京的邮件"),
        "shenzhen": mail_to(world.shenzhen_body, world.orgs["shenzhen_body"], "深圳的邮件"),
        "jiangsu": mail_to(world.jiangsu, world.orgs["jiangsu"], "江苏的邮件"),
    }


@pytest.mark.parametrize(
    "role, visible",
    [
        ("ministry", {"nanjing", "shenzhen", "jiangsu"}),
        ("jiangsu", {"jiangsu"}),
        ("nanjing_body", {"nanjing"}),
        ("shenzhen_body", {"shenzhen"}),
    ],
)
def test_the_outbox_shows_each_administrator_the_mail_of_their_people(world, mails, page_client_for, role, visible):
    client = page_client_for(world.user(role))
    response = client.get(reverse("outbox-list"))
    assert response.status_code == 200
    assert {key for key, mail in mails.items() if mail.subject in response.content.decode()} == visible
    for key, mail in mails.items():
        status = client.get(reverse("outbox-detail", args=[mail.pk])).status_code
        assert status == (200 if key in visible else 404), (role, key)


@pytest.mark.parametrize("role", ["nanjing_viewer", "expert"])
def test_the_outbox_is_refused_to_who_is_not_an_administrator(world, mails, page_client_for, role):
    client = page_client_for(world.user(role))
    assert client.get(reverse("outbox-list")).status_code == 403
    assert client.get(reverse("outbox-detail", args=[mails["nanjing"].pk])).status_code == 403


def test_the_outbox_searches_and_filters(world, mails, page_client_for):
    mails["nanjing"].kind = "plans.returned"
    mails["nanjing"].save()
    mails["shenzhen"].status = "failed"
    mails["shenzhen"].save()
    client = page_client_for(world.ministry)

    def subjects(query):
        content = client.get(reverse("outbox-list") + query).content.decode()
        return {mail.subject for mail in mails.values() if mail.subject in content}

    assert subjects("?q=深圳") == {"深圳的邮件"}
    assert subjects(f"?q={world.jiangsu.email}") == {"江苏的邮件"}
    assert subjects("?kind=plans.returned") == {"南京的邮件"}
    assert subjects("?status=failed") == {"深圳的邮件"}
    assert subjects("?status=nonsense&kind=nonsense") == {"南京的邮件", "深圳的邮件", "江苏的邮件"}


def test_the_outbox_detail_shows_the_mail(world, mails, page_client_for):
    response = page_client_for(world.ministry).get(reverse("outbox-detail", args=[mails["shenzhen"].pk]))
    content = response.content.decode()
    assert "深圳的邮件" in content and "正文" in content and world.shenzhen_body.email in content


def grow_mails(world, n):
    for index in range(n):
        mail_to(world.nanjing_body, world.orgs["nanjing_body"], f"邮件{index}")


@pytest.mark.parametrize("role", ["ministry", "nanjing_body"])
def test_outbox_query_count_does_not_grow_with_rows(world, page_client_for, role):
    client = page_client_for(world.user(role))
    grow_mails(world, 1)
    client.get(reverse("outbox-list"))
    few = count_queries(lambda: client.get(reverse("outbox-list")))
    grow_mails(world, 30)
    many = count_queries(lambda: client.get(reverse("outbox-list")))
    assert few == many


# Preferences --------------------------------------------------------------------------------------------------------


def test_the_preferences_page_lists_every_kind_with_its_label_and_saves_the_choice(world, page_client_for):
    client = page_client_for(world.nanjing_viewer)
    client.cookies.load({"django_language": "en"})
    content = client.get(reverse("mail-preferences")).content.decode()
    assert "Cultivation plan returned" in content and "Reminder: submission deadline, no entry yet" in content
    assert content.count('type="checkbox"') == content.count(" checked")  # everything on by default

    response = client.post(reverse("mail-preferences"), {"language": "en", "kinds": ["plans.approved"]})
    assert response.status_code == 302
    preference = MailPreference.objects.get(user=world.nanjing_viewer)
    assert preference.language == "en"
    assert preference.kinds["plans.approved"] is True and preference.kinds["plans.returned"] is False


def test_the_preferences_page_speaks_chinese(world, page_client_for):
    content = page_client_for(world.expert).get(reverse("mail-preferences")).content.decode()
    assert "邮件设置" in content and "培育提升方案被退回" in content


def test_notification_rows_stay_one_per_organisation(world, django_capture_on_commit_callbacks):
    notify_nanjing(world, django_capture_on_commit_callbacks)
    assert Notification.objects.count() == 1


# The API ------------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "role, visible",
    [("ministry", {"nanjing", "shenzhen", "jiangsu"}), ("jiangsu", {"jiangsu"}), ("nanjing_body", {"nanjing"})],
)
def test_the_outbox_api_lists_exactly_the_visible_mail(world, mails, client_for, role, visible):
    body = client_for(world.user(role)).get(reverse("api:outgoing-mail-list")).json()
    assert {row["id"] for row in body["results"]} == {mails[key].pk for key in visible}
    assert body["count"] == len(visible)


def test_the_outbox_api_filters_and_searches(world, mails, client_for):
    mails["shenzhen"].status = "failed"
    mails["shenzhen"].save()
    client = client_for(world.ministry)
    failed = client.get(reverse("api:outgoing-mail-list"), {"status": "failed"}).json()["results"]
    assert [row["subject"] for row in failed] == ["深圳的邮件"]
    found = client.get(reverse("api:outgoing-mail-list"), {"search": "江苏"}).json()["results"]
    assert [(row["subject"], row["user"], row["status"]) for row in found] == [("江苏的邮件", "t-jiangsu", "sent")]


@pytest.mark.parametrize("role", ["ministry", "nanjing_body"])
def test_outbox_api_query_count_does_not_grow_with_rows(world, client_for, role):
    client = client_for(world.user(role))
    grow_mails(world, 1)
    client.get(reverse("api:outgoing-mail-list"))
    few = count_queries(lambda: client.get(reverse("api:outgoing-mail-list")))
    grow_mails(world, 30)
    many = count_queries(lambda: client.get(reverse("api:outgoing-mail-list")))
    assert few == many


def test_the_outbox_hides_the_links_of_mail_that_may_carry_a_sign_in_token(world, page_client_for, client_for):
    send_mail(
        "重置密码", "请打开 https://clusters.example.cn/accounts/reset/MQ/abc-123/ 设置新密码。", None, ["a@b.cn"]
    )
    row = OutgoingMail.objects.get()
    assert "abc-123" in row.body  # recorded as sent
    page = page_client_for(world.ministry).get(reverse("outbox-detail", args=[row.pk])).content.decode()
    assert "abc-123" not in page and "［链接在发件箱中隐藏］" in page
    api = client_for(world.ministry).get(reverse("api:outgoing-mail-detail", args=[row.pk])).json()
    assert "abc-123" not in api["body"]
