"""Demo data of the exchange app: each concept's seeders, registered with `seed_demo` when imported."""

from exchange.links import demo as demo_links  # noqa: F401
