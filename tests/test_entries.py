"""Competition entries: every transition and every refused one, the submission window and the freeze at the
deadline, autosave with revisions, evidence uploads (type, magic bytes, size) and downloads (who may), versions,
endorsements by every supervising government, competitors' isolation, and the query counts of the lists."""

import io
import zipfile
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from evaluations.entries import services
from evaluations.models import ClaimedValue, Criterion, Endorsement, Round, Submission, SubmissionEvent
from tenancy.errors import Refusal

from .builders.competitions import PDF, entries, fill, make_competition, pdf
from .conftest import count_queries

EN = {"HTTP_ACCEPT_LANGUAGE": "en"}


def fresh(submission):
    return Submission.objects.get(pk=submission.pk)


def actions(submission):
    return list(SubmissionEvent.objects.filter(submission=submission).order_by("pk").values_list("action", flat=True))


def decisions(submission):
    return {
        (e.organisation.slug, e.version.number): e.decision
        for e in Endorsement.objects.filter(submission=submission).select_related("organisation", "version")
    }


def shift_round(round_, *, opens, closes, review=None):
    now = timezone.now()
    review = review if review is not None else closes + 1
    Round.objects.filter(pk=round_.pk).update(
        submission_opens=now + timedelta(days=opens),
        submission_closes=now + timedelta(days=closes),
        review_opens=now + timedelta(days=review),
        review_closes=now + timedelta(days=review + 10),
    )
    round_.refresh_from_db()


# The whole path ----------------------------------------------------------------------------------------------------


def test_cross_region_entry_needs_every_supervising_government(world, client_for):
    cross = entries(world)["submitted:cross"]
    assert decisions(cross) == {("t-guangdong", 1): "pending", ("t-jiangsu", 1): "pending"}
    response = client_for(world.jiangsu).post(reverse("api:entry-endorse", args=[cross.pk]), {"comment": "同意推荐"})
    assert response.status_code == 200
    assert response.json()["status"] == "submitted"  # Guangdong has not decided yet
    response = client_for(world.guangdong).post(reverse("api:entry-endorse", args=[cross.pk]), {})
    assert response.json()["status"] == "endorsed"
    assert decisions(cross) == {("t-guangdong", 1): "endorsed", ("t-jiangsu", 1): "endorsed"}
    response = client_for(world.ministry).post(reverse("api:entry-eligible", args=[cross.pk]), {}, **EN)
    assert response.json()["status"] == "eligible"
    assert actions(cross) == ["created", "submitted", "endorsed", "endorsed", "fully_endorsed", "eligible"]
    trail = client_for(world.shenzhen_body).get(reverse("api:entry-trail", args=[cross.pk])).json()
    assert [(e["action"], e["actor"], e["from_status"], e["to_status"]) for e in trail][2:4] == [
        ("endorsed", "t-jiangsu", "submitted", "submitted"),
        ("endorsed", "t-guangdong", "submitted", "submitted"),
    ]
    assert trail[2]["comment"] == "同意推荐"
    history = client_for(world.ministry).get(reverse("api:entry-history", args=[cross.pk])).json()
    assert history[0]["user"] == "t-ministry" and history[0]["reason"] == "Declared eligible"


def test_single_region_entry_still_needs_its_government(world, client_for):
    shenzhen = entries(world)["submitted:shenzhen"]
    assert decisions(shenzhen) == {("t-guangdong", 1): "pending"}
    assert client_for(world.jiangsu).post(reverse("api:entry-endorse", args=[shenzhen.pk])).status_code == 404


