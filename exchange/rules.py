"""Who may do what across clusters, a section per concept."""

# Partner posts (exchange/posts) --------------------------------------------------------------------------------------

import rules  # noqa: E402 - each concept's section keeps its own imports

from tenancy.rules import has_organisation, is_cluster_body, is_editor, viewer_of  # noqa: E402


@rules.predicate
def publishes_post(user, post):
    """The user's organisation promotes the post's cluster now (re-read: the ministry may have moved the cluster
    to another body since the post was written)."""
    from clusters.models import Cluster
    from tenancy.scoping import unscoped

    organisation_id = viewer_of(user).organisation_id
    return (
        post is not None
        and organisation_id is not None
        and unscoped(Cluster).filter(pk=post.cluster_id, promotion_body_id=organisation_id).exists()
    )


@rules.predicate
def is_interested_body(user, interest):
    return interest is not None and interest.organisation_id == viewer_of(user).organisation_id


@rules.predicate
def publishes_interest_post(user, interest):
    return interest is not None and publishes_post(user, interest.post)


writes_posts = is_cluster_body & is_editor

rules.add_perm("exchange.view_posts", has_organisation)
rules.add_perm("exchange.add_post", writes_posts)
rules.add_perm("exchange.change_post", writes_posts & publishes_post)
rules.add_perm("exchange.delete_post", writes_posts & publishes_post)
rules.add_perm("exchange.open_post", writes_posts & publishes_post)
rules.add_perm("exchange.close_post", writes_posts & publishes_post)
# Another body's editors express interest; nobody does in a post of their own.
rules.add_perm("exchange.express_interest", writes_posts)
rules.add_perm("exchange.express_interest_in_post", writes_posts & ~publishes_post)
rules.add_perm("exchange.offer_contact", writes_posts & is_interested_body)
rules.add_perm("exchange.answer_interest", writes_posts & publishes_interest_post)
rules.add_perm("exchange.follow_cluster", writes_posts)
