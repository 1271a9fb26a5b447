"""Pages of the entries."""

from django.urls import path

from evaluations.entries import views

urlpatterns = [
    path("entries/", views.entry_list, name="entry-list"),
    path("entries/add/", views.entry_add, name="entry-add"),
    path("entries/<int:pk>/", views.entry_detail, name="entry-detail"),
    path("entries/<int:pk>/edit/", views.entry_edit, name="entry-edit"),
    path("entries/<int:pk>/autosave/", views.entry_autosave, name="entry-autosave"),
    path("entries/<int:pk>/claims/<int:criterion_pk>/", views.entry_claim, name="entry-claim"),
    path("entries/<int:pk>/submit/", views.entry_submit, name="entry-submit"),
    path("entries/<int:pk>/endorse/", views.entry_endorse, name="entry-endorse"),
    path("entries/<int:pk>/return/", views.entry_return, name="entry-return"),
    path("entries/<int:pk>/eligible/", views.entry_eligible, name="entry-eligible"),
    path("entries/<int:pk>/ineligible/", views.entry_ineligible, name="entry-ineligible"),
    path("entries/<int:pk>/withdraw/", views.entry_withdraw, name="entry-withdraw"),
    path("entries/<int:pk>/carry-over/", views.entry_carry_over, name="entry-carry-over"),
    path("entries/<int:pk>/evidence/<int:claim_pk>/", views.entry_evidence, name="entry-evidence"),
    path("entries/<int:pk>/versions/<int:number>/", views.entry_version, name="entry-version"),
    path("entries/<int:pk>/history/", views.entry_history, name="entry-history"),
]
