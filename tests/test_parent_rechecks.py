"""Every write and transition re-checks the parent the writer must be entitled to, not only on create: the
ministry may have moved a cluster's regions or given it to another promotion body since (cluster_govern)."""

from functools import partial

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.urls import reverse
from django.utils import translation

from clusters.imports import job as import_job
from clusters.members import services as member_services
from clusters.models import ChainLink, Collaboration, ImportJob, Member, Milestone, Observation
from clusters.profiles.services import cluster_govern
from monitoring.adjustment import services as adjustment_services
from monitoring.models import RectificationNote
from policies.library import services as library_services
from policies.models import Instrument, Policy, Toolkit
from tenancy.scoping import system_scope

from .builders.imports_files import member_row, members_csv
from .builders.policies import ensure_categories, make_instrument, make_policy, make_toolkit
from .factories import ChainLinkFactory, CollaborationFactory, MemberFactory, MilestoneFactory, ObservationFactory


@pytest.fixture(autouse=True)
def _english_and_media(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "media")
    with translation.override("en"):
        yield


def move_nanjing_to_zhejiang(world):
    cluster_govern(cluster=world.nanjing_cluster, by=world.ministry, reason="迁出江苏", regions=["330100"])


def give_nanjing_to_shenzhen_body(world):
    cluster_govern(
        cluster=world.nanjing_cluster, by=world.ministry, reason="移交", promotion_body=world.orgs["shenzhen_body"]
    )


# Toolkits: the owner's jurisdiction --------------------------------------------------------------------------------


def toolkit_state(toolkit):
    row = Toolkit._base_manager.filter(pk=toolkit.pk).values_list("title", "notes", "updated").first()
    return row, toolkit.history.count()


@pytest.fixture
def stale_toolkit(world, db):
    ensure_categories()
    toolkit = make_toolkit(world, "jiangsu", "nanjing_cluster")
    move_nanjing_to_zhejiang(world)
    return toolkit


def test_a_toolkit_whose_cluster_left_the_jurisdiction_is_not_written_through_the_api(world, client_for, stale_toolkit):
    before = toolkit_state(stale_toolkit)
    url = reverse("api:toolkit-detail", args=[stale_toolkit.pk])
    client = client_for(world.jiangsu)
    assert client.patch(url, {"notes": "改"}, format="json").status_code == 403
    assert client.delete(url).status_code == 403
    assert toolkit_state(stale_toolkit) == before


@pytest.mark.parametrize("route", ["toolkit-edit", "toolkit-delete"])
def test_a_toolkit_whose_cluster_left_the_jurisdiction_is_not_written_through_the_pages(
    world, page_client_for, stale_toolkit, route
):
    before = toolkit_state(stale_toolkit)
    client = page_client_for(world.jiangsu)
    assert client.get(reverse(route, args=[stale_toolkit.pk])).status_code == 403
    assert client.post(reverse(route, args=[stale_toolkit.pk]), {"title": "改"}).status_code == 403
    assert toolkit_state(stale_toolkit) == before


def test_the_toolkit_services_re_check_the_cluster_themselves(world, stale_toolkit):
    before = toolkit_state(stale_toolkit)
    with pytest.raises(PermissionDenied):
        library_services.toolkit_update(toolkit=stale_toolkit, by=world.jiangsu, notes="改")
    with pytest.raises(PermissionDenied):
        library_services.toolkit_delete(toolkit=stale_toolkit, by=world.jiangsu)
    assert toolkit_state(stale_toolkit) == before


def test_a_toolkit_in_the_jurisdiction_is_still_written(world, client_for):
    ensure_categories()
    toolkit = make_toolkit(world, "jiangsu", "nanjing_cluster")
    url = reverse("api:toolkit-detail", args=[toolkit.pk])
    assert client_for(world.jiangsu).patch(url, {"notes": "改"}, format="json").status_code == 200
    assert Toolkit._base_manager.get(pk=toolkit.pk).notes == "改"


# Policies and instruments: their target clusters ---------------------------------------------------------------


def policy_state(policy):
    row = Policy._base_manager.get(pk=policy.pk)
    return row.status, row.summary, row.updated, sorted(row.target_clusters.values_list("pk", flat=True))


