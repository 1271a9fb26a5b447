from rest_framework.routers import SimpleRouter

from tenancy.mail.api import views

router = SimpleRouter()
router.register("outbox", views.OutgoingMailViewSet, basename="outgoing-mail")
router.register("reminders", views.ReminderViewSet, basename="reminder")

urlpatterns = router.urls
