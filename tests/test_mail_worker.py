"""A notification mailed by a real Celery worker over Redis: the worker writes each member's mail through the
recording backend to its delivery backend (files here), and a redelivered task mails nobody twice."""

import pytest

from tenancy.models import OutgoingMail
from tenancy.notifications.services import notify
from tenancy.tasks import mail_notifications

from .conftest import make_world
from .workers import start_worker, stop

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_a_worker_mails_a_notification_to_each_member_once(settings, tmp_path):
    if not settings.REDIS_URL:
        pytest.skip("REDIS_URL is not set: no broker for a real worker")
    world = make_world()
    [notification] = notify(
        [world.orgs["nanjing_body"]],
        kind="plans.approved",
        params={"organisation": "江苏省工业和信息化厅", "plan": "培育提升方案", "cluster": "南京", "version": 2},
        link="/plans/3/",
        mail=False,
    )
    queue = f"test-mail-{notification.pk}-{tmp_path.name}"
    outbox = tmp_path / "mail"
    with open(tmp_path / "worker.log", "w") as log:
        worker = start_worker(
            queue,
            log,
            EMAIL_DELIVERY_BACKEND="django.core.mail.backends.filebased.EmailBackend",
            EMAIL_FILE_PATH=outbox,
        )
        try:
            assert mail_notifications.apply_async(args=[[notification.pk]], queue=queue).get(timeout=60) == 2
            # Delivered again (a broker redelivery): nothing new is sent.
            assert mail_notifications.apply_async(args=[[notification.pk]], queue=queue).get(timeout=60) == 0
        finally:
            stop(worker)

    rows = OutgoingMail.objects.order_by("user__username")
    assert [(row.user.username, row.status, row.attempts) for row in rows] == [
        ("t-nanjing", "sent", 1),
        ("t-nanjing-viewer", "sent", 1),
    ]
    written = "".join(path.read_text() for path in outbox.iterdir())
    assert written.count("To: t-nanjing@example.cn") == 1 and written.count("To: t-nanjing-viewer@example.cn") == 1
    assert "https://clusters.example.cn/plans/3/" in written
