"""Partner search (issue 14 item 4): the post workflow and its refusals, interest and the exchange of contacts,
visibility per role, notifications, following a cluster, the work queue and the list's query counts."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from clusters.models import ChainCategory
from exchange.posts import services
from exchange.posts.models import Follow, Interest, Post
from tenancy.models import Notification

from .builders.posts import CONTACT, PUBLISHER_CONTACT, make_interest, make_post, post_state
from .factories import ChainCategoryFactory

pytestmark = pytest.mark.django_db


def notes(world, organisation, kind):
    return list(
        Notification.objects.filter(organisation=world.orgs[organisation], kind=kind).values_list("params", flat=True)
    )


def api(client_for, world, role):
    return client_for(world.user(role))


# The workflow ------------------------------------------------------------------------------------------------------


def test_a_post_goes_from_draft_to_open_to_closed_with_its_outcome_and_history(world):
    post = make_post(world, state="draft")
    assert (post.status, post.opened_at) == ("draft", None)
    post = services.post_open(post=post, by=world.shenzhen_body)
    assert post.status == "open" and post.opened_at is not None
    post = services.post_close(post=post, by=world.shenzhen_body, outcome="partner_found", note="与南京对接成功")
    post.refresh_from_db()
    assert (post.status, post.outcome, post.outcome_note) == ("closed", "partner_found", "与南京对接成功")
    assert [record.status for record in post.history.order_by("history_id")] == ["draft", "open", "closed"]


def test_an_open_post_past_its_date_is_expired_and_leaves_the_open_list(world, client_for):
    post = make_post(world, state="expired")
    assert (post.status, post.state, post.is_live) == ("open", "expired", False)
    body = api(client_for, world, "nanjing_body").get(reverse("api:post-list")).json()
    assert body["count"] == 0
    mine = api(client_for, world, "shenzhen_body").get(reverse("api:post-list"), {"mine": "true"}).json()
    assert [(row["id"], row["state"]) for row in mine["results"]] == [(post.pk, "expired")]


@pytest.mark.parametrize(
    ("days", "message"),
    [(0, "The expiry date must lie in the future."), (366, "A post expires at most a year from today.")],
)
def test_the_expiry_date_lies_ahead_within_a_year(world, client_for, days, message):
    response = api(client_for, world, "shenzhen_body").post(
        reverse("api:post-list"),
        {
            "cluster": world.shenzhen_cluster.pk,
            "direction": "need",
            "kind": "supply",
            "title": "芯片",
            "description": "需要芯片",
            "region": "440300",
            "expires_on": (timezone.localdate() + datetime.timedelta(days=days)).isoformat(),
        },
        format="json",
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert response.status_code == 400
    assert response.json()["error"]["fields"]["expires_on"] == [message]
    assert Post.objects.count() == 0


def test_a_body_posts_only_for_a_cluster_it_promotes(world, client_for):
    response = api(client_for, world, "shenzhen_body").post(
        reverse("api:post-list"),
        {
            "cluster": world.nanjing_cluster.pk,
            "direction": "need",
            "kind": "supply",
            "title": "芯片",
            "description": "需要芯片",
            "region": "440300",
            "expires_on": (timezone.localdate() + datetime.timedelta(days=30)).isoformat(),
        },
        format="json",
    )
    assert response.status_code == 400  # another body's cluster is not one it can see: "does not exist"
    assert Post.objects.count() == 0


def test_the_api_creates_a_draft_with_a_category_of_its_own(world, client_for):
    category = ChainCategory.objects.get(field_id="ngit", name="芯片与元器件")  # shipped taxonomy
    response = api(client_for, world, "shenzhen_body").post(
        reverse("api:post-list"),
        {
            "cluster": world.shenzhen_cluster.pk,
            "direction": "need",
            "kind": "supply",
            "title": "射频芯片",
            "description": "需要射频前端芯片",
            "category": category.pk,
            "region": "440300",
            "expires_on": (timezone.localdate() + datetime.timedelta(days=30)).isoformat(),
        },
        format="json",
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert (body["status"], body["category_name"], body["publisher"]) == (
        "draft",
        "芯片与元器件",
        world.orgs["shenzhen_body"].pk,
    )


@pytest.mark.parametrize(
    ("state", "route", "data", "code"),
    [
        ("open", "api:post-open", {}, "invalid_transition"),
        ("closed", "api:post-open", {}, "invalid_transition"),
        ("draft", "api:post-close", {"outcome": "withdrawn"}, "invalid_transition"),
        ("closed", "api:post-close", {"outcome": "withdrawn"}, "invalid_transition"),
        ("closed", "api:post-detail", {"title": "改"}, "not_editable"),
    ],
)
def test_a_step_the_state_does_not_allow_is_refused_and_changes_nothing(world, client_for, state, route, data, code):
    post = make_post(world, state=state)
    before = post_state(post)
    client = api(client_for, world, "shenzhen_body")
    url = reverse(route, args=[post.pk])
    response = client.patch(url, data, format="json") if route == "api:post-detail" else client.post(url, data)
    assert response.status_code == 409
    assert response.json()["error"]["code"] == code
    assert post_state(post) == before


def test_an_opened_post_cannot_be_deleted_only_closed(world, client_for):
    post = make_post(world, state="open")
    response = api(client_for, world, "shenzhen_body").delete(reverse("api:post-detail", args=[post.pk]))
    assert response.status_code == 409 and response.json()["error"]["code"] == "not_editable"
    assert Post.objects.filter(pk=post.pk).exists()


def test_a_draft_whose_date_passed_opens_only_with_a_new_date(world, client_for):
    post = make_post(world, state="draft")
    Post.objects.filter(pk=post.pk).update(expires_on=timezone.localdate())
    response = api(client_for, world, "shenzhen_body").post(reverse("api:post-open", args=[post.pk]))
    assert response.status_code == 400
    assert Post.objects.get(pk=post.pk).status == "draft"


def test_a_body_that_no_longer_promotes_the_cluster_cannot_touch_its_post(world, client_for):
    post = make_post(world, state="draft")
    type(world.shenzhen_cluster).objects.filter(pk=world.shenzhen_cluster.pk).update(
        promotion_body=world.orgs["nanjing_body"]
    )
    response = api(client_for, world, "shenzhen_body").post(reverse("api:post-open", args=[post.pk]))
    assert response.status_code == 404  # its draft is now the new body's
    assert Post.objects.get(pk=post.pk).status == "draft"


# Visibility --------------------------------------------------------------------------------------------------------

ORGANISATIONS = ["ministry", "jiangsu", "guangdong", "nanjing_body", "shenzhen_body", "nanjing_viewer"]


@pytest.mark.parametrize("role", [*ORGANISATIONS, "expert"])
def test_open_posts_are_for_every_organisation_and_drafts_for_the_publisher_alone(world, client_for, role):
    open_post = make_post(world, state="open", title="公开的供给")
    draft = make_post(world, state="draft", title="草稿")
    closed = make_post(world, state="closed", title="已关闭")
    client = api(client_for, world, role)
    listed = {row["id"] for row in client.get(reverse("api:post-list")).json().get("results", [])}
    expected_open = {open_post.pk} if role in ORGANISATIONS else set()
    assert listed == expected_open
    for post in (open_post, draft, closed):
        status = client.get(reverse("api:post-detail", args=[post.pk])).status_code
        if role == "shenzhen_body":
            assert status == 200
        elif role in ORGANISATIONS:
            assert status == (200 if post is open_post else 404)
        else:
            assert status == 404


def test_the_list_page_names_the_cluster_and_the_publisher_never_a_contact(world, page_client_for):
    post = make_post(world, state="open")
    make_interest(world, post, state="accepted")
    page = page_client_for(world.jiangsu).get(reverse("post-list")).content.decode()
    assert post.title in page and world.shenzhen_cluster.name in page
    assert world.orgs["shenzhen_body"].name in page
    assert CONTACT["contact_phone"] not in page and PUBLISHER_CONTACT["contact_phone"] not in page
    detail = page_client_for(world.jiangsu).get(reverse("post-detail", args=[post.pk])).content.decode()
    assert CONTACT["contact_phone"] not in detail and PUBLISHER_CONTACT["contact_phone"] not in detail
    assert "express-interest" not in detail  # a government does not express interest


def test_experts_and_visitors_see_no_post(world, page_client_for):
    post = make_post(world, state="open")
    assert page_client_for(world.expert).get(reverse("post-list")).status_code == 403
    assert page_client_for(world.expert).get(reverse("post-detail", args=[post.pk])).status_code == 403
    response = page_client_for(None).get(reverse("post-detail", args=[post.pk]))
    assert response.status_code == 302 and "/login/" in response["Location"]


# Interest and contacts ---------------------------------------------------------------------------------------------


def test_contacts_are_exchanged_only_once_both_sides_agree(world, client_for):
    post = make_post(world, state="open")
    interested, publisher = api(client_for, world, "nanjing_body"), api(client_for, world, "shenzhen_body")
    response = interested.post(reverse("api:post-interest", args=[post.pk]), {"message": "希望对接"}, format="json")
    assert response.status_code == 201
    interest_id = response.json()["id"]
    url = reverse("api:post-interest-detail", args=[interest_id])
    assert publisher.get(url).json()["contact_offered"] is False
    # The publisher cannot accept before the interested body offers its contact.
    accept = reverse("api:post-interest-accept", args=[interest_id])
    response = publisher.post(accept, PUBLISHER_CONTACT, format="json")
    assert response.status_code == 409 and response.json()["error"]["code"] == "invalid_transition"
    assert interested.post(reverse("api:post-interest-contact", args=[interest_id]), CONTACT).status_code == 200
    seen = publisher.get(url).json()
    assert (seen["contact_offered"], seen["contact"], seen["publisher_contact"]) == (True, None, None)
    assert CONTACT["contact_phone"] not in publisher.get(url).content.decode()
    assert publisher.post(accept, PUBLISHER_CONTACT, format="json").status_code == 200
    for client in (publisher, interested):
        body = client.get(url).json()
        assert body["status"] == "accepted"
        assert body["contact"] == {"name": "张三", "phone": "025-0000-0000", "email": "zhang@example.cn"}
        assert body["publisher_contact"] == {"name": "李四", "phone": "0755-0000-0000", "email": "li@example.cn"}
    # A third organisation sees neither the interest nor a contact.
    assert api(client_for, world, "jiangsu").get(url).status_code == 404


def test_the_pages_show_contacts_to_both_sides_after_acceptance_only(world, page_client_for):
    post = make_post(world, state="open")
    interest = make_interest(world, post)
    url = reverse("post-detail", args=[post.pk])
    assert CONTACT["contact_phone"] not in page_client_for(world.shenzhen_body).get(url).content.decode()
    services.interest_accept(interest=interest, by=world.shenzhen_body, **PUBLISHER_CONTACT)
    publisher_page = page_client_for(world.shenzhen_body).get(url).content.decode()
    interested_page = page_client_for(world.nanjing_body).get(url).content.decode()
    assert CONTACT["contact_phone"] in publisher_page and PUBLISHER_CONTACT["contact_phone"] in publisher_page
    assert PUBLISHER_CONTACT["contact_phone"] in interested_page


def test_declining_exchanges_nothing(world, client_for):
    post = make_post(world, state="open")
    interest = make_interest(world, post, state="declined")
    body = api(client_for, world, "nanjing_body").get(reverse("api:post-interest-detail", args=[interest.pk])).json()
    assert (body["status"], body["contact"], body["publisher_contact"], body["answer_note"]) == (
        "declined",
        None,
        None,
        "暂不需要",
    )
    assert list(notes(world, "nanjing_body", "posts.declined"))[0]["post"] == post.title


@pytest.mark.parametrize(
    ("role", "state", "status", "code"),
    [
        ("shenzhen_body", "open", 403, None),  # its own post
        ("nanjing_viewer", "open", 403, None),  # a viewer writes nothing
        ("jiangsu", "open", 403, None),  # governments read the marketplace
        ("ministry", "open", 403, None),
        ("nanjing_body", "closed", 404, None),  # a closed post is not in the marketplace
        ("nanjing_body", "expired", 404, None),
        ("nanjing_body", "draft", 404, None),
    ],
)
def test_interest_is_refused(world, client_for, role, state, status, code):
    post = make_post(world, state=state)
    before = post_state(post)
    response = api(client_for, world, role).post(
        reverse("api:post-interest", args=[post.pk]), {"message": "希望对接"}, format="json"
    )
    assert response.status_code == status
    assert post_state(post) == before
    assert not Notification.objects.filter(kind="posts.interest").exists()


def test_interest_twice_is_refused(world, client_for):
    post = make_post(world, state="open")
    make_interest(world, post)
    before = post_state(post)
    response = api(client_for, world, "nanjing_body").post(
        reverse("api:post-interest", args=[post.pk]), {"message": "再次"}, format="json"
    )
    assert response.status_code == 409 and response.json()["error"]["code"] == "already_interested"
    assert post_state(post) == before


def test_interest_in_a_post_that_expires_or_closes_meanwhile_is_refused_by_the_service(world):
    post = make_post(world, state="open")
    Post.objects.filter(pk=post.pk).update(expires_on=timezone.localdate() - datetime.timedelta(days=1))
    with pytest.raises(Exception) as refused:
        services.interest_express(post=post, by=world.nanjing_body, message="希望对接")
    assert getattr(refused.value, "code", None) == "not_open"
    assert Interest.objects.count() == 0


@pytest.mark.parametrize(
    ("role", "status"),
    [("nanjing_body", 403), ("nanjing_viewer", 403), ("jiangsu", 404), ("ministry", 404), ("expert", 404)],
)
def test_only_the_publishers_editors_accept(world, client_for, role, status):
    post = make_post(world, state="open")
    interest = make_interest(world, post)
    before = post_state(post)
    for action in ("accept", "decline"):
        response = api(client_for, world, role).post(
            reverse(f"api:post-interest-{action}", args=[interest.pk]), PUBLISHER_CONTACT, format="json"
        )
        assert response.status_code == status
    assert post_state(post) == before


def test_an_answered_interest_is_not_answered_again(world, client_for):
    post = make_post(world, state="open")
    interest = make_interest(world, post, state="accepted")
    before = post_state(post)
    client = api(client_for, world, "shenzhen_body")
    for action in ("accept", "decline"):
        response = client.post(reverse(f"api:post-interest-{action}", args=[interest.pk]), PUBLISHER_CONTACT)
        assert response.status_code == 409
    response = api(client_for, world, "nanjing_body").post(
        reverse("api:post-interest-contact", args=[interest.pk]), CONTACT
    )
    assert response.status_code == 409 and response.json()["error"]["code"] == "answered"
    assert post_state(post) == before


# Notifications -----------------------------------------------------------------------------------------------------


def test_the_publisher_is_notified_of_interest_and_the_interested_body_of_the_answer(world):
    post = make_post(world, state="open")
    interest = make_interest(world, post, contact=False)
    assert [n["organisation"] for n in notes(world, "shenzhen_body", "posts.interest")] == [
        world.orgs["nanjing_body"].name
    ]
    assert notes(world, "nanjing_body", "posts.interest") == []
    services.interest_offer_contact(interest=interest, by=world.nanjing_body, **CONTACT)
    assert len(notes(world, "shenzhen_body", "posts.contact_offered")) == 1
    services.interest_accept(interest=interest, by=world.shenzhen_body, **PUBLISHER_CONTACT)
    accepted = notes(world, "nanjing_body", "posts.accepted")
    assert [n["organisation"] for n in accepted] == [world.orgs["shenzhen_body"].name]
    assert notes(world, "shenzhen_body", "posts.accepted") == []
    assert Notification.objects.filter(kind="posts.accepted").get().link == reverse("post-detail", args=[post.pk])


def test_closing_tells_the_interested_bodies(world):
    post = make_post(world, state="open")
    make_interest(world, post)
    services.post_close(post=post, by=world.shenzhen_body, outcome="partner_found")
    assert [n["post"] for n in notes(world, "nanjing_body", "posts.closed")] == [post.title]
    assert Notification.objects.filter(kind="posts.closed").count() == 1


# Following ---------------------------------------------------------------------------------------------------------


def test_followers_are_notified_when_the_cluster_opens_a_post(world, client_for):
    response = api(client_for, world, "nanjing_body").post(
        reverse("api:followed-cluster-list"), {"cluster": world.shenzhen_cluster.pk}
    )
    assert response.status_code == 201, response.content
    draft = make_post(world, state="draft")
    assert notes(world, "nanjing_body", "posts.opened") == []
    services.post_open(post=draft, by=world.shenzhen_body)
    assert [n["post"] for n in notes(world, "nanjing_body", "posts.opened")] == [draft.title]
    assert Notification.objects.filter(kind="posts.opened").count() == 1  # nobody else follows it
    # Unfollowed: the next post tells nobody.
    follow = Follow.objects.get()
    client = api(client_for, world, "nanjing_body")
    assert client.delete(reverse("api:followed-cluster-detail", args=[follow.pk])).status_code == 204
    make_post(world, state="open", title="第二个")
    assert Notification.objects.filter(kind="posts.opened").count() == 1


def test_following_is_refused_for_ones_own_cluster_a_hidden_one_and_a_viewer(world, client_for):
    url = reverse("api:followed-cluster-list")
    own = api(client_for, world, "shenzhen_body").post(url, {"cluster": world.shenzhen_cluster.pk})
    assert own.status_code == 409 and own.json()["error"]["code"] == "own_cluster"
    # The provincial cluster is neither in the public register nor posting: not followable.
    hidden = api(client_for, world, "shenzhen_body").post(url, {"cluster": world.provincial_cluster.pk})
    assert hidden.status_code == 400
    viewer = api(client_for, world, "nanjing_viewer").post(url, {"cluster": world.shenzhen_cluster.pk})
    assert viewer.status_code == 403
    assert Follow.objects.count() == 0


def test_the_following_page_follows_and_unfollows(world, page_client_for):
    client = page_client_for(world.nanjing_body)
    page = client.get(reverse("follow-list")).content.decode()
    assert world.shenzhen_cluster.name in page and world.nanjing_cluster.name not in page
    response = client.post(reverse("cluster-follow", args=[world.shenzhen_cluster.pk, "follow"]))
    assert response.status_code == 302
    assert list(Follow.objects.values_list("organisation_id", "cluster_id")) == [
        (world.orgs["nanjing_body"].pk, world.shenzhen_cluster.pk)
    ]
    client.post(reverse("cluster-follow", args=[world.shenzhen_cluster.pk, "unfollow"]))
    assert Follow.objects.count() == 0


# The list: filters, search, work queue, query counts --------------------------------------------------------------


def test_filters_and_search(world, client_for):
    chips = ChainCategoryFactory(field_id="ngit", name="芯片")
    a = make_post(world, title="RF Front-End Chips", direction="need", kind="supply", region="440300", category=chips)
    b = make_post(world, cluster="cross_cluster", title="苏州产能", direction="offer", kind="capacity", region="320500")
    c = make_post(world, cluster="nanjing_cluster", by="nanjing_body", title="电网人才", kind="talent", region="320100")
    client = api(client_for, world, "jiangsu")

    def ids(**params):
        return {row["id"] for row in client.get(reverse("api:post-list"), params).json()["results"]}

    assert ids() == {a.pk, b.pk, c.pk}
    assert ids(direction="need") == {a.pk}
    assert ids(kind="talent") == {c.pk}
    assert ids(category=chips.pk) == {a.pk}
    assert ids(region="320000") == {b.pk, c.pk}  # Jiangsu and its cities
    assert ids(region="440000") == {a.pk}
    assert ids(field="ngit") == {a.pk}
    assert ids(cluster=world.cross_cluster.pk) == {b.pk}
    assert ids(q="rf front") == {a.pk}  # case-insensitive
    assert ids(q="人才") == {c.pk}


def test_the_work_queue_lists_new_interests_due_by_the_posts_expiry(world, client_for):
    post = make_post(world, state="open", days=40)
    make_interest(world, post)
    tasks = api(client_for, world, "shenzhen_body").get(reverse("api:me-tasks")).json()
    queue = next(q for q in tasks["queues"] if q["key"] == "post-interests")
    assert queue["count"] == 1
    assert queue["items"][0]["url"] == reverse("post-detail", args=[post.pk])
    assert queue["items"][0]["due"] == post.expires_on.isoformat()
    others = api(client_for, world, "nanjing_body").get(reverse("api:me-tasks")).json()
    assert "post-interests" not in {q["key"] for q in others["queues"]}


@pytest.mark.parametrize("rows", [1, 6])
def test_list_query_counts_do_not_grow_with_rows(world, client_for, page_client_for, django_assert_num_queries, rows):
    for index in range(rows):
        make_post(world, title=f"供给{index}")
    api_client = api(client_for, world, "nanjing_body")
    page_client = page_client_for(world.nanjing_body)
    api_client.get(reverse("api:post-list"))  # warm the caches of the session and the token
    page_client.get(reverse("post-list"))
    with django_assert_num_queries(API_LIST_QUERIES):
        assert api_client.get(reverse("api:post-list")).json()["count"] == rows
    with django_assert_num_queries(PAGE_LIST_QUERIES):
        assert page_client.get(reverse("post-list")).status_code == 200


API_LIST_QUERIES = 5
PAGE_LIST_QUERIES = 12


@pytest.mark.parametrize("rows", [1, 4])
def test_interest_and_follow_list_query_counts_do_not_grow_with_rows(
    world, client_for, django_assert_num_queries, rows
):
    from clusters.models import Cluster

    from .factories import ClusterFactory

    for index in range(rows):
        post = make_post(world, title=f"供给{index}")
        make_interest(world, post)
        cluster = ClusterFactory(
            name=f"关注测试集群{index}", promotion_body=world.orgs["wuxi_body"], region_codes=["320200"]
        )
        Cluster.objects.filter(pk=cluster.pk).update(tier=Cluster.Tier.NATIONAL, is_public=True)
        services.cluster_follow(by=world.nanjing_body, cluster=cluster)
    client = api(client_for, world, "nanjing_body")
    client.get(reverse("api:post-interest-list"))  # warm the token's cache
    with django_assert_num_queries(INTEREST_LIST_QUERIES):
        assert client.get(reverse("api:post-interest-list")).json()["count"] == rows
    with django_assert_num_queries(FOLLOW_LIST_QUERIES):
        assert client.get(reverse("api:followed-cluster-list")).json()["count"] == rows


INTEREST_LIST_QUERIES = 5
FOLLOW_LIST_QUERIES = 5


def test_the_export_holds_the_listed_posts_and_no_contact(world, page_client_for):
    from .builders.exports import exported

    chips = make_post(world, title="芯片供给", kind="supply")
    make_post(world, title="人才需求", kind="talent", direction="need")
    make_post(world, state="draft", title="草稿")
    make_interest(world, chips, state="accepted")
    rows = exported(page_client_for(world.nanjing_body), "exchange.posts", "csv", query="kind=supply")
    assert [row[3] for row in rows[1:]] == ["芯片供给"]
    assert rows[1][5:7] == [world.shenzhen_cluster.name, world.orgs["shenzhen_body"].name]
    flat = "".join(cell for row in rows for cell in row)
    assert CONTACT["contact_phone"] not in flat and PUBLISHER_CONTACT["contact_phone"] not in flat