def test_return_then_edit_and_resubmit_makes_a_new_version(world, client_for):
    cross = entries(world)["submitted:cross"]
    body = client_for(world.shenzhen_body)
    response = client_for(world.guangdong).post(
        reverse("api:entry-return", args=[cross.pk]), {"comment": "请补充产业链协作数据。"}
    )
    assert response.json()["status"] == "returned"
    assert decisions(cross) == {("t-guangdong", 1): "returned", ("t-jiangsu", 1): "withdrawn"}
    # Jiangsu can no longer decide on the returned version.
    refused = client_for(world.jiangsu).post(reverse("api:entry-endorse", args=[cross.pk]), **EN)
    assert refused.status_code == 409
    assert refused.json()["error"]["message"] == (
        "This entry is Returned and is not waiting for your government's decision."
    )
    revision = fresh(cross).revision
    saved = body.patch(
        reverse("api:entry-detail", args=[cross.pk]),
        {"sections": {"chain": "补充：本地配套率 82%。"}, "revision": revision},
        format="json",
    )
    assert saved.status_code == 200 and saved.json()["revision"] == revision + 1
    assert body.post(reverse("api:entry-submit", args=[cross.pk])).json()["status"] == "submitted"
    versions = body.get(reverse("api:entry-versions", args=[cross.pk])).json()
    assert [v["number"] for v in versions] == [2, 1]
    assert versions[0]["snapshot"]["sections"]["chain"] == "补充：本地配套率 82%。"
    assert versions[1]["snapshot"]["sections"]["chain"] == "chain：集群的情况说明。"  # v1 is as it was
    assert decisions(cross)[("t-jiangsu", 2)] == "pending" and decisions(cross)[("t-guangdong", 2)] == "pending"
    assert actions(cross) == ["created", "submitted", "returned", "submitted"]
    assert SubmissionEvent.objects.get(submission=cross, action="returned").comment == "请补充产业链协作数据。"


# Refused transitions -----------------------------------------------------------------------------------------------


def test_submitting_twice_is_refused(world, client_for):
    cross = entries(world)["submitted:cross"]
    response = client_for(world.shenzhen_body).post(reverse("api:entry-submit", args=[cross.pk]), **EN)
    assert response.status_code == 409
    assert response.json()["error"] == {
        "status": 409,
        "code": "invalid_transition",
        "message": "Only a draft or returned entry can be submitted; this one is Submitted.",
    }
    assert Submission.objects.get(pk=cross.pk).status == "submitted"


def test_endorsing_twice_is_refused(world, client_for):
    wuxi = entries(world)["endorsed:wuxi"]
    response = client_for(world.jiangsu).post(reverse("api:entry-endorse", args=[wuxi.pk]))
    assert response.status_code == 409
    assert actions(wuxi).count("endorsed") == 1


def test_return_needs_a_comment(world, client_for):
    cross = entries(world)["submitted:cross"]
    response = client_for(world.jiangsu).post(reverse("api:entry-return", args=[cross.pk]), {"comment": ""})
    assert response.status_code == 400
    assert "comment" in response.json()["error"]["fields"]
    assert fresh(cross).status == "submitted"


def test_eligibility_needs_an_endorsed_entry(world, client_for):
    shenzhen = entries(world)["submitted:shenzhen"]
    response = client_for(world.ministry).post(reverse("api:entry-eligible", args=[shenzhen.pk]), **EN)
    assert response.status_code == 409
    assert fresh(shenzhen).status == "submitted"


def test_a_submitted_entry_cannot_be_edited(world, client_for):
    cross = entries(world)["submitted:cross"]
    before = fresh(cross).sections
    response = client_for(world.shenzhen_body).patch(
        reverse("api:entry-detail", args=[cross.pk]),
        {"sections": {"overview": "偷偷改"}, "revision": fresh(cross).revision},
        format="json",
        **EN,
    )
    assert response.status_code == 409
    assert response.json()["error"]["message"] == (
        "The entry is Submitted: it can be changed only after a government returns it."
    )
    assert fresh(cross).sections == before


