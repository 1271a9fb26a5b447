"""The API serializers of partner posts. A post carries its cluster's and its publisher's names, never a contact;
an interest's contacts are in the body only once the interest is accepted."""

from rest_framework import serializers

from clusters.models import ChainCategory, Cluster
from exchange.posts.models import Follow, Interest, Post
from tenancy.models import Region


class VisibleClusterField(serializers.PrimaryKeyRelatedField):
    """A cluster the caller may see; any other id is 'does not exist' (no hint that it does)."""

    def get_queryset(self):
        return Cluster.objects.all()


class PostSerializer(serializers.ModelSerializer):
    cluster = VisibleClusterField(help_text="A cluster your organisation promotes (set on creation only).")
    cluster_name = serializers.CharField(source="cluster.display_name", read_only=True)
    publisher = serializers.IntegerField(source="cluster.promotion_body_id", read_only=True)
    publisher_name = serializers.CharField(source="cluster.promotion_body.display_name", read_only=True)
    field = serializers.CharField(source="cluster.field_id", read_only=True)
    category = serializers.PrimaryKeyRelatedField(queryset=ChainCategory.objects.all(), required=False, allow_null=True)
    category_name = serializers.CharField(source="category.display_name", read_only=True, default=None)
    region = serializers.SlugRelatedField(slug_field="code", queryset=Region.objects.all(), help_text="A region code.")
    region_name = serializers.CharField(source="region.display_name", read_only=True)
    state = serializers.CharField(read_only=True, help_text="draft, open, expired (open, past its date) or closed.")

    class Meta:
        model = Post
        fields = [
            "id",
            "cluster",
            "cluster_name",
            "publisher",
            "publisher_name",
            "field",
            "direction",
            "kind",
            "title",
            "description",
            "category",
            "category_name",
            "region",
            "region_name",
            "expires_on",
            "status",
            "state",
            "outcome",
            "outcome_note",
            "opened_at",
            "closed_at",
            "created",
            "updated",
        ]
        read_only_fields = ["status", "outcome", "outcome_note", "opened_at", "closed_at", "created", "updated"]
        validators = []  # the service checks the fields against each other


class CloseSerializer(serializers.Serializer):
    outcome = serializers.ChoiceField(choices=Post.Outcome.choices)
    note = serializers.CharField(required=False, allow_blank=True, default="", max_length=2000)


class ContactSerializer(serializers.Serializer):
    contact_name = serializers.CharField(required=False, allow_blank=True, default="", max_length=100)
    contact_phone = serializers.CharField(required=False, allow_blank=True, default="", max_length=40)
    contact_email = serializers.EmailField(required=False, allow_blank=True, default="")


class ExpressSerializer(ContactSerializer):
    message = serializers.CharField(max_length=2000)


class AcceptSerializer(ContactSerializer):
    note = serializers.CharField(required=False, allow_blank=True, default="", max_length=2000)


class DeclineSerializer(serializers.Serializer):
    note = serializers.CharField(required=False, allow_blank=True, default="", max_length=2000)


class InterestSerializer(serializers.ModelSerializer):
    organisation_name = serializers.CharField(source="organisation.display_name", read_only=True)
    post_title = serializers.CharField(source="post.title", read_only=True)
    contact_offered = serializers.BooleanField(read_only=True)
    contact = serializers.SerializerMethodField(help_text="The interested body's contact, once accepted.")
    publisher_contact = serializers.SerializerMethodField(help_text="The publisher's contact, once accepted.")

    class Meta:
        model = Interest
        fields = [
            "id",
            "post",
            "post_title",
            "organisation",
            "organisation_name",
            "message",
            "status",
            "contact_offered",
            "contact",
            "publisher_contact",
            "answer_note",
            "created",
            "answered_at",
        ]
        read_only_fields = fields

    def _contact(self, interest, prefix):
        if not interest.contacts_exchanged:
            return None
        return {
            "name": getattr(interest, f"{prefix}contact_name"),
            "phone": getattr(interest, f"{prefix}contact_phone"),
            "email": getattr(interest, f"{prefix}contact_email"),
        }

    def get_contact(self, interest) -> dict | None:
        return self._contact(interest, "")

    def get_publisher_contact(self, interest) -> dict | None:
        return self._contact(interest, "publisher_")


class FollowSerializer(serializers.ModelSerializer):
    cluster = serializers.IntegerField(source="cluster_id", help_text="The id of the cluster to follow.")
    cluster_name = serializers.CharField(source="cluster.display_name", read_only=True)

    class Meta:
        model = Follow
        fields = ["id", "cluster", "cluster_name", "created"]
        read_only_fields = ["id", "created"]
