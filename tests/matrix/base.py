"""Shared pieces of the cross-tenant matrix (tests/test_matrix.py).

An area adds tests/matrix/<area>.py with `cases()` returning Case objects; the
matrix collects every such module. Cast roles: tests.conftest.ROLES and ANON.
"""

from collections.abc import Callable
from dataclasses import dataclass, field

ANON = "anonymous"


@dataclass
class Case:
    route: str
    role: str
    method: str
    expected: int
    target: str | None = None  # a name in the world (cluster or membership owner)
    data: dict = field(default_factory=dict)
    api: bool = True
    url: Callable | None = None  # world -> URL, for routes whose objects the case creates itself
    # In `data`, the value "__cluster__" stands for the pk of the cluster named after "@" in `target`.

    @property
    def id(self):
        return f"{self.route}-{self.role}-{self.method}-{self.target or ''}"