def test_incomplete_entry_cannot_be_submitted(world, client_for):
    competition, round_ = make_competition(by=world.ministry, name="另一竞赛")
    submission = services.submission_create(round=round_, cluster=world.nanjing_cluster, by=world.nanjing_body)
    response = client_for(world.nanjing_body).post(reverse("api:entry-submit", args=[submission.pk]), **EN)
    assert response.status_code == 409
    error = response.json()["error"]
    assert error["code"] == "incomplete"
    assert "Write the section “Cluster overview”." in error["message"]
    assert "Claim a value for “营业收入”." in error["message"]
    assert fresh(submission).status == "draft"


def test_no_supervising_government_means_no_submission(world):
    _competition, round_ = make_competition(by=world.ministry, name="地市级背书竞赛")
    from evaluations.models import Competition

    Competition.objects.filter(pk=round_.competition_id).update(endorsement_level="prefecture")
    round_.refresh_from_db()
    submission = fill(
        services.submission_create(round=round_, cluster=world.nanjing_cluster, by=world.nanjing_body),
        by=world.nanjing_body,
    )
    with pytest.raises(Refusal) as refused:
        services.submission_submit(submission=submission, by=world.nanjing_body)
    assert refused.value.code == "invalid_transition"
    assert fresh(submission).status == "draft"


def test_supervising_governments_at_prefecture_level(world):
    from evaluations.entries.selectors import supervising_governments
    from tenancy.models import Organisation
    from tests.factories import OrganisationFactory

    suzhou = OrganisationFactory(kind=Organisation.Kind.LOCAL, slug="t-suzhou", region_id="320500")
    OrganisationFactory(kind=Organisation.Kind.LOCAL, slug="t-nanjing-gov", region_id="320100")
    assert supervising_governments(cluster=world.cross_cluster, level="prefecture") == [suzhou]
    assert [o.slug for o in supervising_governments(cluster=world.cross_cluster, level="province")] == [
        "t-jiangsu",
        "t-guangdong",
    ]


# Windows -----------------------------------------------------------------------------------------------------------


def test_submission_before_the_window_opens_is_refused(world):
    _competition, round_ = make_competition(by=world.ministry, name="未开放竞赛")
    submission = fill(
        services.submission_create(round=round_, cluster=world.nanjing_cluster, by=world.nanjing_body),
        by=world.nanjing_body,
    )
    with pytest.raises(Refusal) as refused:
        services.submission_submit(
            submission=submission, by=world.nanjing_body, now=round_.submission_opens - timedelta(seconds=1)
        )
    assert refused.value.code == "window"
    services.submission_submit(submission=submission, by=world.nanjing_body, now=round_.submission_opens)
    assert fresh(submission).status == "submitted"


def test_entry_is_frozen_at_the_deadline(world, client_for):
    submission = entries(world)["draft:nanjing"]
    round_ = submission.round
    deadline = round_.submission_closes
    criterion = Criterion.objects.get(round=round_, kind="indicator")
    revision = fresh(submission).revision
    just_before = deadline - timedelta(microseconds=1)
    services.submission_save_draft(
        submission=submission, sections={"plan": "最后一刻"}, revision=revision, by=world.nanjing_body, now=just_before
    )
    revision += 1
    for attempt in (
        lambda: services.submission_save_draft(
            submission=submission, sections={"plan": "迟了"}, revision=revision, by=world.nanjing_body, now=deadline
        ),
        lambda: services.claimed_value_set(
            submission=submission, criterion=criterion, value=1, by=world.nanjing_body, now=deadline
        ),
        lambda: services.submission_submit(submission=submission, by=world.nanjing_body, now=deadline),
    ):
        with pytest.raises(Refusal) as refused:
            attempt()
        assert refused.value.code == "frozen"
    assert fresh(submission).sections["plan"] == "最后一刻"
    # Through the API, with the round's deadline moved into the past.
    shift_round(round_, opens=-20, closes=-1)
    response = client_for(world.nanjing_body).post(reverse("api:entry-submit", args=[submission.pk]), **EN)
    assert response.status_code == 409
    assert response.json()["error"]["code"] == "frozen"
    assert "the entry is frozen and cannot be changed" in response.json()["error"]["message"]
    page = client_for(world.nanjing_body).post(
        reverse("api:entry-claims", args=[submission.pk]), {"criterion": criterion.pk, "value": "5"}
    )
    assert page.status_code == 409
    assert ClaimedValue.objects.get(submission=submission).value == 1200.5


