from django.urls import path

from tenancy.invitations import views

urlpatterns = [
    path("invitations/<str:key>/", views.invitation_accept, name="invitation-accept"),
    path("organisation/invitations/", views.invitation_list, name="invitation-list"),
    path("organisation/invitations/<int:pk>/resend/", views.invitation_resend, name="invitation-resend"),
    path("organisation/invitations/<int:pk>/withdraw/", views.invitation_withdraw, name="invitation-withdraw"),
]
