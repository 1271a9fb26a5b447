"""Builders for the profile matrix cases (tests/matrix/profile.py): each makes the objects a case needs."""

from django.urls import reverse

from clusters.models import ChainLink, Milestone


def link_url(route, name):
    def url(world):
        link = ChainLink.objects.create(cluster=world.clusters[name], name="测试环节", segment="upstream")
        return reverse(route, args=[link.pk])

    return url


def milestone_url(route, name):
    def url(world):
        milestone = Milestone.objects.create(cluster=world.clusters[name], year=2009, kind="trigger_event", title="t")
        return reverse(route, args=[milestone.pk])

    return url


def page_part_url(route, name, kind):
    def url(world):
        cluster = world.clusters[name]
        if kind == "chain-link":
            part = ChainLink.objects.create(cluster=cluster, name="环节", segment="upstream")
        else:
            part = Milestone.objects.create(cluster=cluster, year=2009, kind="trigger_event", title="t")
        if route == "cluster-part-delete":
            return reverse(route, args=[cluster.pk, kind, part.pk])
        return reverse(route, args=[cluster.pk, part.pk])

    return url
