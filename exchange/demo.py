"""The exchange app's demo data: each concept's seeders, registered with `seed_demo` by importing their modules."""

from exchange.enterprises import demo as enterprises_demo  # noqa: F401 - registers its seeder
from exchange.links import demo as links_demo  # noqa: F401 - registers its seeder
