"""Headless Chromium: a promotion body uploads a GBK CSV, sees the dry run's counts, imports it, and sees the result."""

import pytest
from django.urls import reverse

from clusters.models import ChainLink, Member

from .builders.imports_files import member_row, members_csv

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_a_cluster_body_dry_runs_then_imports_a_file(live_server, world, browser_page, sign_in, tmp_path, settings):
    settings.MEDIA_ROOT = str(tmp_path / "media")
    ChainLink.objects.create(cluster=world.nanjing_cluster, name="输变电设备", segment="midstream")
    upload = tmp_path / "成员名单.csv"
    upload.write_bytes(members_csv([member_row(n) for n in range(1, 6)]))
    page = browser_page
    sign_in(page, "t-nanjing")

    page.goto(live_server.url + reverse("cluster-detail", args=[world.nanjing_cluster.pk]))
    page.click("#cluster-imports-link")
    page.set_input_files("input[name=file]", str(upload))
    page.click("#import-form button[type=submit]")
    page.wait_for_selector("#import-counts")
    assert "5" in page.locator("#import-counts").inner_text()
    assert Member.objects.filter(cluster=world.nanjing_cluster).count() == 0

    page.click("#import-commit")
    page.wait_for_selector("#import-result .alert-success")
    assert Member.objects.filter(cluster=world.nanjing_cluster).count() == 5
