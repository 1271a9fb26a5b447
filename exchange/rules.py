"""Who may do what across clusters, a section per concept."""

import rules

from tenancy.rules import is_local, is_national

# One enterprise in several clusters (exchange.enterprises) ---------------------------------------------------------
# The list of enterprises in several clusters is the ministry's and the governments'; an enterprise's page and
# a member's panel answer whoever may read one of its members (the selectors say what each one sees).
rules.add_perm("exchange.view_enterprise_list", is_national | is_local)
