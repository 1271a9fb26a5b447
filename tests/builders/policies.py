"""Builders for the policies tests and the policies matrix cases (tests/matrix/policies.py)."""

import datetime

from policies.library.selectors import level_of
from policies.models import CATEGORIES, Instrument, InstrumentDisbursement, Policy, PolicyCategory, Toolkit

from ..cast import ROLES
from ..matrix.base import ANON

PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"


EVERYONE = {*ROLES, ANON}


# name: (issuing organisation, status, target clusters, who reads it)
POLICIES = {
    "national-published": ("ministry", "published", [], EVERYONE),
    "national-draft": ("ministry", "draft", [], {"ministry"}),
    "jiangsu-published": (
        "jiangsu",
        "published",
        ["nanjing_cluster"],
        {"ministry", "jiangsu", "nanjing_body", "nanjing_viewer", "expert", ANON},
    ),
    "jiangsu-expired": ("jiangsu", "expired", [], {"ministry", "jiangsu"}),
    "jiangsu-draft": ("jiangsu", "draft", [], {"jiangsu"}),
    "guangdong-published": (
        "guangdong",
        "published",
        ["shenzhen_cluster"],
        {"ministry", "guangdong", "shenzhen_body", "expert", ANON},
    ),
}


def ensure_categories():
    """The shipped categories (reloaded if a transactional test flushed the migration's rows)."""
    for position, (code, name, name_en) in enumerate(CATEGORIES):
        PolicyCategory.objects.get_or_create(
            code=code, defaults={"name": name, "name_en": name_en, "position": position}
        )


def make_policy(world, issuer, status="published", *, targets=(), categories=("industry",), title=None, **fields):
    ensure_categories()
    organisation = world.orgs[issuer]
    fields.setdefault("issued_on", datetime.date(2020, 3, 1))
    policy = Policy.objects.create(
        issuer=organisation,
        level=level_of(organisation),
        title=title or f"{issuer}的{status}政策",
        status=status,
        **fields,
    )
    policy.categories.set(categories)
    policy.target_clusters.set([world.clusters[name] for name in targets])
    return policy


def make_instrument(policy, *, category="industry", amount="1000000", paid=None, **fields):
    fields.setdefault("kind", Instrument.Kind.SPECIAL_FUND)
    fields.setdefault("name", f"专项资金{Instrument._base_manager.count() + 1}")
    instrument = Instrument.objects.create(policy=policy, category_id=category, amount=amount, **fields)
    for year, value in (paid or {}).items():
        InstrumentDisbursement.objects.create(instrument=instrument, year=year, amount=value)
    return instrument


def make_toolkit(world, owner, cluster, *, policies=(), instruments=(), title=None):
    toolkit = Toolkit.objects.create(
        owner=world.orgs[owner], cluster=world.clusters[cluster], title=title or f"{owner}工具箱"
    )
    toolkit.policies.set(policies)
    toolkit.instruments.set(instruments)
    return toolkit
