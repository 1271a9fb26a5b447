"""Partner search: the needs and offers cluster bodies publish for their clusters, the interest other bodies express
in them (with the exchange of contact details once both sides agree), and the clusters a body follows.

A post goes draft → open → closed (with an outcome and a note); an open post whose expiry date has passed is
expired: it drops out of the open list by date, no job needed. An interest is pending until the publisher accepts it
(then both sides see each other's contact) or declines it.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tenancy.history import HistoricalRecords
from tenancy.scoping import TenantManager
from tenancy.search import SearchTokensField

__all__ = ["Follow", "Interest", "Post"]


class Post(models.Model):
    """A need or an offer a cluster's promotion body publishes for the cluster (its publisher is the body that
    promotes the cluster, now)."""

    class Direction(models.TextChoices):
        NEED = "need", _("Need")
        OFFER = "offer", _("Offer")

    class Kind(models.TextChoices):
        TECHNOLOGY = "technology", _("Technology")
        SUPPLY = "supply", _("Supply")
        CAPACITY = "capacity", _("Capacity")
        TALENT = "talent", _("Talent")
        CAPITAL = "capital", _("Capital")
        MARKET = "market", _("Market")

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        OPEN = "open", _("Open")
        CLOSED = "closed", _("Closed")

    class Outcome(models.TextChoices):
        PARTNER_FOUND = "partner_found", _("Partner found")
        NO_PARTNER = "no_partner", _("No partner found")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    EDITABLE = (Status.DRAFT, Status.OPEN)
    TEXT_FIELDS = ("direction", "kind", "title", "description", "category", "region", "expires_on")

    cluster = models.ForeignKey(
        "clusters.Cluster", verbose_name=_("cluster"), on_delete=models.PROTECT, related_name="partner_posts"
    )
    direction = models.CharField(_("need or offer"), max_length=8, choices=Direction.choices)
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"))
    category = models.ForeignKey(
        "clusters.ChainCategory",
        verbose_name=_("chain category"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="partner_posts",
    )
    region = models.ForeignKey(
        "tenancy.Region", verbose_name=_("region"), on_delete=models.PROTECT, related_name="partner_posts"
    )
    expires_on = models.DateField(_("expires on"))
    status = models.CharField(_("status"), max_length=8, choices=Status.choices, default=Status.DRAFT)
    outcome = models.CharField(_("outcome"), max_length=16, choices=Outcome.choices, blank=True)
    outcome_note = models.TextField(_("note on the outcome"), blank=True)
    opened_at = models.DateTimeField(_("opened"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created = models.DateTimeField(_("created"), auto_now_add=True)
    updated = models.DateTimeField(_("updated"), auto_now=True)
    # Title and description (tenancy.search); derived, so not in the history.
    search_tokens = SearchTokensField(_("search tokens"))
    history = HistoricalRecords(excluded_fields=["search_tokens"])

    objects = TenantManager(visibility="exchange.posts.selectors.post_visibility")

    class Meta:
        ordering = ["-opened_at", "-pk"]
        verbose_name = _("partner post")
        verbose_name_plural = _("partner posts")
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(status="closed") | ~models.Q(outcome=""),
                name="post_closed_has_outcome",
                violation_error_message=_("A closed post has an outcome."),
            ),
        ]
        indexes = [models.Index(fields=["status", "expires_on"], name="post_status_expiry")]

    def __str__(self):
        return self.title

    @property
    def is_expired(self) -> bool:
        return self.status == self.Status.OPEN and self.expires_on < timezone.localdate()

    @property
    def is_live(self) -> bool:
        """Open and not expired: others can see it in the list and express interest."""
        return self.status == self.Status.OPEN and not self.is_expired

    @property
    def state(self) -> str:
        """The status as people read it: an open post past its expiry is "expired"."""
        return "expired" if self.is_expired else self.status

    @property
    def state_label(self):
        return _("Expired") if self.is_expired else self.get_status_display()


class Interest(models.Model):
    """Another body's interest in a post, with its message; contact details are exchanged once the interested body
    has offered its contact and the publisher has accepted (giving its own)."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Awaiting an answer")
        ACCEPTED = "accepted", _("Accepted")
        DECLINED = "declined", _("Declined")

    post = models.ForeignKey(Post, verbose_name=_("post"), on_delete=models.CASCADE, related_name="interests")
    organisation = models.ForeignKey(
        "tenancy.Organisation",
        verbose_name=_("interested body"),
        on_delete=models.PROTECT,
        related_name="partner_interests",
    )
    message = models.TextField(_("message"))
    status = models.CharField(_("status"), max_length=8, choices=Status.choices, default=Status.PENDING)
    contact_name = models.CharField(_("contact name"), max_length=100, blank=True)
    contact_phone = models.CharField(_("contact phone"), max_length=40, blank=True)
    contact_email = models.EmailField(_("contact e-mail"), blank=True)
    publisher_contact_name = models.CharField(_("publisher's contact name"), max_length=100, blank=True)
    publisher_contact_phone = models.CharField(_("publisher's contact phone"), max_length=40, blank=True)
    publisher_contact_email = models.EmailField(_("publisher's contact e-mail"), blank=True)
    answer_note = models.TextField(_("answer"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created = models.DateTimeField(_("created"), auto_now_add=True)
    answered_at = models.DateTimeField(_("answered"), null=True, blank=True)
    history = HistoricalRecords()

    objects = TenantManager(visibility="exchange.posts.selectors.interest_visibility")

    class Meta:
        ordering = ["-created", "-pk"]
        verbose_name = _("interest")
        verbose_name_plural = _("interests")
        constraints = [
            models.UniqueConstraint(
                fields=["post", "organisation"],
                name="interest_once_per_body",
                violation_error_message=_("Your organisation has already expressed interest in this post."),
            ),
        ]

    def __str__(self):
        return f"{self.organisation} → {self.post}"

    @property
    def contact_offered(self) -> bool:
        return bool(self.contact_name and (self.contact_phone or self.contact_email))

    @property
    def contacts_exchanged(self) -> bool:
        return self.status == self.Status.ACCEPTED


class Follow(models.Model):
    """A body follows another cluster: it is notified when that cluster opens a new post."""

    organisation = models.ForeignKey(
        "tenancy.Organisation", verbose_name=_("organisation"), on_delete=models.CASCADE, related_name="follows"
    )
    cluster = models.ForeignKey(
        "clusters.Cluster", verbose_name=_("cluster"), on_delete=models.CASCADE, related_name="followers"
    )
    created = models.DateTimeField(_("followed since"), auto_now_add=True)

    objects = TenantManager(visibility="exchange.posts.selectors.follow_visibility")

    class Meta:
        ordering = ["-created", "-pk"]
        verbose_name = _("followed cluster")
        verbose_name_plural = _("followed clusters")
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "cluster"],
                name="follow_once",
                violation_error_message=_("Your organisation already follows this cluster."),
            ),
        ]

    def __str__(self):
        return f"{self.organisation} → {self.cluster}"
