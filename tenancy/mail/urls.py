from django.urls import path

from tenancy.mail import views

urlpatterns = [
    path("notifications/mail/", views.mail_preferences, name="mail-preferences"),
    path("outbox/", views.outbox_list, name="outbox-list"),
    path("outbox/<int:pk>/", views.outbox_detail, name="outbox-detail"),
    path("reminders/", views.reminder_list, name="reminder-list"),
]
