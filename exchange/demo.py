"""The exchange app's demo data: each concept's seeders (tenancy.demo.seeder), imported here so the demo loader
(autodiscover_modules("demo")) finds them."""

from exchange.enterprises import demo as enterprises_demo  # noqa: F401 - registers its seeder
from exchange.links import demo as links_demo  # noqa: F401 - registers its seeder
from exchange.posts import demo as posts_demo  # noqa: F401 - registers its seeder
