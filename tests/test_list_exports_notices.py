"""The public notices and "My results" as sortable, exportable lists: each sort of My results orders hand-built rows,
and each export holds the rows the requester's page shows (every page, in the page's sort), no more."""

from decimal import Decimal

import pytest
from django.urls import reverse

from evaluations.notice.tables import MY_RESULT_SORTS

from .builders.exports import exported
from .builders.notice import notice_in
from .builders.sorting import assert_sorts
from .factories import (
    ClusterFactory,
    CompetitionFactory,
    EvaluationRunFactory,
    IndustryFieldFactory,
    PublicNoticeFactory,
    ResultFactory,
    RoundFactory,
    SubmissionFactory,
    TrackFactory,
)

pytestmark = pytest.mark.django_db


def test_my_results_sort_by_each_column(world, page_client_for):
    def result(year, cluster, field, expert, indicator, total, rank):
        run = EvaluationRunFactory(round=RoundFactory(competition=CompetitionFactory(year=year)))
        PublicNoticeFactory(run=run, status="final")
        field = IndustryFieldFactory(name=f"排序领域{field}")
        track = TrackFactory(competition=run.round.competition, field_id=field.pk)
        entry = SubmissionFactory(round=run.round, track=track, cluster=ClusterFactory(name=f"排序集群{cluster}"))
        scores = {"expert_score": Decimal(expert), "indicator_score": Decimal(indicator), "total": Decimal(total)}
        return ResultFactory(run=run, submission=entry, track=track, rank=rank, **scores)

    a = result(2031, "B", "C", "70", "65", "80", 3)
    b = result(2033, "C", "A", "60", "75", "90", 1)
    c = result(2032, "A", "B", "80", "55", "70", 2)
    expected = {
        "competition": [a, c, b],
        "cluster": [c, a, b],
        "track": [b, c, a],
        "expert": [b, a, c],
        "indicator": [c, a, b],
        "total": [c, a, b],
        "rank": [b, c, a],
    }
    client = page_client_for(world.ministry)
    assert_sorts(client, reverse("my-result-list"), MY_RESULT_SORTS, expected)


def test_the_my_results_export_holds_the_requesters_own_results_in_the_pages_sort(world, page_client_for):
    notice_in(world, "final")
    nanjing = page_client_for(world.nanjing_body)
    rows = exported(nanjing, "evaluations.my_results", language="en")
    assert rows[0] == [
        "Competition",
        "Round",
        "Cluster",
        "Track",
        "Expert score",
        "Indicator score",
        "Total",
        "Rank",
        "Outcome",
    ]
    assert [row[2:] for row in rows[1:]] == [
        [world.nanjing_cluster.display_name, rows[1][3], "88.5000", "70.0000", "88.5000", "1", "Winner"]
    ]
    page = nanjing.get(reverse("my-result-list")).content.decode()
    assert world.nanjing_cluster.name in page and 'data-export="evaluations.my_results"' in page

    # The ministry reads every published result; the export follows ?sort= as the page does.
    rows = exported(page_client_for(world.ministry), "evaluations.my_results", query="sort=-total", language="en")
    clusters = [row[2] for row in rows[1:]]
    names = [c.display_name for c in (world.shenzhen_cluster, world.nanjing_cluster, world.wuxi_cluster)]
    assert clusters == names and [row[6] for row in rows[1:]] == ["90.7500", "88.5000", "71.2500"]
    assert [row[8] for row in rows[1:]] == ["Winner", "Winner", "Not selected"]


def test_the_notice_export_holds_the_notices_the_requester_may_read(world, page_client_for):
    draft, final = notice_in(world, "draft"), notice_in(world, "final")

    def titles(role):
        rows = exported(page_client_for(world.user(role)), "evaluations.notices", query="sort=title")
        return rows, [row[0] for row in rows[1:]]

    rows, shown = titles("ministry")
    assert shown == sorted([draft.title, final.title])
    states = {row[0]: row[3] for row in rows[1:]}
    assert states == {draft.title: "草稿", final.title: "最终结果已公布"}
    rows, shown = titles("nanjing_body")  # the public never reads a draft
    assert shown == [final.title]
    assert rows[1][1:3] == [final.run.round.competition.display_name, final.run.round.display_name]
    assert rows[1][4] and rows[1][5] and rows[1][6] == "2"


def test_anonymous_visitors_read_the_notices_without_export_buttons(world, client):
    notice_in(world, "final")
    page = client.get(reverse("notice-list")).content.decode()
    assert 'id="notices"' in page and "export-buttons" not in page
