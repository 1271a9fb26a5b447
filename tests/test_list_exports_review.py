"""The conflict list and an expert's assignments as sortable, exportable lists: each declared sort orders hand-built
rows, and each export holds what the requester's page shows (a blind round's entry by its code for the expert)."""

import datetime

import pytest
from django.urls import reverse

from evaluations.models import ConflictDeclaration
from evaluations.review import blind
from evaluations.review.tables import ASSIGNMENT_SORTS, CONFLICT_SORTS, MY_CONFLICT_SORTS

from .builders.blind import blind_world
from .builders.exports import exported
from .builders.sorting import assert_sorts
from .factories import (
    AssignmentFactory,
    ClusterFactory,
    CompetitionFactory,
    ConflictDeclarationFactory,
    ExpertProfileFactory,
    ReviewFactory,
    RoundFactory,
    SubmissionFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


def day(number):
    return datetime.datetime(2025, 3, number, 9, 0, tzinfo=datetime.UTC)


def declared(expert, cluster, by, when):
    created = ConflictDeclarationFactory(expert=expert, cluster=ClusterFactory(name=f"排序集群{cluster}"))
    ConflictDeclaration.objects.filter(pk=created.pk).update(created=when, declared_by=by)
    return created


def test_the_ministrys_conflict_list_sorts_by_each_column(world, page_client_for):
    experts = {x: ExpertProfileFactory(user=UserFactory(last_name=f"排序{x}", first_name="专家")) for x in "ABC"}
    by = {x: UserFactory(username=f"sort-declarer-{x.lower()}") for x in "ABC"}
    a = declared(experts["B"], "C", by["A"], day(2))
    b = declared(experts["C"], "A", by["C"], day(3))
    c = declared(experts["A"], "B", by["B"], day(1))
    expected = {"expert": [c, a, b], "cluster": [b, c, a], "by": [a, c, b], "declared": [c, a, b]}
    client = page_client_for(world.ministry)
    assert_sorts(client, reverse("conflict-list"), CONFLICT_SORTS, expected, default_order=[b, a, c])


def test_an_expert_sorts_their_conflicts_by_date_only(world, page_client_for):
    mine = world.expert.expert_profile
    a, b, c = (declared(mine, x, world.expert, day(n)) for x, n in (("A", 2), ("B", 3), ("C", 1)))
    client = page_client_for(world.expert)
    assert_sorts(client, reverse("conflict-list"), MY_CONFLICT_SORTS, {"declared": [c, a, b]}, default_order=[b, a, c])
    assert 'href="?sort=cluster"' not in client.get(reverse("conflict-list")).content.decode()


def test_an_experts_assignments_sort_by_each_column(world, page_client_for):
    mine = world.expert.expert_profile

    def assignment(year, closes, review):
        round_ = RoundFactory(competition=CompetitionFactory(year=year), review_closes=closes)
        created = AssignmentFactory(expert=mine, submission=SubmissionFactory(round=round_))
        if review:
            ReviewFactory(assignment=created, status=review)
        return created

    a = assignment(2032, day(9), "submitted")
    b = assignment(2031, day(5), None)
    c = assignment(2033, day(7), "draft")
    expected = {
        "competition": [b, a, c],
        "window": [b, c, a],
        "review": ([c, a, b], [a, c, b]),  # not started last both ways
    }
    client = page_client_for(world.expert)
    assert_sorts(client, reverse("my-assignments"), ASSIGNMENT_SORTS, expected, params={"show": "all"})


def test_the_conflict_export_shows_a_blind_entry_to_the_expert_by_its_code_only(world, page_client_for):
    data = blind_world(world)
    other = data["other_entry"]
    rows = exported(page_client_for(world.ministry), "evaluations.conflicts", language="en")
    assert rows[0] == ["Expert", "Cluster", "Reason", "Declared by", "Declared"]
    assert [row[:4] for row in rows[1:]] == [
        [
            str(world.expert.expert_profile),
            "Wildgoose Fibre Cluster",
            data["declaration"].reason,
            world.ministry.username,
        ]
    ]
    rows = exported(page_client_for(world.expert), "evaluations.conflicts", language="en")
    assert rows[0] == ["Cluster or entry", "Reason", "Declared by", "Declared"]
    assert [row[:3] for row in rows[1:]] == [
        [blind.entry_label(other), "曾任[cluster]（[promotion body]）顾问", world.ministry.username]
    ]
    assert "雁栖湖" not in str(rows)
    for role in ("nanjing_body", "jiangsu"):  # nobody else reads the declarations
        response = page_client_for(world.user(role)).post(
            reverse("export-new"), {"key": "evaluations.conflicts", "file_format": "csv", "query": ""}
        )
        assert response.status_code == 403


def test_the_assignment_export_holds_the_tab_of_the_page(world, page_client_for):
    data = blind_world(world)
    expert = page_client_for(world.expert)
    every = exported(expert, "evaluations.assignments", query="show=all", language="en")
    codes = {blind.entry_title(entry, world.expert) for entry in (data["entry"], data["other_entry"])}
    assert {row[0] for row in every[1:]} == codes
    open_only = exported(expert, "evaluations.assignments", query="show=open", language="en")
    assert [row[5] for row in open_only[1:]] == ["Draft"]  # the recused assignment is not still to review
    page = expert.get(reverse("my-assignments"), {"show": "open"})
    assert [a.pk for a in page.context["page"].object_list] == [data["assignment"].pk]
