"""Reads and visibility rules of partner posts (DESIGN §2: a marketplace between clusters).

- Every signed-in organisation (the ministry, local governments, promotion bodies) reads the open posts of all
  clusters that have not expired; a post carries its cluster's name and its publisher's name, never a contact.
- The publisher (the body that promotes the post's cluster) reads its own posts in every state, drafts included.
- A body that expressed interest in a post keeps reading it after it closes or expires.
- Interests: the interested body reads its own, the publisher those in its posts. Contacts are shown by the pages
  and the serializers only once an interest is accepted.
- Follows: an organisation reads its own.
- Experts and anonymous visitors read none of these (the marketplace is for organisations).
"""

from django.db.models import Count, Exists, OuterRef, Q
from django.utils import timezone

from clusters.models import Cluster
from exchange.posts.models import Follow, Interest, Post
from tenancy.models import Region
from tenancy.scoping import unscoped
from tenancy.selectors import NOTHING
from tenancy.visibility import Viewer


def live_q(prefix: str = "") -> Q:
    """Open and not expired (today, in the platform's time zone)."""
    return Q(**{f"{prefix}status": Post.Status.OPEN, f"{prefix}expires_on__gte": timezone.localdate()})


def post_visibility(viewer: Viewer) -> Q:
    if viewer.is_system:
        return Q()
    if viewer.organisation_id is None:
        return NOTHING
    mine = Q(cluster__promotion_body_id=viewer.organisation_id)
    interested = Exists(unscoped(Interest).filter(post_id=OuterRef("pk"), organisation_id=viewer.organisation_id))
    return live_q() | mine | Q(interested)


def interest_visibility(viewer: Viewer) -> Q:
    if viewer.is_system:
        return Q()
    if viewer.organisation_id is None:
        return NOTHING
    return Q(organisation_id=viewer.organisation_id) | Q(post__cluster__promotion_body_id=viewer.organisation_id)


def follow_visibility(viewer: Viewer) -> Q:
    if viewer.is_system:
        return Q()
    if viewer.organisation_id is None:
        return NOTHING
    return Q(organisation_id=viewer.organisation_id)


# Posts -------------------------------------------------------------------------------------------------------------


def visible_posts():
    """Posts the viewer may read, with what a row shows (cluster, its field and body, category, region)."""
    return Post.objects.select_related("cluster__field", "cluster__promotion_body", "category", "region").order_by(
        "-opened_at", "-pk"
    )


def post_for_detail():
    return visible_posts().select_related("created_by")


def filter_posts(
    posts,
    *,
    viewer: Viewer,
    mine=False,
    direction="",
    kind="",
    category=None,
    region=None,
    field="",
    cluster=None,
    query="",
):
    """The list's filters (page, export and API). Without `mine` the list is the open marketplace (open, not
    expired); with it, the viewer's own posts in every state. `region` takes its sub-regions too (a code prefix)."""
    mine_q = Q(cluster__promotion_body_id=viewer.organisation_id or 0)
    posts = posts.filter(mine_q if mine else live_q())
    if direction:
        posts = posts.filter(direction=direction)
    if kind:
        posts = posts.filter(kind=kind)
    if category is not None:
        posts = posts.filter(category_id=getattr(category, "pk", category))
    if region is not None:
        posts = posts.filter(region__code__startswith=region.jurisdiction_prefix)
    if field:
        posts = posts.filter(cluster__field_id=field)
    if cluster is not None:
        posts = posts.filter(cluster_id=getattr(cluster, "pk", cluster))
    query = (query or "").strip()
    if query:
        posts = posts.filter(Q(title__icontains=query) | Q(description__icontains=query))
    return posts


def with_interest_counts(posts):
    return posts.annotate(interest_count=Count("interests", distinct=True))


def posting_clusters(viewer: Viewer):
    """The clusters a body may publish posts for: those it promotes."""
    if not viewer.is_cluster_body:
        return Cluster.objects.none()
    return unscoped(Cluster).filter(promotion_body_id=viewer.organisation_id).order_by("name")


def market_clusters():
    """Clusters with an open post: the list's cluster filter and the clusters one may follow beside the public
    register (their names are public with their posts)."""
    live = Post.objects.filter(live_q()).values("cluster_id")
    return unscoped(Cluster).filter(pk__in=live).order_by("name").only("id", "name", "name_en")


def followable_clusters(viewer: Viewer):
    """Clusters a body may follow: the public register's and those with a post it can read, but not its own."""
    visible_posts_of = Post.objects.values("cluster_id")
    return (
        unscoped(Cluster)
        .filter(Q(is_public=True, tier__in=Cluster.PUBLIC_TIERS) | Q(pk__in=visible_posts_of))
        .exclude(promotion_body_id=viewer.organisation_id or 0)
        .select_related("field", "promotion_body")
        .order_by("name")
    )


def region_for(code):
    code = (code or "").strip()
    return Region.objects.filter(code=code).first() if code else None


# Interests ---------------------------------------------------------------------------------------------------------


def post_interests(post):
    """The interests in a post the viewer may read (all of them for the publisher, its own for another body)."""
    return Interest.objects.filter(post=post).select_related("organisation").order_by("created", "pk")


def own_interest(post, viewer: Viewer):
    if viewer.organisation_id is None:
        return None
    return Interest.objects.filter(post=post, organisation_id=viewer.organisation_id).first()


def visible_interests():
    return Interest.objects.select_related("organisation", "post__cluster__promotion_body").order_by("-created", "-pk")


def interests_awaiting(viewer: Viewer):
    """Pending interests in the viewer's own open posts (the publisher's work queue), the soonest-expiring first."""
    return (
        Interest.objects.filter(
            status=Interest.Status.PENDING,
            post__cluster__promotion_body_id=viewer.organisation_id or 0,
        )
        .filter(live_q("post__"))
        .select_related("organisation", "post__cluster")
        .order_by("post__expires_on", "created", "pk")
    )


# Follows -----------------------------------------------------------------------------------------------------------


def follows_of(viewer: Viewer):
    return Follow.objects.filter(organisation_id=viewer.organisation_id or 0).select_related(
        "cluster__field", "cluster__promotion_body"
    )


def followed_cluster_ids(viewer: Viewer) -> set[int]:
    return set(follows_of(viewer).values_list("cluster_id", flat=True))
