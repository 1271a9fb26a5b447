"""A cluster's rectification notes as an export: the notes its page lists, in the page's sort, for whoever may
open that page; another tenant's cluster is a 404 and records nothing."""

import datetime

import pytest
from django.urls import reverse

from monitoring.models import RectificationNote
from tenancy.exports.models import ExportJob

from .builders.exports import exported
from .factories import OrganisationFactory, RectificationNoteFactory

pytestmark = pytest.mark.django_db


def test_the_rectification_export_holds_the_clusters_notes_in_the_pages_sort(world, page_client_for):
    cluster = world.nanjing_cluster
    filed = {"early": datetime.datetime(2025, 3, 1, 9, 0, tzinfo=datetime.UTC)}
    first = RectificationNoteFactory(cluster=cluster, text="先行整改措施", author=world.nanjing_body)
    RectificationNote.objects.filter(pk=first.pk).update(created=filed["early"])
    RectificationNoteFactory(cluster=cluster, organisation=OrganisationFactory(name="甲级排序机构"), text="后续整改")
    RectificationNoteFactory(cluster=world.shenzhen_cluster, text="深圳的整改")

    client = page_client_for(world.nanjing_body)
    rows = exported(client, "monitoring.rectifications", target=cluster.pk, language="en")
    assert rows[0] == ["Filed", "Organisation", "By", "Decision answered", "Rectification"]
    assert [row[4] for row in rows[1:]] == ["后续整改", "先行整改措施"]  # newest first, as the page
    assert rows[2][0] == "2025-03-01 17:00" and rows[2][2] == world.nanjing_body.username
    rows = exported(client, "monitoring.rectifications", query="sort=filed", target=cluster.pk)
    assert [row[4] for row in rows[1:]] == ["先行整改措施", "后续整改"]
    page = client.get(reverse("rectification-list", args=[cluster.pk])).content.decode()
    assert 'data-export="monitoring.rectifications"' in page

    before = ExportJob.objects.count()
    response = client.post(
        reverse("export-new"),
        {"key": "monitoring.rectifications", "file_format": "csv", "query": "", "target": world.shenzhen_cluster.pk},
    )
    assert response.status_code == 404 and ExportJob.objects.count() == before


def test_the_method_list_sorts_by_each_column_and_its_export_follows_the_sort(world, page_client_for):
    from monitoring.evaluation.tables import METHOD_SORTS
    from monitoring.models import MonitoringMethod

    from .builders.sorting import assert_sorts
    from .factories import MonitoringMethodFactory

    def method(version, name, current, day):
        made = MonitoringMethodFactory(version=version, name=f"排序方法{name}", is_current=current)
        when = datetime.datetime(2031, 3, day, 9, 0, tzinfo=datetime.UTC)
        MonitoringMethod.objects.filter(pk=made.pk).update(created=when)
        return made

    MonitoringMethod.objects.filter(is_current=True).update(is_current=False)
    a, b, c = method(9002, "C", False, 3), method(9003, "A", True, 1), method(9001, "B", False, 2)
    expected = {
        "version": [c, a, b],
        "name": [b, c, a],
        "current": ([b, a, c], [a, c, b]),  # the current one first; ties by creation order both ways
        "created": [b, c, a],
    }
    client = page_client_for(world.ministry)
    assert_sorts(client, reverse("monitoring-method-list"), METHOD_SORTS, expected, default_order=[b, a, c])

    rows = exported(page_client_for(world.nanjing_body), "monitoring.methods", query="sort=name", language="en")
    assert rows[0] == ["Version", "Name", "Current", "Created by", "Created"]
    mine = [row for row in rows[1:] if row[1].startswith("排序方法")]
    assert mine == [
        ["9003", "排序方法A", "yes", "", "2031-03-01 17:00"],
        ["9001", "排序方法B", "no", "", "2031-03-02 17:00"],
        ["9002", "排序方法C", "no", "", "2031-03-03 17:00"],
    ]
