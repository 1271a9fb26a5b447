"""Who may do what across clusters, a section per concept."""

import rules

from tenancy.rules import has_organisation, is_cluster_body, is_editor, is_local, is_national, viewer_of

# One enterprise in several clusters (exchange.enterprises) ---------------------------------------------------------
# The list of enterprises in several clusters is the ministry's and the governments'; an enterprise's page and
# a member's panel answer whoever may read one of its members (the selectors say what each one sees).
rules.add_perm("exchange.view_enterprise_list", is_national | is_local)

# Matching (exchange.matching): gaps in the chain taxonomy and the clusters proposed to fill them -------------------
# The ministry, local governments and promotion bodies (editors and viewers) read the gaps of the clusters they see;
# the national complementarity matrix is the ministry's.
rules.add_perm("exchange.view_matching", is_national | is_local | is_cluster_body)
rules.add_perm("exchange.view_matching_matrix", is_national)

# Collaborations between clusters (exchange.links) ---------------------------------------------------------------
# A body's editors propose collaborations from the members of the clusters it promotes; the editors of the body
# that promotes the other cluster confirm or refuse them; the proposing side withdraws them. Each rule is read again
# on the locked row by the service. Whoever reads a collaboration is its selector's business (a 404 otherwise).


@rules.predicate
def promotes_link_source(user, link):
    return link is not None and link.source_cluster.promotion_body_id == viewer_of(user).organisation_id


@rules.predicate
def promotes_link_target(user, link):
    return link is not None and link.target_cluster.promotion_body_id == viewer_of(user).organisation_id


rules.add_perm("exchange.view_clusterlinks", is_national | is_local | is_cluster_body)
rules.add_perm("exchange.add_clusterlink", is_cluster_body & is_editor)
rules.add_perm("exchange.confirm_clusterlink", is_cluster_body & is_editor & promotes_link_target)
rules.add_perm("exchange.refuse_clusterlink", is_cluster_body & is_editor & promotes_link_target)
rules.add_perm("exchange.withdraw_clusterlink", is_cluster_body & is_editor & promotes_link_source)
# The network of clusters: the ministry's national one, a government's over the clusters it may read.
rules.add_perm("exchange.view_cluster_network", is_national | is_local)
# Partner posts (exchange.posts) ------------------------------------------------------------------------------------


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
