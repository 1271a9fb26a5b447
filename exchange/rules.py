"""Who may do what across clusters, a section per concept."""

# Collaborations between clusters (exchange/links) ---------------------------------------------------------------
# A body's editors propose collaborations from the members of the clusters it promotes; the editors of the body
# that promotes the other cluster confirm or refuse them; the proposing side withdraws them. Each rule is read again
# on the locked row by the service. Whoever reads a collaboration is its selector's business (a 404 otherwise).
import rules as _links_rules  # noqa: E402

from tenancy.rules import is_cluster_body as _is_body  # noqa: E402
from tenancy.rules import is_editor as _is_editor  # noqa: E402
from tenancy.rules import is_local as _is_local  # noqa: E402
from tenancy.rules import is_national as _is_national  # noqa: E402
from tenancy.rules import viewer_of as _viewer_of  # noqa: E402


@_links_rules.predicate
def promotes_link_source(user, link):
    return link is not None and link.source_cluster.promotion_body_id == _viewer_of(user).organisation_id


@_links_rules.predicate
def promotes_link_target(user, link):
    return link is not None and link.target_cluster.promotion_body_id == _viewer_of(user).organisation_id


_links_rules.add_perm("exchange.view_clusterlinks", _is_national | _is_local | _is_body)
_links_rules.add_perm("exchange.add_clusterlink", _is_body & _is_editor)
_links_rules.add_perm("exchange.confirm_clusterlink", _is_body & _is_editor & promotes_link_target)
_links_rules.add_perm("exchange.refuse_clusterlink", _is_body & _is_editor & promotes_link_target)
_links_rules.add_perm("exchange.withdraw_clusterlink", _is_body & _is_editor & promotes_link_source)
# The network of clusters: the ministry's national one, a government's over the clusters it may read.
_links_rules.add_perm("exchange.view_cluster_network", _is_national | _is_local)
