"""Consistency checks of a cluster's data (issue 13): named rules with a threshold, computed on read.

Each check (`registry.Check`) has a stable code, a translated name and explanation, a threshold read from the
settings and a function that yields findings for a list of clusters (and, if asked, one year). The clusters app ships
three (`checks.py`):

- `whole_counts`: a value of a count indicator (enterprises, platforms, patents…) that is not a whole number. New
  values are refused at entry; this lists the ones recorded before the rule.
- `member_totals`: the members' summed figure (enterprises' revenue, employees) above the cluster's own observation
  of the year, times `QUALITY_MEMBER_TOTAL_RATIO`.
- `year_on_year`: a value that changed by more than `QUALITY_YEAR_ON_YEAR_CHANGE` (a share of the previous year's
  value) from one year to the next.

Higher apps add theirs with `registry.register_check` from their `AppConfig.ready()` (the competition adds
`entry_claims`). Checks read through the viewer's scope: a finding names only what its reader may open. Nothing is
stored; each check runs a fixed number of queries whatever the number of clusters and rows.
"""
