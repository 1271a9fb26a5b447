"""The exchange app's demo data: each concept's seeders, registered by importing their modules."""

from exchange.enterprises import demo as enterprise_demo  # noqa: F401 - registers its seeder