def test_no_new_entry_after_the_deadline(world):
    _competition, round_ = make_competition(by=world.ministry, name="截止竞赛")
    with pytest.raises(Refusal):
        services.submission_create(
            round=round_, cluster=world.nanjing_cluster, by=world.nanjing_body, now=round_.submission_closes
        )
    assert not Submission.objects.filter(round=round_).exists()


def test_a_government_cannot_return_after_the_deadline_but_can_endorse(world):
    cross = entries(world)["submitted:cross"]
    closes = cross.round.submission_closes
    with pytest.raises(Refusal) as refused:
        services.submission_return(submission=cross, by=world.jiangsu, comment="晚了", now=closes)
    assert refused.value.code == "frozen"
    services.submission_endorse(submission=cross, by=world.jiangsu, now=closes)
    assert decisions(cross)[("t-jiangsu", 1)] == "endorsed"


def test_endorsements_close_when_the_review_opens(world):
    shenzhen = entries(world)["submitted:shenzhen"]
    with pytest.raises(Refusal) as refused:
        services.submission_endorse(submission=shenzhen, by=world.guangdong, now=shenzhen.round.review_opens)
    assert refused.value.code == "window"
    assert fresh(shenzhen).status == "submitted"


# Autosave ----------------------------------------------------------------------------------------------------------


def test_stale_autosave_is_refused(world, client_for, page_client_for):
    submission = entries(world)["draft:nanjing"]
    revision = fresh(submission).revision
    first_tab = page_client_for(world.nanjing_body)
    response = first_tab.post(
        reverse("entry-autosave", args=[submission.pk]), {"overview": "第一个标签页", "revision": revision}, **EN
    )
    assert response.status_code == 200
    assert "Saved at" in response.content.decode()
    assert f'value="{revision + 1}"' in response.content.decode()  # the form's revision moves on (out of band)
    second_tab = client_for(world.nanjing_body).patch(
        reverse("api:entry-detail", args=[submission.pk]),
        {"sections": {"overview": "第二个标签页"}, "revision": revision},
        format="json",
        **EN,
    )
    assert second_tab.status_code == 409
    assert second_tab.json()["error"]["code"] == "stale"
    assert fresh(submission).sections["overview"] == "第一个标签页"
    stale_page = first_tab.post(
        reverse("entry-autosave", args=[submission.pk]), {"overview": "旧的", "revision": revision}, **EN
    )
    assert stale_page.status_code == 409
    assert "Reload the page" in stale_page.content.decode()
    assert fresh(submission).sections["overview"] == "第一个标签页"


def test_entry_form_has_the_autosave_trigger(world, page_client_for):
    submission = entries(world)["draft:nanjing"]
    page = page_client_for(world.nanjing_body).get(reverse("entry-edit", args=[submission.pk])).content.decode()
    assert 'hx-trigger="input changed delay:800ms"' in page
    assert reverse("entry-autosave", args=[submission.pk]) in page
    assert f'value="{fresh(submission).revision}"' in page


# Uploads -----------------------------------------------------------------------------------------------------------


def claim(client, submission, upload, value="10"):
    criterion = Criterion.objects.get(round=submission.round, kind="indicator")
    return client.post(
        reverse("api:entry-claims", args=[submission.pk]),
        {"criterion": criterion.pk, "value": value, "evidence": upload},
        format="multipart",
        **EN,
    )


