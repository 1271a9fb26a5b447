"""API of partner posts: the marketplace list (the page's filters) and a post's workflow (create, edit, delete a
draft, open, close with an outcome, express interest), interests (offer a contact, accept, decline) and followed
clusters."""

from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from exchange.posts import selectors, services
from exchange.posts.api.serializers import (
    AcceptSerializer,
    CloseSerializer,
    ContactSerializer,
    DeclineSerializer,
    ExpressSerializer,
    FollowSerializer,
    InterestSerializer,
    PostSerializer,
)
from exchange.posts.models import Post
from tenancy.api.viewsets import HistoryMixin, TenantModelViewSet, TenantViewSetMixin
from tenancy.filters import read_id
from tenancy.models import IndustryField
from tenancy.visibility import Viewer

LIST_PARAMETERS = [
    OpenApiParameter("mine", bool, description="true: your own posts in every state (else the open marketplace)."),
    OpenApiParameter("direction", str, enum=Post.Direction.values),
    OpenApiParameter("kind", str, enum=Post.Kind.values),
    OpenApiParameter("category", int, description="id of a chain category"),
    OpenApiParameter("region", str, description="region code: posts in it or its sub-regions"),
    OpenApiParameter("field", str, description="industry field code of the post's cluster"),
    OpenApiParameter("cluster", int, description="id of the post's cluster"),
    OpenApiParameter("q", str, description="words in the title or description (case-insensitive)"),
]


@extend_schema(parameters=LIST_PARAMETERS)
class PostViewSet(HistoryMixin, TenantModelViewSet):
    """Partner posts: every organisation reads the open posts of all clusters (not expired); the publisher (the
    body promoting the post's cluster) its own in every state. Workflow: draft → open → closed with an outcome.
    Another body's editors express interest in an open post. Experts and visitors read none."""

    serializer_class = PostSerializer
    filter_backends = []
    http_method_names = ["get", "post", "patch", "delete", "head", "options"]
    permission_rules = {
        "create": "exchange.add_post",
        "partial_update": "exchange.change_post",
        "destroy": "exchange.delete_post",
        "open": "exchange.open_post",
        "close": "exchange.close_post",
        "interest": "exchange.express_interest_in_post",
    }

    def get_queryset(self):
        posts = selectors.visible_posts()
        if self.action != "list":
            return posts
        params = self.request.query_params
        viewer = Viewer.for_user(self.request.user)
        field = params.get("field", "")
        return selectors.filter_posts(
            posts,
            viewer=viewer,
            mine=params.get("mine") in ("true", "1"),
            direction=params.get("direction", "") if params.get("direction") in Post.Direction.values else "",
            kind=params.get("kind", "") if params.get("kind") in Post.Kind.values else "",
            category=read_id(params.get("category")),
            region=selectors.region_for(params.get("region")),
            field=field if field and IndustryField.objects.filter(pk=field).exists() else "",
            cluster=read_id(params.get("cluster")),
            query=params.get("q", "")[:200],
        )

    def _respond(self, post, status_code=status.HTTP_200_OK):
        post = selectors.visible_posts().get(pk=post.pk)
        return Response(PostSerializer(post, context=self.get_serializer_context()).data, status=status_code)

    def create(self, request, *args, **kwargs):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        post = services.post_create(by=request.user, cluster=data.pop("cluster"), **data)
        return self._respond(post, status.HTTP_201_CREATED)

    def partial_update(self, request, *args, **kwargs):
        post = self.get_object()
        serializer = self.get_serializer(post, data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        post = services.post_update(post=post, by=request.user, **dict(serializer.validated_data))
        return self._respond(post)

    def perform_destroy(self, instance):
        services.post_delete(post=instance, by=self.request.user)

    @extend_schema(request=None, responses=PostSerializer)
    @action(detail=True, methods=["post"])
    def open(self, request, pk=None):
        """The publisher opens a draft; the bodies following the cluster are notified."""
        return self._respond(services.post_open(post=self.get_object(), by=request.user))

    @extend_schema(request=CloseSerializer, responses=PostSerializer)
    @action(detail=True, methods=["post"])
    def close(self, request, pk=None):
        """The publisher closes an open post with its outcome and a note."""
        post = self.get_object()
        serializer = CloseSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        return self._respond(services.post_close(post=post, by=request.user, **serializer.validated_data))

    @extend_schema(request=ExpressSerializer, responses={201: InterestSerializer})
    @action(detail=True, methods=["post"])
    def interest(self, request, pk=None):
        """Another body expresses interest in an open post (once), optionally offering its contact; the publisher
        is notified. 409 for a closed or expired post and for a second interest."""
        post = self.get_object()
        serializer = ExpressSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        interest = services.interest_express(post=post, by=request.user, **serializer.validated_data)
        return Response(InterestSerializer(interest).data, status=status.HTTP_201_CREATED)


class InterestViewSet(TenantViewSetMixin, viewsets.ReadOnlyModelViewSet):
    """Interests: your organisation's own and those in its posts. Contacts appear once the publisher accepts."""

    serializer_class = InterestSerializer
    filter_backends = []
    permission_rules = {
        "contact": "exchange.offer_contact",
        "accept": "exchange.answer_interest",
        "decline": "exchange.answer_interest",
    }

    def get_queryset(self):
        return selectors.visible_interests()

    def _respond(self, interest):
        return Response(InterestSerializer(selectors.visible_interests().get(pk=interest.pk)).data)

    @extend_schema(request=ContactSerializer, responses=InterestSerializer)
    @action(detail=True, methods=["post"])
    def contact(self, request, pk=None):
        """The interested body offers its contact while its interest is pending."""
        interest = self.get_object()
        serializer = ContactSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        return self._respond(
            services.interest_offer_contact(interest=interest, by=request.user, **serializer.validated_data)
        )

    @extend_schema(request=AcceptSerializer, responses=InterestSerializer)
    @action(detail=True, methods=["post"])
    def accept(self, request, pk=None):
        """The publisher accepts, giving its contact: both sides see each other's contact."""
        interest = self.get_object()
        serializer = AcceptSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        return self._respond(services.interest_accept(interest=interest, by=request.user, **serializer.validated_data))

    @extend_schema(request=DeclineSerializer, responses=InterestSerializer)
    @action(detail=True, methods=["post"])
    def decline(self, request, pk=None):
        """The publisher declines a pending interest; no contact is exchanged."""
        interest = self.get_object()
        serializer = DeclineSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        return self._respond(services.interest_decline(interest=interest, by=request.user, **serializer.validated_data))


class FollowViewSet(
    TenantViewSetMixin,
    mixins.ListModelMixin,
    mixins.CreateModelMixin,
    mixins.DestroyModelMixin,
    viewsets.GenericViewSet,
):
    """The clusters your organisation follows (notified when one opens a new post): follow (POST), unfollow
    (DELETE)."""

    serializer_class = FollowSerializer
    filter_backends = []
    permission_rules = {"create": "exchange.follow_cluster", "destroy": "exchange.follow_cluster"}

    def get_queryset(self):
        return selectors.follows_of(Viewer.for_user(self.request.user))

    def create(self, request, *args, **kwargs):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        follow = services.cluster_follow(by=request.user, cluster=serializer.validated_data["cluster_id"])
        follow = self.get_queryset().get(pk=follow.pk)
        return Response(FollowSerializer(follow).data, status=status.HTTP_201_CREATED)

    def perform_destroy(self, instance):
        services.cluster_unfollow(by=self.request.user, cluster=instance.cluster_id)
