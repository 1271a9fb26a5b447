import copy

from rest_framework import serializers

from ..models import IndustryField, Region
from ..organisations.api.serializers import OrganisationSerializer
from ..visibility import Viewer


class FieldsBuiltOnce:
    """ModelSerializer mixin for the busiest read endpoints: on a read (a GET or HEAD request in the context) the
    fields `ModelSerializer.get_fields()` builds from the model (a quarter of a member's detail request: model field
    introspection, labels, validators) are built once per serializer class and process, and each serializer gets a
    deep copy, as DRF copies the declared fields. The copy re-creates every field from its arguments, so nothing of
    one request reaches another: a related field's queryset is copied unevaluated (and representing a row never reads
    it). Writes, the schema (no request) and a subclass's own `get_fields()` changes, made on the copy, are as
    before. Only for serializers whose `get_fields()` chain does not depend on the request, the viewer or the
    instance below this mixin."""

    _fields_built_once: dict = {}

    def get_fields(self):
        request = self.context.get("request")
        if request is None or request.method not in ("GET", "HEAD"):
            return super().get_fields()
        built = FieldsBuiltOnce._fields_built_once.get(type(self))
        if built is None:
            built = FieldsBuiltOnce._fields_built_once[type(self)] = super().get_fields()
        return copy.deepcopy(built)


class ReportEntrySerializer(serializers.Serializer):
    """One problem of a spreadsheet import (members, observations, organisations, experts)."""

    row = serializers.IntegerField(help_text="Row number as a spreadsheet shows it; the header is row 1.")
    column = serializers.CharField(help_text="The column's header as written in the file (empty: the whole row).")
    message = serializers.CharField()


class RegionSerializer(serializers.ModelSerializer):
    parent = serializers.PrimaryKeyRelatedField(read_only=True, allow_null=True)
    # Every GB/T 2260 division lies east of Greenwich and north of the equator (the shipped data; read-only here).
    longitude = serializers.DecimalField(max_digits=10, decimal_places=6, min_value=0, read_only=True, allow_null=True)
    latitude = serializers.DecimalField(max_digits=10, decimal_places=6, min_value=0, read_only=True, allow_null=True)

    class Meta:
        model = Region
        fields = ["code", "name", "name_en", "level", "parent", "longitude", "latitude"]


class IndustryFieldSerializer(serializers.ModelSerializer):
    class Meta:
        model = IndustryField
        fields = ["code", "name", "name_en"]


class MeSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    username = serializers.CharField()
    full_name = serializers.CharField()
    kind = serializers.ChoiceField(
        choices=[Viewer.NATIONAL, Viewer.LOCAL, Viewer.CLUSTER_BODY, Viewer.EXPERT, Viewer.ANONYMOUS]
    )
    role = serializers.CharField(allow_null=True)
    organisation = OrganisationSerializer(allow_null=True)
    is_superuser = serializers.BooleanField()


class WorkItemSerializer(serializers.Serializer):
    """One thing to do (tenancy.work.WorkItem)."""

    title = serializers.CharField()
    url = serializers.CharField(help_text="The page where the work is done (a path on this site).")
    due = serializers.CharField(
        source="due_iso",
        allow_null=True,
        help_text="ISO 8601: a deadline's date and time with its offset, or a day; null when the item has no due date.",
    )
    overdue = serializers.BooleanField(help_text="The due date has passed.")


class WorkQueueSerializer(serializers.Serializer):
    """A non-empty work queue of the caller: its key, label, total count, full list and first items."""

    key = serializers.CharField(help_text="Stable name of the queue, e.g. plans-to-approve, reviews-to-write.")
    label = serializers.CharField(help_text="The queue's name in the request's language.")
    count = serializers.IntegerField(help_text="How many items the queue holds (items lists the first of them).")
    url = serializers.CharField(help_text="The page with the queue's full list.")
    items = WorkItemSerializer(many=True)


class TasksSerializer(serializers.Serializer):
    count = serializers.IntegerField(help_text="How many items all the queues hold.")
    queues = WorkQueueSerializer(many=True)
