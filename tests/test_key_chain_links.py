"""The article's caution on chains (issue 13, item 6): an empty chain link warns only where the cluster's approved
plan names it as key; other empty links are information (a notice). Plans name their key links."""

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from monitoring.evaluation.early_warnings import early_warnings
from monitoring.evaluation.inputs import ClusterData, MonitoringData, load
from monitoring.evaluation.method import DEFAULT_CONFIG
from policies.plans.services import plan_update

from .builders.plans import make_plan
from .factories import ChainLinkFactory

NETWORK = {"id": 1, "chain_links": 4, "empty_links": 1, "empty_names": ["检测认证"], "articulation_points": 0}


def chain_warning(key_links):
    cluster = ClusterData(id=1, name="A", network=dict(NETWORK), key_links=key_links)
    data = MonitoringData(
        year=2024,
        config=DEFAULT_CONFIG,
        clusters=[cluster],
        higher_is_better={},
        indicator_names={},
        deadline_passed=False,
        deadline="2025-02-28",
    )
    return next(w for w in early_warnings(cluster, data) if w["rule"] == "empty_chain_links")


def test_an_empty_key_link_is_a_warning():
    warning = chain_warning(["检测认证"])
    assert warning["severity"] == "warning" and warning["details"]["key_names"] == ["检测认证"]


def test_an_empty_link_the_plan_does_not_name_is_information():
    warning = chain_warning(["整机制造"])
    assert warning["severity"] == "notice" and warning["details"]["key_names"] == []
    assert chain_warning([])["severity"] == "notice"


def test_the_approved_plan_names_its_key_links_and_monitoring_reads_them(world):
    from clusters.models import Cluster

    link = ChainLinkFactory(cluster=world.nanjing_cluster, name="检测认证")
    plan = make_plan(world, key_chain_links=[link])
    assert list(plan.key_chain_links.all()) == [link]
    data = load(
        year=2024,
        config=DEFAULT_CONFIG,
        clusters=Cluster.objects.filter(pk=world.nanjing_cluster.pk),
        as_of=timezone.now(),
    )
    assert data.clusters[0].key_links == []  # a draft plan does not count
    plan_approved = make_plan(world, state="approved", title="获批方案", key_chain_links=[link])
    data = load(
        year=2024,
        config=DEFAULT_CONFIG,
        clusters=Cluster.objects.filter(pk=world.nanjing_cluster.pk),
        as_of=timezone.now(),
    )
    assert plan_approved.status == "approved" and data.clusters[0].key_links == ["检测认证"]


def test_a_key_link_of_another_cluster_is_refused(world):
    plan = make_plan(world)
    other = ChainLinkFactory(cluster=world.wuxi_cluster)
    with pytest.raises(ValidationError) as refused:
        plan_update(plan=plan, by=world.jiangsu, key_chain_links=[other])
    assert "key_chain_links" in refused.value.message_dict
    assert list(plan.key_chain_links.all()) == []
