from django import template

register = template.Library()


@register.simple_tag(takes_context=True)
def unread_notification_count(context):
    """The signed-in user's unread notifications (one query; none for users without an organisation)."""
    from tenancy.notifications.services import unread_count

    request = context.get("request")
    viewer = context.get("viewer")
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated or viewer is None or not viewer.organisation_id:
        return 0
    return unread_count(user=user)
