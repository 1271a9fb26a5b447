"""The truth table of the fixed cast (tests.conftest.make_world), from DESIGN §2.

Every test that asks "who sees which cluster" reads it here, so the rule is written once. The facts first (who
promotes which cluster, where each cluster lies, who belongs to which organisation), copied from make_world; the
tables the tests read are derived from them.
"""

ROLES = ["ministry", "jiangsu", "guangdong", "nanjing_body", "shenzhen_body", "expert", "nanjing_viewer"]
CLUSTERS = ["nanjing_cluster", "wuxi_cluster", "shenzhen_cluster", "cross_cluster", "provincial_cluster"]

# Facts of the world -----------------------------------------------------------------------------------------------

# Each role's organisation (the viewer-role member belongs to the Nanjing body; the expert to none).
ORGANISATION_OF = {
    "ministry": "ministry",
    "jiangsu": "jiangsu",
    "guangdong": "guangdong",
    "nanjing_body": "nanjing_body",
    "nanjing_viewer": "nanjing_body",
    "shenzhen_body": "shenzhen_body",
    "expert": None,
}
LOCAL_GOVERNMENTS = {"jiangsu", "guangdong"}
VIEWERS = {"nanjing_viewer"}  # members with the viewer role: they read what their organisation reads, write nothing

# The province each local government governs (its region code's first two digits).
PROVINCE_OF = {"jiangsu": "32", "guangdong": "44"}

# Each cluster's promotion body and regions.
PROMOTION_BODY_OF = {
    "nanjing_cluster": "nanjing_body",
    "wuxi_cluster": "wuxi_body",
    "shenzhen_cluster": "shenzhen_body",
    "cross_cluster": "shenzhen_body",
    "provincial_cluster": "nanjing_body",
}
REGIONS_OF = {
    "nanjing_cluster": ["320100"],
    "wuxi_cluster": ["320200"],
    "shenzhen_cluster": ["440300"],
    "cross_cluster": ["440300", "320500"],
    "provincial_cluster": ["320100"],
}

# Derived tables ---------------------------------------------------------------------------------------------------

# The roles that belong to an organisation (all but the expert), and those of them with the admin role.
MEMBERS = {role for role in ROLES if ORGANISATION_OF[role] is not None}
ADMINS = MEMBERS - VIEWERS

# The clusters with a region in each local government's jurisdiction.
JURISDICTION = {
    role: {name for name in CLUSTERS if any(code.startswith(PROVINCE_OF[role]) for code in REGIONS_OF[name])}
    for role in ROLES
    if role in LOCAL_GOVERNMENTS
}

# The clusters each member of a promotion body (editor or viewer) promotes.
PROMOTES = {
    role: {name for name in CLUSTERS if PROMOTION_BODY_OF[name] == ORGANISATION_OF[role]}
    for role in ROLES
    if ORGANISATION_OF[role] in PROMOTION_BODY_OF.values()
}

# Which clusters each role reads: the ministry all, a government those with a region in its jurisdiction, a
# promotion body its own; an expert none until an entry is assigned to them.
VISIBLE_CLUSTERS = {
    role: set(CLUSTERS) if role == "ministry" else JURISDICTION.get(role) or PROMOTES.get(role) or set()
    for role in ROLES
}

# Which clusters each role writes (profile, members, network, observations): the promotion body's editors only.
WRITABLE_CLUSTERS = {role: clusters for role, clusters in PROMOTES.items() if role not in VIEWERS}
