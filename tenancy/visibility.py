"""Who is asking: the viewer that every visibility rule and predicate reads."""

from dataclasses import dataclass

from django.apps import apps


@dataclass(frozen=True)
class Viewer:
    NATIONAL = "national"
    LOCAL = "local"
    CLUSTER_BODY = "cluster_body"
    EXPERT = "expert"
    ANONYMOUS = "anonymous"
    SYSTEM = "system"

    kind: str
    user_id: int | None = None
    organisation_id: int | None = None
    role: str | None = None
    region_code: str | None = None
    jurisdiction_prefix: str | None = None
    is_superuser: bool = False

    @classmethod
    def system(cls):
        return cls(kind=cls.SYSTEM)

    @classmethod
    def anonymous(cls):
        return cls(kind=cls.ANONYMOUS)

    @classmethod
    def from_membership(cls, user, membership):
        """The viewer of a user with an active membership (its organisation and region loaded)."""
        organisation = membership.organisation
        region = organisation.region
        return cls(
            kind=organisation.kind,
            user_id=user.pk,
            organisation_id=organisation.pk,
            role=membership.role,
            region_code=region.code if region else None,
            jurisdiction_prefix=region.jurisdiction_prefix if region else None,
            is_superuser=user.is_superuser,
        )

    @classmethod
    def for_user(cls, user):
        """Build (once per user object) the viewer of a signed-in user."""
        if user is None or not user.is_authenticated:
            return cls.anonymous()
        cached = getattr(user, "_viewer", None)
        if cached is not None:
            return cached
        # By name, and past the scope: the viewer is what a scope is made of, and the scoping imports this module.
        ExpertProfile = apps.get_model("tenancy", "ExpertProfile")
        Membership = apps.get_model("tenancy", "Membership")

        membership = (
            Membership._base_manager.select_related("organisation__region")
            .filter(user_id=user.pk, is_active=True, organisation__is_active=True)
            .first()
        )
        if membership is not None:
            viewer = cls.from_membership(user, membership)
        elif ExpertProfile._base_manager.filter(user_id=user.pk).exists():
            viewer = cls(kind=cls.EXPERT, user_id=user.pk, is_superuser=user.is_superuser)
        else:
            viewer = cls(kind=cls.ANONYMOUS, user_id=user.pk, is_superuser=user.is_superuser)
        user._viewer = viewer
        return viewer

    @property
    def is_national(self):
        return self.kind == self.NATIONAL

    @property
    def is_local(self):
        return self.kind == self.LOCAL

    @property
    def is_cluster_body(self):
        return self.kind == self.CLUSTER_BODY

    @property
    def is_expert(self):
        return self.kind == self.EXPERT

    @property
    def is_system(self):
        return self.kind == self.SYSTEM

    @property
    def reads_everything(self):
        """The ministry and system tasks read every tenant's data (DESIGN §2)."""
        return self.kind in (self.NATIONAL, self.SYSTEM)

    @property
    def can_write(self):
        return self.role in ("admin", "editor")


class RequestViewer:
    """The viewer of a request, resolved when a query first needs it, so that API
    token authentication (which runs after the middleware) is already done."""

    def __init__(self, request):
        self.request = request

    def __call__(self):
        return Viewer.for_user(getattr(self.request, "user", None))
