from django.urls import path

from tenancy.accounts import views

urlpatterns = [
    path("accounts/tokens/", views.token_list, name="account-tokens"),
    path("accounts/tokens/new/", views.token_create, name="account-token-create"),
    path("accounts/tokens/<int:pk>/revoke/", views.token_revoke, name="account-token-revoke"),
    path("accounts/password/", views.PasswordChangeView.as_view(), name="password-change"),
    path("accounts/password/reset/", views.PasswordResetView.as_view(), name="password-reset"),
    path("accounts/password/reset/sent/", views.PasswordResetDoneView.as_view(), name="password-reset-done"),
    path(
        "accounts/password/reset/<uidb64>/<token>/",
        views.PasswordResetConfirmView.as_view(),
        name="password-reset-confirm",
    ),
    path("accounts/password/reset/done/", views.PasswordResetCompleteView.as_view(), name="password-reset-complete"),
]
