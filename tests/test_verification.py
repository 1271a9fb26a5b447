"""Verification of observations (issue 13, item 1): draft → submitted → verified, or returned with a comment and
resubmitted; by the government with jurisdiction or the ministry; verified values are frozen; audited."""

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from clusters.models import Observation
from clusters.observations import services
from tenancy.errors import Refusal

from .factories import ObservationFactory, indicator


def draft(world, cluster="nanjing_cluster"):
    return services.observation_create(
        cluster=getattr(world, cluster), indicator=indicator("revenue"), year=2024, value=100, by=world.nanjing_body
    )


def test_a_new_value_is_a_draft_then_submitted_then_verified_and_audited(world):
    observation = draft(world)
    assert observation.status == Observation.Status.DRAFT
    services.observation_submit(observation=observation, by=world.nanjing_body)
    assert observation.status == Observation.Status.SUBMITTED
    services.observation_verify(observation=observation, by=world.jiangsu)
    observation.refresh_from_db()
    assert observation.status == Observation.Status.VERIFIED
    history = list(observation.history.order_by("history_date").values_list("status", "history_change_reason"))
    assert history == [("draft", None), ("submitted", "submit"), ("verified", "verify")]
    assert observation.history.latest("history_date").history_user == world.jiangsu


def test_returned_with_a_comment_then_edited_and_resubmitted(world):
    observation = draft(world)
    services.observation_submit(observation=observation, by=world.nanjing_body)
    with pytest.raises(ValidationError):
        services.observation_return(observation=observation, by=world.jiangsu, comment="  ")
    services.observation_return(observation=observation, by=world.ministry, comment="Yearbook says 98")
    observation.refresh_from_db()
    assert (observation.status, observation.review_comment) == ("returned", "Yearbook says 98")
    services.observation_update(observation=observation, value=98, by=world.nanjing_body)
    services.observation_submit(observation=observation, by=world.nanjing_body)
    assert Observation._base_manager.get(pk=observation.pk).status == "submitted"


def test_a_verified_value_is_frozen_for_the_body(world, client_for):
    observation = ObservationFactory(cluster=world.nanjing_cluster)
    with pytest.raises(Refusal):
        services.observation_update(observation=observation, value=1, by=world.nanjing_body)
    with pytest.raises(Refusal):
        services.observation_delete(observation=observation, by=world.nanjing_body)
    api = client_for(world.nanjing_body)
    url = reverse("api:observation-detail", args=[observation.pk])
    assert api.patch(url, {"value": "1"}, format="json").status_code == 409
    assert api.delete(url).status_code == 409
    assert api.post(reverse("api:observation-submit", args=[observation.pk])).status_code == 409
    assert Observation._base_manager.get(pk=observation.pk).value == Decimal("100.5")


def test_only_a_submitted_value_is_verified_or_returned(world):
    observation = draft(world)
    with pytest.raises(Refusal):
        services.observation_verify(observation=observation, by=world.jiangsu)
    with pytest.raises(Refusal):
        services.observation_return(observation=observation, by=world.jiangsu, comment="no")


def test_who_may_verify(world):
    observation = draft(world)
    services.observation_submit(observation=observation, by=world.nanjing_body)
    for user in (world.guangdong, world.nanjing_body, world.expert):
        with pytest.raises(PermissionDenied):
            services.observation_verify(observation=observation, by=user)
    with pytest.raises(PermissionDenied):
        services.observation_submit(observation=draft(world, "provincial_cluster"), by=world.shenzhen_body)


def test_the_api_shows_the_state_filters_by_it_and_runs_the_steps(world, client_for):
    observation = draft(world)
    body, government = client_for(world.nanjing_body), client_for(world.jiangsu)
    assert body.get(reverse("api:observation-detail", args=[observation.pk])).json()["status"] == "draft"
    submitted = body.post(reverse("api:observation-submit", args=[observation.pk]))
    assert submitted.status_code == 200 and submitted.json()["status"] == "submitted"
    listed = government.get(reverse("api:observation-list"), {"status": "submitted"}).json()["results"]
    assert [row["id"] for row in listed] == [observation.pk]
    refused = government.post(reverse("api:observation-return", args=[observation.pk]), {"comment": ""})
    assert refused.status_code == 400
    done = government.post(reverse("api:observation-verify", args=[observation.pk]), {"comment": "checked"})
    assert done.status_code == 200 and done.json()["status"] == "verified"
    assert government.get(reverse("api:observation-list"), {"status": "submitted"}).json()["results"] == []


def test_the_pages_queue_and_buttons(world, page_client_for):
    observation = draft(world)
    body = page_client_for(world.nanjing_body)
    detail = reverse("observation-detail", args=[world.nanjing_cluster.pk, observation.pk])
    submit = reverse("observation-submit", args=[world.nanjing_cluster.pk, observation.pk])
    assert submit in body.get(detail).content.decode()
    assert body.post(reverse("observation-submit", args=[world.nanjing_cluster.pk, observation.pk])).status_code == 302
    government = page_client_for(world.jiangsu)
    queue = government.get(reverse("observation-queue")).content.decode()
    assert f"/indicators/{observation.pk}/" in queue
    returned = government.post(
        reverse("observation-return", args=[world.nanjing_cluster.pk, observation.pk]), {"comment": "", "next": "queue"}
    )
    assert returned.status_code == 302
    assert Observation._base_manager.get(pk=observation.pk).status == "submitted"  # refused: no comment
    government.post(reverse("observation-verify", args=[world.nanjing_cluster.pk, observation.pk]))
    assert Observation._base_manager.get(pk=observation.pk).status == "verified"
    assert 'data-status="verified"' in government.get(detail).content.decode()
    assert body.get(reverse("observation-queue")).status_code == 403


def test_monitoring_reads_verified_values_and_names_the_unverified(world):
    from clusters.models import Cluster
    from monitoring.evaluation.inputs import load
    from monitoring.evaluation.method import DEFAULT_CONFIG

    ObservationFactory(cluster=world.nanjing_cluster, indicator=indicator("rd_intensity"), year=2024, value="3")
    ObservationFactory(
        cluster=world.nanjing_cluster, indicator=indicator("export_share"), year=2024, status="submitted"
    )
    from django.utils import timezone

    data = load(
        year=2024,
        config=DEFAULT_CONFIG,
        clusters=Cluster.objects.filter(pk=world.nanjing_cluster.pk),
        as_of=timezone.now(),
    )
    [cluster] = data.clusters
    assert cluster.observations == {"rd_intensity": {2024: 3.0}}
    assert cluster.unverified == {"export_share": [2024]}


def test_query_count_of_the_queue_does_not_grow_with_rows(world, page_client_for, django_assert_max_num_queries):
    page = page_client_for(world.jiangsu)
    ObservationFactory(cluster=world.nanjing_cluster, status="submitted", year=2001)
    with django_assert_max_num_queries(20) as one:
        page.get(reverse("observation-queue"))
    for year in range(2002, 2012):
        ObservationFactory(cluster=world.nanjing_cluster, status="submitted", year=year)
    with django_assert_max_num_queries(len(one.captured_queries)):
        page.get(reverse("observation-queue"))
