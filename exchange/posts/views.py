"""Pages of partner posts: the marketplace list (filters, search, sort, export), a post (its interests for the
publisher, one's own interest for another body), the post form, its workflow steps, expressing interest, offering
and exchanging contacts, and the clusters one follows."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from clusters.models import ChainCategory, Cluster
from exchange.posts import selectors, services
from exchange.posts.forms import AcceptForm, CloseForm, ContactForm, DeclineForm, InterestForm, PostForm
from exchange.posts.models import Post
from exchange.posts.tables import POST_SORTS
from tenancy.errors import Refusal
from tenancy.filters import read_id
from tenancy.forms import add_service_errors
from tenancy.history import history_entries
from tenancy.models import IndustryField
from tenancy.paging import CappedPaginator
from tenancy.scoping import unscoped
from tenancy.visibility import Viewer

PAGE_SIZE = 25


def require_posts(request):
    if not request.user.has_perm("exchange.view_posts"):
        raise PermissionDenied


def _post(pk):
    return get_object_or_404(selectors.post_for_detail(), pk=pk)


def _interest(pk):
    return get_object_or_404(selectors.visible_interests(), pk=pk)


# The list ----------------------------------------------------------------------------------------------------------


def posts_shown(request):
    """The list's posts and filters from the query string: shared by the page and its export."""
    viewer = Viewer.for_user(request.user)
    get = request.GET
    direction = get.get("direction", "") if get.get("direction") in Post.Direction.values else ""
    kind = get.get("kind", "") if get.get("kind") in Post.Kind.values else ""
    category = read_id(get.get("category"))
    region = selectors.region_for(get.get("region"))
    field = get.get("field", "")
    field = field if field and IndustryField.objects.filter(pk=field).exists() else ""
    cluster = read_id(get.get("cluster"))
    mine = get.get("mine") == "1" and viewer.is_cluster_body
    query = get.get("q", "").strip()[:200]
    posts = selectors.filter_posts(
        selectors.visible_posts(),
        viewer=viewer,
        mine=mine,
        direction=direction,
        kind=kind,
        category=category,
        region=region,
        field=field,
        cluster=cluster,
        query=query,
    )
    filters = {
        "direction": direction,
        "kind": kind,
        "category": category,
        "region": region.code if region else "",
        "field": field,
        "cluster": cluster,
        "query": query,
    }
    return posts, filters, mine


@login_required
@require_safe
def post_list(request):
    require_posts(request)
    posts, filters, mine = posts_shown(request)
    sorting = POST_SORTS.read(request)
    number = request.GET.get("page")
    page = CappedPaginator(sorting.apply(posts), PAGE_SIZE, number=number).get_page(number)
    viewer = Viewer.for_user(request.user)
    return render(
        request,
        "exchange/posts/post_list.html",
        {
            "page": page,
            "sorting": sorting,
            "filters": filters,
            "mine": mine,
            "filtered": any(filters.values()),
            "directions": Post.Direction.choices,
            "kinds": Post.Kind.choices,
            "categories": ChainCategory.objects.select_related("field").order_by("field__code", "position"),
            "fields": IndustryField.objects.order_by("pk"),
            "clusters": selectors.market_clusters(),
            "is_body": viewer.is_cluster_body,
            "can_add": request.user.has_perm("exchange.add_post"),
            "followed": selectors.followed_cluster_ids(viewer) if viewer.is_cluster_body else set(),
        },
    )


# A post ------------------------------------------------------------------------------------------------------------


@login_required
@require_safe
def post_detail(request, pk):
    require_posts(request)
    post = _post(pk)
    user = request.user
    viewer = Viewer.for_user(user)
    publisher = post.cluster.promotion_body_id == viewer.organisation_id
    interests = list(selectors.post_interests(post)) if publisher else []
    own = None if publisher else selectors.own_interest(post, viewer)

    def offered(perm, step):
        return user.has_perm(perm, post) and services.post_refusal(post, step) is None

    can_answer = user.has_perm("exchange.open_post", post)
    return render(
        request,
        "exchange/posts/post_detail.html",
        {
            "post": post,
            "publisher": publisher,
            "interests": interests,
            "own": own,
            "can_answer": can_answer and post.is_live,
            "can_decline": can_answer,
            "can_edit": offered("exchange.change_post", "change"),
            "can_open": offered("exchange.open_post", "open"),
            "can_close": offered("exchange.close_post", "close"),
            "can_delete": offered("exchange.delete_post", "delete"),
            "can_express": own is None
            and user.has_perm("exchange.express_interest_in_post", post)
            and services.post_refusal(post, "interest") is None,
            "can_offer": own is not None
            and user.has_perm("exchange.offer_contact", own)
            and services.interest_refusal(own, "contact") is None,
            "can_follow": viewer.is_cluster_body
            and user.has_perm("exchange.follow_cluster")
            and post.cluster.promotion_body_id != viewer.organisation_id,
            "following": post.cluster_id in selectors.followed_cluster_ids(viewer),
        },
    )