def docx_bytes(member="word/document.xml"):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr(member, "<w:document/>")
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("evidence.pdf", b"MZ\x90\x00 not a pdf", "The content of the file is not a PDF file."),
        ("evidence.exe", PDF, "Upload a PDF, XLSX, DOCX, PNG or JPEG file (.exe is not accepted)."),
        ("evidence.docx", docx_bytes("xl/workbook.xml"), "The content of the file is not a DOCX file."),
        ("evidence.png", b"", "The submitted file is empty."),
    ],
    ids=["pdf-magic", "extension", "docx-kind", "empty"],
)
def test_uploads_are_checked_by_extension_and_content(world, client_for, name, content, message):
    from django.core.files.uploadedfile import SimpleUploadedFile

    submission = entries(world)["draft:nanjing"]
    before = ClaimedValue.objects.get(submission=submission).evidence_sha256
    response = claim(client_for(world.nanjing_body), submission, SimpleUploadedFile(name, content))
    assert response.status_code == 400
    assert response.json()["error"]["fields"]["evidence"] == [message]
    assert ClaimedValue.objects.get(submission=submission).evidence_sha256 == before


def test_uploads_above_the_size_limit_are_refused(world, client_for, settings):
    settings.COMPETITION_EVIDENCE_MAX_MB = 1
    submission = entries(world)["draft:nanjing"]
    big = pdf(content=PDF + b"0" * (1024 * 1024))
    response = claim(client_for(world.nanjing_body), submission, big)
    assert response.status_code == 400
    assert response.json()["error"]["fields"]["evidence"] == ["The file is 1.0 MB; at most 1 MB is accepted."]


def test_a_genuine_docx_is_accepted_and_replaces_the_file(world, client_for):
    from django.core.files.uploadedfile import SimpleUploadedFile

    submission = entries(world)["draft:nanjing"]
    response = claim(client_for(world.nanjing_body), submission, SimpleUploadedFile("年报.docx", docx_bytes()), "88")
    assert response.status_code == 200, response.content
    body = response.json()
    assert (body["value"], body["evidence_name"], body["evidence_type"]) == (
        88.0,
        "年报.docx",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    )
    claimed = ClaimedValue.objects.get(submission=submission)
    assert claimed.evidence.name.startswith(f"competition-evidence/entry-{submission.pk}/")


# Evidence downloads and isolation ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("role", "entry", "status"),
    [
        ("nanjing_body", "draft:nanjing", 200),
        ("nanjing_viewer", "draft:nanjing", 200),
        ("shenzhen_body", "draft:nanjing", 404),
        ("jiangsu", "draft:nanjing", 404),
        ("ministry", "draft:nanjing", 404),
        ("jiangsu", "submitted:cross", 200),
        ("guangdong", "submitted:cross", 200),
        ("ministry", "submitted:cross", 200),
        ("nanjing_body", "submitted:cross", 404),
        ("jiangsu", "submitted:shenzhen", 404),
        ("expert", "submitted:shenzhen", 404),
    ],
)
def test_evidence_download_follows_the_entry(world, client_for, page_client_for, role, entry, status):
    submission = entries(world)[entry]
    claimed = ClaimedValue.objects.get(submission=submission)
    api = client_for(world.user(role)).get(reverse("api:entry-evidence", args=[submission.pk, claimed.pk]))
    page = page_client_for(world.user(role)).get(reverse("entry-evidence", args=[submission.pk, claimed.pk]))
    assert (api.status_code, page.status_code) == (status, status)
    if status == 200:
        assert page["Content-Disposition"].startswith("attachment")
        assert page["X-Content-Type-Options"] == "nosniff"
        assert b"".join(page.streaming_content) == PDF


