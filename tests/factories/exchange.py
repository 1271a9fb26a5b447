"""Factories for the exchange models: collaborations between clusters, partner posts, interest and follows."""

import datetime

import factory
from django.utils import timezone

from clusters.models import Collaboration
from exchange.models import ClusterLink, Follow, Interest, Post

from .clusters import ClusterFactory, MemberFactory
from .tenancy import OrganisationFactory, RegionFactory

__all__ = ["ClusterLinkFactory", "FollowFactory", "InterestFactory", "PostFactory"]


class ClusterLinkFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ClusterLink

    source = factory.SubFactory(MemberFactory)
    source_cluster = factory.SelfAttribute("source.cluster")
    target = factory.SubFactory(MemberFactory)
    target_cluster = factory.SelfAttribute("target.cluster")
    kind = Collaboration.Kind.SUPPLY
    proposed_by_organisation = factory.SelfAttribute("source_cluster.promotion_body")


class PostFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Post

    cluster = factory.SubFactory(ClusterFactory)
    direction = Post.Direction.OFFER
    kind = Post.Kind.TECHNOLOGY
    title = factory.Sequence(lambda n: f"合作需求{n}")
    description = "可提供联合研发与配套。"
    region = factory.SubFactory(RegionFactory)
    expires_on = factory.LazyFunction(lambda: timezone.localdate() + datetime.timedelta(days=90))


class InterestFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Interest

    post = factory.SubFactory(PostFactory)
    organisation = factory.SubFactory(OrganisationFactory)
    message = "希望进一步沟通。"


class FollowFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Follow

    organisation = factory.SubFactory(OrganisationFactory)
    cluster = factory.SubFactory(ClusterFactory)
