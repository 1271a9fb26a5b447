"""The truth table of the fixed cast (tests.conftest.make_world), from DESIGN §2.

Every test that asks "who sees which cluster" reads it here, so the rule is written once.
"""

ROLES = ["ministry", "jiangsu", "guangdong", "nanjing_body", "shenzhen_body", "expert", "nanjing_viewer"]
CLUSTERS = ["nanjing_cluster", "wuxi_cluster", "shenzhen_cluster", "cross_cluster", "provincial_cluster"]

# Which clusters each role reads: the ministry all, a government those with a region in its jurisdiction, a
# promotion body its own; an expert none until an entry is assigned to them.
VISIBLE_CLUSTERS = {
    "ministry": set(CLUSTERS),
    "jiangsu": {"nanjing_cluster", "wuxi_cluster", "cross_cluster", "provincial_cluster"},
    "guangdong": {"shenzhen_cluster", "cross_cluster"},
    "nanjing_body": {"nanjing_cluster", "provincial_cluster"},
    "nanjing_viewer": {"nanjing_cluster", "provincial_cluster"},
    "shenzhen_body": {"shenzhen_cluster", "cross_cluster"},
    "expert": set(),
}

# Which clusters each role writes (profile, members, network, observations): the promotion body's editors only.
WRITABLE_CLUSTERS = {
    "nanjing_body": {"nanjing_cluster", "provincial_cluster"},
    "shenzhen_body": {"shenzhen_cluster", "cross_cluster"},
}

# Whose memberships each role sees: its own organisation's.
ORGANISATION_OF = {
    "ministry": "ministry",
    "jiangsu": "jiangsu",
    "guangdong": "guangdong",
    "nanjing_body": "nanjing_body",
    "nanjing_viewer": "nanjing_body",
    "shenzhen_body": "shenzhen_body",
    "expert": None,
}
