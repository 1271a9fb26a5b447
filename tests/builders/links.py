"""Collaborations between clusters for the tests: made through the services, in any workflow state, between
members of two cast clusters; and the bodies' editors who take the steps (the Wuxi body, which has no role in the
cast, gets an editor made here when a step needs one)."""

from clusters.models import Member
from exchange.links.models import ClusterLink
from exchange.links.services import link_confirm, link_propose, link_refuse, link_withdraw
from tenancy.models import Membership

from ..cast import PROMOTION_BODY_OF
from ..factories import MemberFactory, MembershipFactory, UserFactory, credit_code

STATES = ("pending", "confirmed", "refused", "withdrawn")
_sequence = iter(range(700_000, 800_000))


def body_editor(world, cluster):
    """An editor of the body that promotes the world cluster `cluster`."""
    body = PROMOTION_BODY_OF[cluster]
    if hasattr(world, body):
        return world.user(body)
    membership = (
        Membership._base_manager.filter(organisation=world.orgs[body], role=Membership.Role.EDITOR)
        .select_related("user")
        .first()
    )
    if membership is None:
        user = UserFactory(username=f"t-{body.replace('_', '-')}-editor")
        membership = MembershipFactory(user=user, organisation=world.orgs[body], role=Membership.Role.EDITOR)
    return membership.user


def member_of(world, cluster, name=None) -> Member:
    n = next(_sequence)
    return MemberFactory(cluster=world.clusters[cluster], name=name or f"跨集群成员{n}", credit_code=credit_code(n))


def make_link(world, *, source="shenzhen_cluster", target="nanjing_cluster", state="pending", kind="supply", **fields):
    """A collaboration from a new member of `source` to a new member of `target`, brought to `state`."""
    source_member = member_of(world, source)
    target_member = member_of(world, target)
    link = link_propose(
        by=body_editor(world, source),
        source=source_member,
        target_cluster=world.clusters[target],
        target_credit_code=target_member.credit_code,
        kind=kind,
        value=fields.pop("value", "1200"),
        year=fields.pop("year", 2023),
        **fields,
    )
    if state == "confirmed" and link.status == ClusterLink.Status.PENDING:
        link_confirm(link=link, by=body_editor(world, target))
    elif state == "refused":
        link_refuse(link=link, by=body_editor(world, target), reason="我方无此合作记录。")
    elif state == "withdrawn":
        link_withdraw(link=link, by=body_editor(world, source))
    link.refresh_from_db()
    return link


def status_of(link):
    return ClusterLink._base_manager.get(pk=link.pk).status
