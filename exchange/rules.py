"""Who may do what across clusters, a section per concept."""

# Matching (exchange/matching): gaps in the chain taxonomy and the clusters proposed to fill them -------------------
import rules  # noqa: E402

from tenancy.rules import is_cluster_body, is_local, is_national  # noqa: E402

# The ministry, local governments and promotion bodies (editors and viewers) read the gaps of the clusters they see;
# the national complementarity matrix is the ministry's.
rules.add_perm("exchange.view_matching", is_national | is_local | is_cluster_body)
rules.add_perm("exchange.view_matching_matrix", is_national)
