"""Factories for every product model, one module per app; every name is re-exported here."""

from .clusters import *  # noqa: F403
from .evaluations import *  # noqa: F403
from .exchange import *  # noqa: F403
from .monitoring import *  # noqa: F403
from .policies import *  # noqa: F403
from .tenancy import *  # noqa: F403