def test_a_policy_keeping_a_target_that_left_the_jurisdiction_is_a_field_error(world, client_for):
    ensure_categories()
    policy = make_policy(world, "jiangsu", "published", targets=["nanjing_cluster"])
    move_nanjing_to_zhejiang(world)
    before = policy_state(policy)
    response = client_for(world.jiangsu).patch(
        reverse("api:policy-detail", args=[policy.pk]), {"summary": "改"}, format="json"
    )
    assert response.status_code == 400
    assert "target_clusters" in response.json()["error"]["fields"]
    assert policy_state(policy) == before
    library_services.policy_update(policy=policy, by=world.jiangsu, summary="改", target_clusters=[])
    assert policy_state(policy)[1] == "改"


def test_a_draft_targeting_a_cluster_that_left_the_jurisdiction_is_not_published(world, client_for):
    ensure_categories()
    policy = make_policy(world, "jiangsu", "draft", targets=["nanjing_cluster"])
    move_nanjing_to_zhejiang(world)
    before = policy_state(policy)
    response = client_for(world.jiangsu).post(reverse("api:policy-publish", args=[policy.pk]))
    assert response.status_code == 400
    assert "target_clusters" in response.json()["error"]["fields"]
    assert policy_state(policy) == before


def test_an_instrument_keeping_a_beneficiary_that_left_the_jurisdiction_is_a_field_error(world, client_for):
    ensure_categories()
    policy = make_policy(world, "jiangsu", "published")
    instrument = make_instrument(policy)
    instrument.target_clusters.set([world.nanjing_cluster])
    move_nanjing_to_zhejiang(world)
    response = client_for(world.jiangsu).patch(
        reverse("api:instrument-detail", args=[instrument.pk]), {"name": "改名"}, format="json"
    )
    assert response.status_code == 400
    assert "target_clusters" in response.json()["error"]["fields"]
    assert Instrument._base_manager.get(pk=instrument.pk).name == instrument.name


def test_the_ministrys_policies_target_any_cluster(world, client_for):
    ensure_categories()
    policy = make_policy(world, "ministry", "draft", targets=["nanjing_cluster"])
    move_nanjing_to_zhejiang(world)
    assert client_for(world.ministry).post(reverse("api:policy-publish", args=[policy.pk])).status_code == 200


# A cluster's rows: the promotion body -------------------------------------------------------------------------------

ROWS = {
    "api:chain-link-detail": (ChainLinkFactory, {"name": "改名"}),
    "api:milestone-detail": (MilestoneFactory, {"title": "改"}),
    "api:observation-detail": (partial(ObservationFactory, status="draft"), {"source": "改"}),
    "api:member-detail": (MemberFactory, {"name": "改名"}),
    "api:collaboration-detail": (CollaborationFactory, {"year": 2020}),
}
MODELS = {
    "api:chain-link-detail": ChainLink,
    "api:milestone-detail": Milestone,
    "api:observation-detail": Observation,
    "api:member-detail": Member,
    "api:collaboration-detail": Collaboration,
}


def row_state(model, pk):
    return model._base_manager.filter(pk=pk).values().first()


@pytest.mark.parametrize("route", sorted(ROWS))
def test_a_body_that_no_longer_promotes_the_cluster_writes_none_of_its_rows(world, client_for, route):
    factory, data = ROWS[route]
    row = factory(cluster=world.nanjing_cluster)
    url = reverse(route, args=[row.pk])
    assert client_for(world.nanjing_body).patch(url, data, format="json").status_code == 200
    give_nanjing_to_shenzhen_body(world)
    before = row_state(MODELS[route], row.pk)
    old = client_for(world.nanjing_body)
    assert old.patch(url, data, format="json").status_code == 404
    assert old.delete(url).status_code == 404
    assert row_state(MODELS[route], row.pk) == before
    assert client_for(world.shenzhen_body).delete(url).status_code == 204