@login_required
@require_safe
def post_history(request, pk):
    require_posts(request)
    post = _post(pk)
    return render(
        request,
        "history.html",
        {"object": post, "entries": history_entries(post), "back_url": "post-detail", "back_pk": post.pk},
    )


def _form_values(form):
    data = dict(form.cleaned_data)
    data.pop("cluster", None)
    return data


@login_required
@require_http_methods(["GET", "POST"])
def post_add(request):
    require_posts(request)
    if not request.user.has_perm("exchange.add_post"):
        raise PermissionDenied
    viewer = Viewer.for_user(request.user)
    clusters = selectors.posting_clusters(viewer)
    form = PostForm(request.POST if request.method == "POST" else None, clusters=clusters)
    if request.method == "POST" and form.is_valid():
        try:
            post = services.post_create(by=request.user, cluster=form.cleaned_data["cluster"], **_form_values(form))
        except (ValidationError, Refusal) as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The post is saved as a draft. Open it when it is ready."))
            return redirect("post-detail", pk=post.pk)
    return render(
        request,
        "exchange/posts/post_form.html",
        {"form": form, "post": None},
        status=400 if request.method == "POST" else 200,
    )


def _refused(request, post, step, perm):
    if not request.user.has_perm(perm, post):
        raise PermissionDenied
    refusal = services.post_refusal(post, step)
    if refusal is None:
        return None
    messages.error(request, refusal.message)
    return redirect("post-detail", pk=post.pk)


@login_required
@require_http_methods(["GET", "POST"])
def post_edit(request, pk):
    require_posts(request)
    post = _post(pk)
    if refused := _refused(request, post, "change", "exchange.change_post"):
        return refused
    initial = {
        "direction": post.direction,
        "kind": post.kind,
        "title": post.title,
        "description": post.description,
        "category": post.category_id,
        "region": post.region_id,
        "expires_on": post.expires_on,
    }
    data = request.POST if request.method == "POST" else None
    form = PostForm(data, initial=initial, editing=True, clusters=Cluster.objects.none())
    if request.method == "POST" and form.is_valid():
        try:
            services.post_update(post=post, by=request.user, **_form_values(form))
        except (ValidationError, Refusal) as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The post is saved."))
            return redirect("post-detail", pk=post.pk)
    return render(
        request,
        "exchange/posts/post_form.html",
        {"form": form, "post": post},
        status=400 if request.method == "POST" else 200,
    )


STEPS = {
    "open": "exchange.open_post",
    "close": "exchange.close_post",
    "delete": "exchange.delete_post",
}


@login_required
@require_http_methods(["GET", "POST"])
def post_step(request, pk, action):
    """GET asks for confirmation (closing asks for the outcome); POST takes the step."""
    require_posts(request)
    post = _post(pk)
    if refused := _refused(request, post, action, STEPS[action]):
        return refused
    posted = request.method == "POST"
    form = CloseForm(request.POST if posted else None) if action == "close" else None
    valid = posted and (form is None or form.is_valid())
    if valid:
        try:
            if action == "open":
                services.post_open(post=post, by=request.user)
                messages.success(request, _("The post is open: every organisation can see it."))
            elif action == "close":
                services.post_close(
                    post=post, by=request.user, outcome=form.cleaned_data["outcome"], note=form.cleaned_data["note"]
                )
                messages.success(request, _("The post is closed."))
            else:
                services.post_delete(post=post, by=request.user)
                messages.success(request, _("The draft is deleted."))
                return redirect("post-list")
        except (ValidationError, Refusal) as exc:
            messages.error(request, " ".join(getattr(exc, "messages", [getattr(exc, "message", "")])))
        return redirect("post-detail", pk=post.pk)
    return render(
        request,
        "exchange/posts/post_step.html",
        {"post": post, "action": action, "form": form},
        status=400 if posted else 200,
    )


# Interest ----------------------------------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def post_interest(request, pk):
    """Another body expresses interest in an open post."""
    require_posts(request)
    post = _post(pk)
    if not request.user.has_perm("exchange.express_interest_in_post", post):
        raise PermissionDenied
    viewer = Viewer.for_user(request.user)
    refusal = services.post_refusal(post, "interest")
    if refusal is None and selectors.own_interest(post, viewer) is not None:
        refusal = Refusal(_("Your organisation has already expressed interest in this post."))
    if refusal is not None and request.method == "GET":
        messages.error(request, refusal.message)
        return redirect("post-detail", pk=post.pk)
    form = InterestForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            services.interest_express(post=post, by=request.user, **form.cleaned_data)
        except (ValidationError, Refusal) as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Your interest is sent; the publisher has been notified."))
            return redirect("post-detail", pk=post.pk)
    return render(
        request,
        "exchange/posts/interest_form.html",
        {"post": post, "form": form, "texts": _interest_texts("express")},
        status=400 if request.method == "POST" else 200,
    )


