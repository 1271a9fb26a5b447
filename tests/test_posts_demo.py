"""The demo's partner posts: open needs and offers between the article's clusters, an accepted exchange of
contacts, a pending interest, a closed post with its outcome; seeding again changes nothing."""

from django.utils import timezone

from exchange.posts.models import Follow, Interest, Post
from tenancy.models import Notification


def test_the_demo_has_open_needs_and_offers_an_exchange_and_a_closed_post(demo):
    from django_scopes import scopes_disabled

    with scopes_disabled():
        _check_the_demo()


def _check_the_demo():
    from exchange.posts.demo import seed_posts

    posts = {post.title: post for post in Post.objects.select_related("cluster__promotion_body")}
    states = sorted(post.state for post in posts.values())
    assert states == ["closed", "draft", "open", "open", "open", "open", "open"]
    closed = posts["电力电子器件可靠性测试验证能力"]
    assert (closed.outcome, closed.cluster.promotion_body.slug) == ("partner_found", "nanjing-grid")
    interests = {i.post.title: i for i in Interest.objects.select_related("post", "organisation")}
    accepted = interests["5G通信模组与行业定制方案"]
    assert (accepted.status, accepted.organisation.slug, accepted.publisher_contact_name) == (
        "accepted",
        "dongguan-terminals",
        "王主任（演示）",
    )
    assert interests["智能语音识别与合成模组授权"].status == "pending"
    assert all(post.expires_on > timezone.localdate() for post in posts.values())
    before = (Post.objects.count(), Interest.objects.count(), Follow.objects.count(), Notification.objects.count())
    seed_posts(log=lambda text: None)
    assert (Post.objects.count(), Interest.objects.count(), Follow.objects.count(), Notification.objects.count()) == (
        before
    )