def test_a_member_does_not_move_to_another_cluster(world, client_for):
    member = MemberFactory(cluster=world.nanjing_cluster)
    before = row_state(Member, member.pk)
    response = client_for(world.nanjing_body).patch(
        reverse("api:member-detail", args=[member.pk]), {"cluster": world.provincial_cluster.pk}, format="json"
    )
    assert response.status_code == 400
    assert "cluster" in response.json()["error"]["fields"]
    with pytest.raises(ValidationError):
        member_services.member_update(member=member, by=world.nanjing_body, cluster=world.provincial_cluster)
    assert row_state(Member, member.pk) == before


# Imports: the uploader still imports into the cluster -------------------------------------------------------------


def queued_job(world, *, dry_run):
    ChainLink.objects.create(cluster=world.nanjing_cluster, name="输变电设备", segment="midstream", position=1)
    job = ImportJob(
        cluster=world.nanjing_cluster,
        kind="members",
        dry_run=dry_run,
        original_name="m.csv",
        created_by=world.nanjing_body,
    )
    job.file.save("m.csv", ContentFile(members_csv([member_row(n) for n in range(1, 4)])), save=False)
    job.save()
    return job


def test_an_import_queued_before_the_cluster_changed_hands_writes_nothing(world):
    job = queued_job(world, dry_run=False)
    give_nanjing_to_shenzhen_body(world)
    with system_scope():
        import_job.import_job_run(job=job)
    job.refresh_from_db()
    assert job.status == ImportJob.Status.FAILED
    assert "no longer imports into this cluster" in job.message
    assert not Member._base_manager.filter(cluster=world.nanjing_cluster).exists()


def test_an_import_by_the_promotion_body_still_runs(world):
    job = queued_job(world, dry_run=False)
    with system_scope():
        import_job.import_job_run(job=job)
    job.refresh_from_db()
    assert job.status == ImportJob.Status.SUCCEEDED, job.message
    assert Member._base_manager.filter(cluster=world.nanjing_cluster).count() == 3


def test_a_dry_run_is_not_committed_by_a_body_that_lost_the_cluster(world):
    job = queued_job(world, dry_run=True)
    job.status = ImportJob.Status.SUCCEEDED
    job.save()
    give_nanjing_to_shenzhen_body(world)
    jobs = ImportJob._base_manager.count()
    with pytest.raises(PermissionDenied):
        import_job.import_job_commit(job=job, by=world.nanjing_body)
    assert ImportJob._base_manager.count() == jobs


# Rectification notes: the body or a supervising government --------------------------------------------------------


@pytest.mark.parametrize("role", ["jiangsu", "nanjing_body"])
def test_a_note_is_refused_once_the_writer_no_longer_answers_for_the_cluster(world, client_for, role):
    if role == "jiangsu":
        move_nanjing_to_zhejiang(world)
    else:
        give_nanjing_to_shenzhen_body(world)
    with pytest.raises(PermissionDenied):
        adjustment_services.rectification_create(cluster=world.nanjing_cluster, text="整改", by=world.user(role))
    response = client_for(world.user(role)).post(
        reverse("api:rectification-note-list"), {"cluster": world.nanjing_cluster.pk, "text": "整改"}, format="json"
    )
    assert response.status_code in (400, 403)
    assert not RectificationNote._base_manager.exists()


def test_another_promotion_body_files_no_note_for_a_cluster(world):
    with pytest.raises(PermissionDenied):
        adjustment_services.rectification_create(cluster=world.nanjing_cluster, text="整改", by=world.shenzhen_body)
    assert not RectificationNote._base_manager.exists()


@pytest.mark.parametrize("role", ["jiangsu", "nanjing_body"])
def test_the_body_and_the_supervising_government_file_notes(world, role):
    note = adjustment_services.rectification_create(cluster=world.nanjing_cluster, text="整改", by=world.user(role))
    assert note.organisation_id == world.orgs[role].pk


def test_the_rectification_form_is_offered_only_to_who_answers_for_the_cluster(world, page_client_for):
    url = reverse("rectification-list", args=[world.cross_cluster.pk])
    for role, offered in (("shenzhen_body", True), ("jiangsu", True), ("guangdong", True), ("ministry", False)):
        page = page_client_for(world.user(role)).get(url).content.decode()
        assert ('name="text"' in page) == offered, role
