"""Who may do what across clusters, a section per concept."""

import rules

from tenancy.rules import is_cluster_body, is_local, is_national

# One enterprise in several clusters (exchange.enterprises) ---------------------------------------------------------
# The list of enterprises in several clusters is the ministry's and the governments'; an enterprise's page and
# a member's panel answer whoever may read one of its members (the selectors say what each one sees).
rules.add_perm("exchange.view_enterprise_list", is_national | is_local)

# Matching (exchange.matching): gaps in the chain taxonomy and the clusters proposed to fill them -------------------
# The ministry, local governments and promotion bodies (editors and viewers) read the gaps of the clusters they see;
# the national complementarity matrix is the ministry's.
rules.add_perm("exchange.view_matching", is_national | is_local | is_cluster_body)
rules.add_perm("exchange.view_matching_matrix", is_national)
