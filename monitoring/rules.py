"""Who may do what in monitoring and dynamic adjustment. Reading is the selectors' business (a hidden object is a
404); these predicates decide writes on objects the viewer can see (a refusal is a 403)."""

import rules

from tenancy.rules import is_cluster_body, is_editor, is_local, is_national

# Monitoring (issue 6): the ministry's editors run evaluations and create method versions; reading is the
# selectors' business (local governments and cluster bodies read their clusters' results).
rules.add_perm("monitoring.run_monitoring", is_national & is_editor)
rules.add_perm("monitoring.add_monitoringmethod", is_national & is_editor)

# Dynamic adjustment (adjustment part) ------------------------------------------------------------------------------
# The ministry's editors decide keep / warn / drop on a monitoring result and read the dashboard and the summary;
# a promotion body or a supervising local government (editors) answers with a rectification note. Which clusters
# they may answer for is the selectors' business: the cluster must be visible to them (else 404).
rules.add_perm("monitoring.decide_adjustment", is_national & is_editor)
rules.add_perm("monitoring.view_monitoring_dashboard", is_national)
rules.add_perm("monitoring.add_rectification", (is_cluster_body | is_local) & is_editor)
rules.add_perm("monitoring.view_adjustment_history", rules.is_authenticated)
