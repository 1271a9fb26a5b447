"""The national benchmark: where a cluster stands against the national cohort, per indicator and per diagnostic
axis, without showing any other cluster's figures.

The method (docs/method.md, "The national benchmark"):

* **Counted values.** An indicator's cohort of year Y is every cluster with a *verified* observation of that
  indicator for Y (drafts, submitted and returned values do not count; a verified value is frozen, so no one can
  move their own value to probe the others). An axis's cohort is every cluster whose six-mechanism diagnostic
  scores that axis today (an axis with "no data" is not in it).
* **Cohorts.** National (every such cluster) by default; narrowed on request to the clusters of the own cluster's
  tier or industry field. A cohort of fewer than five clusters (`MIN_COHORT`) shows nothing: no percentile, no
  band, not even its size.
* **Percentile rank** (`ranks.percentile_rank`): the share of the *other* clusters of the cohort whose value is
  worse than the own one, ties counting half, in the indicator's better direction (higher, or lower for
  indicators where lower is better), as a whole percent: P = 100 × (worse + ½ × tied) / (N − 1).
* **Band**: the quarter of the cohort P falls in: P < 25 bottom, 25–49 lower middle, 50–74 upper middle, ≥ 75 top.

What is shown: the own value, P, the cohort's size and the band; never the cohort's values, minimum, maximum,
median or members.
"""
