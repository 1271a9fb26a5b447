"""The exchange app's demo data: one seeder per concept (tenancy.demo.seeder), imported here so the demo loader
(autodiscover_modules("demo")) finds them."""

from exchange.posts import demo as posts_demo  # noqa: F401
