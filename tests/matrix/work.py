"""Matrix cases of the work queues: `GET /api/v1/me/tasks/` answers every signed-in role with its own work (what
each role's list holds, and that another tenant's work never shows, is tests/test_work_queues.py); an anonymous
visitor is asked for credentials."""

from ..cast import ROLES
from .base import ANON, rows, table


def cases():
    return table(rows("api:me-tasks", "get", {**dict.fromkeys(ROLES, 200), ANON: 401}))
