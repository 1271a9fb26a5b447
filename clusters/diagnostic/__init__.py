"""The six-mechanism diagnostic of a cluster (DESIGN §3; the seed article, part I).

The seed article explains how national-level clusters form through six mechanisms:
(1) resource endowment and trigger events, (2) specialised division of labour and
cooperative competition, (3) derivative expansion and self-renewal, (4) diffusion of
technological innovation, (5) government guidance and policy, (6) institutional
culture. Each becomes one axis of a radar chart, scored 0–100.

How a score is made, so that the page can say it:

* An axis has named components. Each reads one input — an indicator's latest
  observation, a figure of the latest succeeded network analysis, a count of members,
  milestones, chain links or collaborations — and maps it onto 0–100 against a
  **fixed reference range** written below (`low` scores 0, `high` scores 100, linear,
  or on a log₁₀ scale for quantities that span orders of magnitude; clipped to 0–100).
  Fixed ranges make a score independent of who looks and of which other clusters exist.
* The axis score is the mean of the components that have data. A component without
  data is left out and shown as "no data"; an axis with no component is "no data",
  never 0.

`axes.diagnose(inputs)` is a pure function over plain data (unit-tested by hand in
tests/test_diagnostic.py); `selectors.diagnostic_inputs(cluster=…)`
reads those data into the dataclasses of `results`.
"""
