"""Partner posts for the tests: made through the services, in any state (an expired post is an open one whose
date is moved into the past, as time would)."""

import datetime

from django.utils import timezone

from exchange.posts import services
from exchange.posts.models import Interest, Post
from tenancy.models import Region

STATES = ("draft", "open", "expired", "closed")


def make_post(
    world,
    *,
    cluster="shenzhen_cluster",
    by="shenzhen_body",
    state="open",
    title="5G通信模组供应",
    description="可提供5G通信模组与联合调测。",
    direction="offer",
    kind="technology",
    region="440300",
    category=None,
    days=90,
):
    post = services.post_create(
        by=world.user(by),
        cluster=world.clusters[cluster],
        direction=direction,
        kind=kind,
        title=title,
        description=description,
        category=category,
        region=Region.objects.get(code=region),
        expires_on=timezone.localdate() + datetime.timedelta(days=days),
    )
    if state in ("open", "expired", "closed"):
        post = services.post_open(post=post, by=world.user(by))
    if state == "closed":
        post = services.post_close(post=post, by=world.user(by), outcome="no_partner", note="无合适伙伴")
    if state == "expired":
        Post.objects.filter(pk=post.pk).update(expires_on=timezone.localdate() - datetime.timedelta(days=1))
        post.refresh_from_db()
    return post


CONTACT = {"contact_name": "张三", "contact_phone": "025-0000-0000", "contact_email": "zhang@example.cn"}
PUBLISHER_CONTACT = {"contact_name": "李四", "contact_phone": "0755-0000-0000", "contact_email": "li@example.cn"}


def make_interest(world, post, *, by="nanjing_body", contact=True, state="pending"):
    """An interest of a cast body in `post`, pending (with its contact offered unless `contact` is false), accepted
    or declined."""
    interest = services.interest_express(
        post=post, by=world.user(by), message="希望对接合作。", **(CONTACT if contact else {})
    )
    publisher = "shenzhen_body" if post.cluster.promotion_body_id == world.orgs["shenzhen_body"].pk else "nanjing_body"
    if state == "accepted":
        interest = services.interest_accept(interest=interest, by=world.user(publisher), **PUBLISHER_CONTACT)
    elif state == "declined":
        interest = services.interest_decline(interest=interest, by=world.user(publisher), note="暂不需要")
    return interest


def post_state(post):
    """What a refused request must leave as it was."""
    post = Post.objects.get(pk=post.pk)
    return (
        post.status,
        post.title,
        post.outcome,
        post.expires_on,
        post.history.count(),
        list(Interest.objects.filter(post=post).values_list("status", "contact_name", "publisher_contact_name")),
    )