def test_competitors_never_see_each_others_entries(world, client_for, page_client_for):
    data = entries(world)
    nanjing_api = client_for(world.nanjing_body).get(reverse("api:entry-list")).json()
    assert [row["id"] for row in nanjing_api["results"]] == [data["draft:nanjing"].pk]
    shenzhen_api = client_for(world.shenzhen_body).get(reverse("api:entry-list")).json()
    assert {row["id"] for row in shenzhen_api["results"]} == {data["submitted:cross"].pk, data["submitted:shenzhen"].pk}
    page = page_client_for(world.nanjing_body).get(reverse("entry-list") + "?view=all").content.decode()
    assert world.nanjing_cluster.name in page
    assert world.shenzhen_cluster.name not in page and world.cross_cluster.name not in page
    for other in ("submitted:cross", "submitted:shenzhen", "endorsed:wuxi"):
        assert client_for(world.nanjing_body).get(reverse("api:entry-detail", args=[data[other].pk])).status_code == 404
        assert (
            page_client_for(world.nanjing_body).get(reverse("entry-detail", args=[data[other].pk])).status_code == 404
        )


def test_lists_hold_exactly_the_visible_entries(world, client_for):
    from .builders.competitions import READS

    data = entries(world)
    for role, names in READS.items():
        body = client_for(world.user(role)).get(reverse("api:entry-list")).json()
        assert {row["id"] for row in body["results"]} == {data[name].pk for name in names}, role


def test_to_endorse_list_of_a_government(world, client_for, page_client_for):
    data = entries(world)
    body = client_for(world.jiangsu).get(reverse("api:entry-list") + "?to_endorse=true").json()
    assert [row["id"] for row in body["results"]] == [data["submitted:cross"].pk]
    page = page_client_for(world.guangdong).get(reverse("entry-list")).content.decode()
    assert world.cross_cluster.name in page and world.shenzhen_cluster.name in page


# Pages -------------------------------------------------------------------------------------------------------------


def test_endorse_and_return_through_the_pages(world, page_client_for):
    cross = entries(world)["submitted:cross"]
    jiangsu = page_client_for(world.jiangsu)
    detail = jiangsu.get(reverse("entry-detail", args=[cross.pk]), **EN).content.decode()
    assert "Endorse…" in detail and "Return…" in detail
    confirm = jiangsu.get(reverse("entry-return", args=[cross.pk]), **EN)
    assert confirm.status_code == 200 and "What should the promotion body change?" in confirm.content.decode()
    assert jiangsu.post(reverse("entry-return", args=[cross.pk]), {"comment": ""}).status_code == 400
    assert jiangsu.post(reverse("entry-endorse", args=[cross.pk]), {"comment": "同意"}).status_code == 302
    guangdong = page_client_for(world.guangdong)
    assert guangdong.post(reverse("entry-return", args=[cross.pk]), {"comment": "请修改"}).status_code == 302
    assert fresh(cross).status == "returned"
    owner_page = page_client_for(world.shenzhen_body).get(reverse("entry-detail", args=[cross.pk])).content.decode()
    assert "请修改" in owner_page and "v1" in owner_page


def test_start_edit_claim_and_submit_through_the_pages(world, page_client_for):
    _competition, round_ = make_competition(by=world.ministry, name="页面竞赛")
    client = page_client_for(world.nanjing_body)
    response = client.post(reverse("entry-add"), {"round": round_.pk, "cluster": world.nanjing_cluster.pk})
    assert response.status_code == 302
    submission = Submission.objects.get(round=round_, cluster=world.nanjing_cluster)
    sections = dict.fromkeys(("overview", "chain", "innovation", "openness", "governance", "plan"), "内容")
    response = client.post(reverse("entry-edit", args=[submission.pk]), {**sections, "revision": 0})
    assert response.status_code == 302
    criterion = Criterion.objects.get(round=round_, kind="indicator")
    prefix = f"claim-{criterion.pk}"
    response = client.post(
        reverse("entry-claim", args=[submission.pk, criterion.pk]),
        {f"{prefix}-value": "-1", f"{prefix}-evidence": pdf()},
        **EN,
    )
    assert response.status_code == 400 and "The value cannot be negative." in response.content.decode()
    response = client.post(
        reverse("entry-claim", args=[submission.pk, criterion.pk]),
        {f"{prefix}-value": "3500", f"{prefix}-note": "统计年鉴", f"{prefix}-evidence": pdf()},
    )
    assert response.status_code == 302
    assert client.get(reverse("entry-submit", args=[submission.pk])).status_code == 200
    assert client.post(reverse("entry-submit", args=[submission.pk])).status_code == 302
    submission = fresh(submission)
    assert submission.status == "submitted" and submission.versions.count() == 1
    snapshot = submission.versions.get().snapshot
    assert snapshot["claimed_values"][0]["value"] == "3500"
    assert snapshot["claimed_values"][0]["evidence"]["name"] == "evidence.pdf"
    assert client.get(reverse("entry-version", args=[submission.pk, 1])).status_code == 200
    # Submitted: the edit page sends the body back to the entry with the reason.
    assert client.get(reverse("entry-edit", args=[submission.pk])).status_code == 302