def _interest_texts(action):
    return {
        "express": {"title": _("Express interest"), "button": _("Send")},
        "contact": {"title": _("Offer your contact"), "button": _("Offer contact")},
        "accept": {"title": _("Accept and exchange contacts"), "button": _("Accept")},
        "decline": {"title": _("Decline the interest"), "button": _("Decline")},
    }[action]


@login_required
@require_http_methods(["GET", "POST"])
def interest_contact(request, pk):
    """The interested body offers its contact (while its interest is pending)."""
    require_posts(request)
    interest = _interest(pk)
    if not request.user.has_perm("exchange.offer_contact", interest):
        raise PermissionDenied
    return _interest_step(
        request,
        interest,
        action="contact",
        form_class=ContactForm,
        service=services.interest_offer_contact,
        done=_("Your contact is offered; it is shown to the publisher once it accepts."),
    )


ANSWERS = {
    "accept": (AcceptForm, services.interest_accept),
    "decline": (DeclineForm, services.interest_decline),
}


@login_required
@require_http_methods(["GET", "POST"])
def interest_answer(request, pk, action):
    """The publisher accepts (giving its contact) or declines an interest."""
    require_posts(request)
    interest = _interest(pk)
    if not request.user.has_perm("exchange.answer_interest", interest):
        raise PermissionDenied
    form_class, service = ANSWERS[action]
    done = _("Accepted: you can now see each other's contact.") if action == "accept" else _("Declined.")
    return _interest_step(request, interest, action=action, form_class=form_class, service=service, done=done)


def _interest_step(request, interest, *, action, form_class, service, done):
    refusal = services.interest_refusal(interest, action)
    if refusal is not None and request.method == "GET":
        messages.error(request, refusal.message)
        return redirect("post-detail", pk=interest.post_id)
    initial = {}
    if action == "contact":
        initial = {
            "contact_name": interest.contact_name,
            "contact_phone": interest.contact_phone,
            "contact_email": interest.contact_email,
        }
    form = form_class(request.POST if request.method == "POST" else None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            service(interest=interest, by=request.user, **form.cleaned_data)
        except (ValidationError, Refusal) as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, done)
            return redirect("post-detail", pk=interest.post_id)
    return render(
        request,
        "exchange/posts/interest_form.html",
        {"post": interest.post, "interest": interest, "form": form, "texts": _interest_texts(action)},
        status=400 if request.method == "POST" else 200,
    )


# Following ---------------------------------------------------------------------------------------------------------


@login_required
@require_safe
def follow_list(request):
    """The clusters the body follows, and the others it may follow (the public register's, the marketplace's)."""
    require_posts(request)
    viewer = Viewer.for_user(request.user)
    if not viewer.is_cluster_body:
        raise PermissionDenied
    follows = list(selectors.follows_of(viewer))
    followed = {follow.cluster_id for follow in follows}
    others = [c for c in selectors.followable_clusters(viewer) if c.pk not in followed]
    return render(
        request,
        "exchange/posts/follow_list.html",
        {"follows": follows, "others": others, "can_follow": request.user.has_perm("exchange.follow_cluster")},
    )


@login_required
@require_POST
def cluster_follow(request, cluster_pk, action):
    """Follow or unfollow a cluster (a button on a post, the list or the following page); back to where it was."""
    require_posts(request)
    if not request.user.has_perm("exchange.follow_cluster"):
        raise PermissionDenied
    viewer = Viewer.for_user(request.user)
    cluster = unscoped(Cluster).filter(pk=cluster_pk).first()
    known = cluster is not None and selectors.followable_clusters(viewer).filter(pk=cluster_pk).exists()
    followed = action == "unfollow" and selectors.follows_of(viewer).filter(cluster_id=cluster_pk).exists()
    if not (known or followed):
        raise Http404
    try:
        if action == "follow":
            services.cluster_follow(by=request.user, cluster=cluster)
            messages.success(request, _("You follow %(cluster)s.") % {"cluster": cluster.display_name})
        else:
            services.cluster_unfollow(by=request.user, cluster=cluster)
            messages.success(request, _("You no longer follow %(cluster)s.") % {"cluster": cluster.display_name})
    except (ValidationError, Refusal) as exc:
        messages.error(request, " ".join(getattr(exc, "messages", [getattr(exc, "message", "")])))
    back = request.POST.get("next", "")
    if back.startswith("/") and not back.startswith("//"):
        return redirect(back)
    return redirect("follow-list")
