"""Demo data of the policies app: the seed article's policies and toolkits, and a cultivation plan per demo cluster.

The seeders live in `demo_library` and `demo_plans`; importing them registers them with `seed_demo`.
"""

from policies.library import demo as demo_library  # noqa: F401
from policies.plans import demo as demo_plans  # noqa: F401
