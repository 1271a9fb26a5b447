from rest_framework import exceptions, permissions

# A `permission_rules` value for an action the viewset routes but does not offer (e.g. PUT beside PATCH): 405.
NOT_OFFERED = "not-offered"


class RulesPermission(permissions.BasePermission):
    """Checks the viewset's `rules` permission for the action, and fails closed.

    `permission_rules` maps an action to a permission name; the object is
    passed for detail actions. Reading needs no rule: the scoped queryset
    already holds only what the viewer may see, so anything else is a 404.
    A write (any method but GET, HEAD and OPTIONS) needs a rule: one without
    is refused, with a 403 for an object the caller sees and a 404 for one it
    does not, as every refusal is.
    """

    def has_permission(self, request, view):
        if view.action is None or request.method.lower() not in view.http_method_names:
            return True  # a method the viewset does not route or offer: the 405 follows
        perm = self._perm(view)
        if perm == NOT_OFFERED:
            raise exceptions.MethodNotAllowed(request.method)
        if perm is None:
            if request.method in permissions.SAFE_METHODS:
                return True
            if view.detail:
                view.get_object()  # 404 when hidden; else has_object_permission refuses (403)
            return False
        if view.detail:
            return True
        return request.user.has_perm(perm)

    def has_object_permission(self, request, view, obj):
        perm = self._perm(view)
        if perm is None:
            return request.method in permissions.SAFE_METHODS
        return request.user.has_perm(perm, obj)

    @staticmethod
    def _perm(view):
        rules_by_action = getattr(view, "permission_rules", {})
        return rules_by_action.get(view.action)
