"""The benchmark list's sortable columns (tenancy.tables): the clusters' own fields. The standings are computed for
the rows of the page shown, after the database has ordered and cut the list, so they are not sortable."""

from clusters.profiles.tables import CLUSTER_SORTS
from tenancy.tables import Sorts

BENCHMARK_SORTS = Sorts({key: CLUSTER_SORTS.sorts[key] for key in ("name", "field", "tier")}, default="name")
