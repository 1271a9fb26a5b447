from rest_framework import permissions


class RulesPermission(permissions.BasePermission):
    """Checks the viewset's `rules` permission for the action.

    `permission_rules` maps an action to a permission name; the object is
    passed for detail actions. Reading needs no rule: the scoped queryset
    already holds only what the viewer may see, so anything else is a 404.
    """

    def has_permission(self, request, view):
        perm = self._perm(view)
        if perm is None or view.detail:
            return True
        return request.user.has_perm(perm)

    def has_object_permission(self, request, view, obj):
        perm = self._perm(view)
        return perm is None or request.user.has_perm(perm, obj)

    @staticmethod
    def _perm(view):
        rules_by_action = getattr(view, "permission_rules", {})
        return rules_by_action.get(view.action)