# Query counts ------------------------------------------------------------------------------------------------------


def grow_entries(world, n):
    from .factories import ClusterFactory

    round_ = entries(world)["round"]
    for _ in range(n):
        cluster = ClusterFactory(promotion_body=world.orgs["nanjing_body"], region_codes=["320100"])
        submission = fill(
            services.submission_create(round=round_, cluster=cluster, by=world.nanjing_body), by=world.nanjing_body
        )
        services.submission_submit(submission=submission, by=world.nanjing_body)


ENTRY_LISTS = [("api:entry-list", True), ("entry-list", False)]


@pytest.mark.parametrize(("route", "api"), ENTRY_LISTS, ids=[e[0] for e in ENTRY_LISTS])
@pytest.mark.parametrize("role", ["ministry", "jiangsu", "nanjing_body"])
def test_entry_list_query_count_does_not_grow(world, client_for, page_client_for, route, api, role):
    entries(world)
    client = client_for(world.user(role)) if api else page_client_for(world.user(role))
    url = reverse(route) + ("" if api else "?view=all")
    client.get(url)
    few = count_queries(lambda: client.get(url))
    grow_entries(world, 6)
    many = count_queries(lambda: client.get(url))
    assert few == many, f"{route}: {few} queries with few entries, {many} with more"


def test_export_holds_the_visible_entries_with_formulas_escaped(world, page_client_for):
    from .builders.exports import exported
    from .factories import ClusterFactory

    data = entries(world)
    tricky = ClusterFactory(name='=HYPERLINK("http://x")集群', promotion_body=world.orgs["nanjing_body"])
    services.submission_create(round=data["round"], cluster=tricky, by=world.nanjing_body)
    rows = exported(page_client_for(world.nanjing_body), "evaluations.entries", "xlsx", query="view=all&page=1")
    names = sorted(row[0] for row in rows[1:])
    assert names == sorted([world.nanjing_cluster.name, '\'=HYPERLINK("http://x")集群'])


# Notifications ---------------------------------------------------------------------------------------------------


def notified(kind):
    from tenancy.models import Notification

    return sorted(Notification.objects.filter(kind=kind).values_list("organisation__slug", flat=True))


def test_each_decision_notifies_the_organisations_it_concerns(world, client_for, page_client_for):
    cross = entries(world)["submitted:cross"]
    assert notified("entries.submitted") == [
        "t-guangdong",
        "t-guangdong",
        "t-jiangsu",
        "t-jiangsu",
    ]  # cross, shenzhen, wuxi
    client_for(world.jiangsu).post(reverse("api:entry-endorse", args=[cross.pk]), {})
    assert notified("entries.endorsed") == ["t-shenzhen-ict", "t-wuxi-iot"]  # wuxi: endorsed while the world was built
    client_for(world.guangdong).post(reverse("api:entry-return", args=[cross.pk]), {"comment": "补充证明材料"})
    assert notified("entries.returned") == ["t-jiangsu", "t-shenzhen-ict"]
    page = page_client_for(world.shenzhen_body).get(reverse("notification-list"), **EN).content.decode()
    assert "returned the entry of" in page and "补充证明材料" in page
