from django.urls import path, re_path

from clusters.observations.views import (
    cluster_compare,
    cluster_compare_export,
    cluster_diagnostic,
    cluster_indicators,
    cluster_indicators_export,
    observation_add,
    observation_delete,
    observation_detail,
    observation_edit,
    observation_evidence,
    observation_history,
    observation_queue,
    observation_return,
    observation_submit,
    observation_verify,
)

urlpatterns = [
    path("clusters/compare/", cluster_compare, name="cluster-compare"),
    re_path(r"^clusters/compare/export\.(?P<fmt>xlsx|csv)$", cluster_compare_export, name="cluster-compare-export"),
    path("clusters/<int:pk>/indicators/", cluster_indicators, name="cluster-indicators"),
    path("clusters/<int:pk>/indicators/add/", observation_add, name="observation-add"),
    path("observations/review/", observation_queue, name="observation-queue"),
    path("clusters/<int:pk>/indicators/<int:observation_pk>/", observation_detail, name="observation-detail"),
    path("clusters/<int:pk>/indicators/<int:observation_pk>/submit/", observation_submit, name="observation-submit"),
    path("clusters/<int:pk>/indicators/<int:observation_pk>/verify/", observation_verify, name="observation-verify"),
    path("clusters/<int:pk>/indicators/<int:observation_pk>/return/", observation_return, name="observation-return"),
    re_path(
        r"^clusters/(?P<pk>[0-9]+)/indicators/export\.(?P<fmt>xlsx|csv)$",
        cluster_indicators_export,
        name="cluster-indicators-export",
    ),
    path("clusters/<int:pk>/indicators/<int:observation_pk>/edit/", observation_edit, name="observation-edit"),
    path("clusters/<int:pk>/indicators/<int:observation_pk>/delete/", observation_delete, name="observation-delete"),
    path(
        "clusters/<int:pk>/indicators/<int:observation_pk>/evidence/", observation_evidence, name="observation-evidence"
    ),
    path("clusters/<int:pk>/indicators/<int:observation_pk>/history/", observation_history, name="observation-history"),
    path("clusters/<int:pk>/diagnostic/", cluster_diagnostic, name="cluster-diagnostic"),
]
