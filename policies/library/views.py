"""Pages of the policy library: the library (search, filters), a policy with its instruments and disbursements,
forms, publish / expire / delete with confirmation, attachments, history; toolkits with their coverage and the
comparison of toolkits (with an Excel export). The library and policy pages are open to anonymous visitors, who
see published policies only (the scope decides); the toolkit pages need a sign-in."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from clusters.models import Cluster
from policies.library import selectors, services
from policies.library.api.views import attachment_response, comparison_toolkits
from policies.library.forms import DisbursementFormSet, InstrumentForm, PolicyForm, ToolkitForm, disbursement_rows
from policies.library.tables import POLICY_SORTS, TOOLKIT_SORTS
from policies.models import CATEGORIES, Instrument, Policy, PolicyCategory
from tenancy.errors import Refusal
from tenancy.filters import parse_ids, read_id, read_year
from tenancy.forms import add_service_errors, service_message
from tenancy.history import history_entries
from tenancy.models import Organisation
from tenancy.visibility import Viewer

PAGE_SIZE = 25
CATEGORY_CODES = {code for code, _name, _name_en in CATEGORIES}
LIBRARY_FILTERS = ("level", "issuer", "category", "status", "year", "cluster", "kind")


def _own_organisation(request):
    return Organisation.objects.select_related("region").get(pk=Viewer.for_user(request.user).organisation_id)


def _issuable_clusters(request):
    """Clusters a policy of the viewer's organisation may target: its jurisdiction's (the ministry: all)."""
    viewer = Viewer.for_user(request.user)
    clusters = Cluster.objects.order_by("name").only("pk", "name", "name_en")  # a local scope: its jurisdiction
    return clusters if viewer.is_local or viewer.is_national else clusters.none()


# The library -------------------------------------------------------------------------------------------------------


def policies_shown(request):
    """The library's policies for the request's search and filters, in the list's order (every page; the export
    reads it too): (policies, the search, the filters as given, the valid filters)."""
    query = request.GET.get("q", "").strip()
    raw = {key: request.GET.get(key, "").strip() for key in LIBRARY_FILTERS}
    filters = {
        "level": raw["level"] if raw["level"] in Policy.Level.values else "",
        "issuer": read_id(raw["issuer"]),
        "category": raw["category"] if raw["category"] in CATEGORY_CODES else "",
        "status": raw["status"] if raw["status"] in Policy.Status.values else "",
        "year": read_year(raw["year"]),
        "cluster": read_id(raw["cluster"]),
        "kind": raw["kind"] if raw["kind"] in Instrument.Kind.values else "",
    }
    base = selectors.filter_policies(Policy.objects.all(), **filters)
    return POLICY_SORTS.read(request).apply(selectors.search_policies(base, query)), query, raw, filters


def policy_list(request):
    ordered, query, raw, filters = policies_shown(request)
    sorting = POLICY_SORTS.read(request)
    page = Paginator(ordered, PAGE_SIZE).get_page(request.GET.get("page"))
    # COUNT runs on the filtered table; only the page's rows join issuers and prefetch categories and clusters.
    page.object_list = page.object_list.select_related("issuer").prefetch_related("categories", "target_clusters")
    viewer = Viewer.for_user(request.user)
    return render(
        request,
        "policies/library/policy_list.html",
        {
            "page": page,
            "sorting": sorting,
            "query": query,
            "filters": raw,
            "filtered": bool(query or any(filters.values())),
            "levels": Policy.Level.choices,
            "statuses": Policy.Status.choices if viewer.organisation_id else [],
            "categories": PolicyCategory.objects.all(),
            "kinds": Instrument.Kind.choices,
            "issuers": selectors.issuers_in_library(),
            "years": selectors.policy_years(),
            "clusters": Cluster.objects.order_by("name").only("pk", "name", "name_en"),
            "can_add": request.user.has_perm("policies.add_policy"),
        },
    )


def _policy(pk):
    return get_object_or_404(selectors.policy_for_detail(), pk=pk)


def policy_detail(request, pk):
    policy = _policy(pk)
    instruments = list(selectors.policy_instruments(policy=policy))
    for instrument in instruments:
        instrument.disbursed = sum(d.amount for d in instrument.disbursements.all())
        instrument.rate = (instrument.disbursed / instrument.amount * 100) if instrument.amount else None
    user = request.user

    def offered(perm, step):
        """A button shows when the rule lets the user act and the policy's state allows the step."""
        return user.has_perm(perm, policy) and services.policy_refusal(policy, step) is None

    return render(
        request,
        "policies/library/policy_detail.html",
        {
            "policy": policy,
            "instruments": instruments,
            "committed": sum(i.amount for i in instruments),
            "disbursed": sum(i.disbursed for i in instruments),
            "can_change": offered("policies.change_policy", "change"),
            "can_publish": offered("policies.publish_policy", "publish"),
            "can_expire": offered("policies.expire_policy", "expire"),
            "can_delete": offered("policies.delete_policy", "delete"),
            "can_add_instrument": offered("policies.add_instrument_to_policy", "change"),
        },
    )


def _refused(request, policy, step, perm, obj=None):
    """Who may act is the rule's (else 403); when the policy's state refuses `step` (the service's check, a 409 in
    the API), its message on the policy's page."""
    if not request.user.has_perm(perm, policy if obj is None else obj):
        raise PermissionDenied
    refusal = services.policy_refusal(policy, step)
    if refusal is None:
        return None
    messages.error(request, refusal.message)
    return redirect("policy-detail", policy.pk)


def policy_attachment(request, pk):
    return attachment_response(_policy(pk))


@login_required
def policy_history(request, pk):
    policy = _policy(pk)
    return render(
        request,
        "history.html",
        {"object": policy, "entries": history_entries(policy), "back_url": "policy-detail", "back_pk": policy.pk},
    )


def _policy_form_page(request, form, *, policy=None):
    return render(
        request,
        "policies/library/policy_form.html",
        {"form": form, "policy": policy, "title": _("Edit the policy") if policy else _("New policy")},
        status=400 if form.errors else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def policy_add(request):
    if not request.user.has_perm("policies.add_policy"):
        raise PermissionDenied
    posted = request.method == "POST"
    form = PolicyForm(
        request.POST if posted else None, request.FILES if posted else None, clusters=_issuable_clusters(request)
    )
    del form.fields["clear_attachment"]
    if posted and form.is_valid():
        data = dict(form.cleaned_data)
        try:
            policy = services.policy_create(issuer=_own_organisation(request), by=request.user, **data)
        except (ValidationError, Refusal) as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The policy was saved as a draft. Publish it when it is final."))
            return redirect("policy-detail", policy.pk)
    return _policy_form_page(request, form)


@login_required
@require_http_methods(["GET", "POST"])
def policy_edit(request, pk):
    policy = _policy(pk)
    if refused := _refused(request, policy, "change", "policies.change_policy"):
        return refused
    posted = request.method == "POST"
    form = PolicyForm(
        request.POST if posted else None,
        request.FILES if posted else None,
        clusters=_issuable_clusters(request),
        initial=PolicyForm.initial_for(policy),
    )
    if not policy.attachment:
        del form.fields["clear_attachment"]
    if posted and form.is_valid():
        data = dict(form.cleaned_data)
        try:
            services.policy_update(policy=policy, by=request.user, **data)
        except (ValidationError, Refusal) as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The policy was saved."))
            return redirect("policy-detail", policy.pk)
    return _policy_form_page(request, form, policy=policy)


def _confirm(request, pk, *, perm, step, service, template, done):
    """GET asks for confirmation; POST does it. A step the policy's state refuses goes back to the policy's page
    with the refusal."""
    policy = _policy(pk)
    if refused := _refused(request, policy, step, perm):
        return refused
    if request.method == "POST":
        try:
            service(policy=policy, by=request.user)
        except (ValidationError, Refusal) as exc:
            messages.error(request, service_message(exc))
            return redirect("policy-detail", policy.pk)
        messages.success(request, done)
        return None
    return render(
        request,
        template,
        {
            "policy": policy,
            "instrument_count": Instrument.objects.filter(policy=policy).count(),
            "toolkit_count": policy.toolkits.count() if policy.status != Policy.Status.DRAFT else 0,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def policy_publish(request, pk):
    response = _confirm(
        request,
        pk,
        perm="policies.publish_policy",
        step="publish",
        service=services.policy_publish,
        template="policies/library/policy_publish.html",
        done=_("The policy was published."),
    )
    return response or redirect("policy-detail", pk)


@login_required
@require_http_methods(["GET", "POST"])
def policy_expire(request, pk):
    response = _confirm(
        request,
        pk,
        perm="policies.expire_policy",
        step="expire",
        service=services.policy_expire,
        template="policies/library/policy_expire.html",
        done=_("The policy is marked expired."),
    )
    return response or redirect("policy-detail", pk)


@login_required
@require_http_methods(["GET", "POST"])
def policy_delete(request, pk):
    response = _confirm(
        request,
        pk,
        perm="policies.delete_policy",
        step="delete",
        service=services.policy_delete,
        template="policies/library/policy_delete.html",
        done=_("The draft was deleted."),
    )
    return response or redirect("policy-list")


# Instruments -------------------------------------------------------------------------------------------------------


def _instrument(policy, instrument_pk):
    return get_object_or_404(
        Instrument.objects.select_related("policy", "category").prefetch_related("target_clusters"),
        pk=instrument_pk,
        policy=policy,
    )


def _instrument_page(request, policy, form, formset, instrument=None):
    return render(
        request,
        "policies/library/instrument_form.html",
        {
            "policy": policy,
            "instrument": instrument,
            "form": form,
            "formset": formset,
            "title": _("Edit the instrument") if instrument else _("New instrument"),
            "default_categories": Instrument.DEFAULT_CATEGORY,
        },
        status=400 if form.errors or any(formset.errors) or formset.non_form_errors() else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def instrument_add(request, pk):
    policy = _policy(pk)
    if refused := _refused(request, policy, "change", "policies.add_instrument_to_policy"):
        return refused
    posted = request.method == "POST"
    form = InstrumentForm(request.POST if posted else None, policy=policy, clusters=_issuable_clusters(request))
    formset = DisbursementFormSet(request.POST if posted else None, prefix="disbursements")
    if posted and form.is_valid() and formset.is_valid():
        try:
            services.instrument_create(
                policy=policy, by=request.user, disbursements=disbursement_rows(formset), **form.cleaned_data
            )
        except (ValidationError, Refusal) as exc:
            add_service_errors(form, _disbursement_errors(exc, formset))
        else:
            messages.success(request, _("The instrument was added."))
            return redirect("policy-detail", policy.pk)
    return _instrument_page(request, policy, form, formset)


def _disbursement_errors(exc, formset):
    """Errors of the yearly list go above the formset; the rest back to the form."""
    if hasattr(exc, "error_dict") and "disbursements" in exc.error_dict:
        errors = exc.message_dict
        formset._non_form_errors = formset.error_class(errors.pop("disbursements"))
        return ValidationError(errors) if errors else ValidationError({})
    return exc


@login_required
@require_http_methods(["GET", "POST"])
def instrument_edit(request, pk, instrument_pk):
    policy = _policy(pk)
    instrument = _instrument(policy, instrument_pk)
    if refused := _refused(request, policy, "change", "policies.change_instrument", instrument):
        return refused
    posted = request.method == "POST"
    form = InstrumentForm(
        request.POST if posted else None,
        policy=policy,
        clusters=_issuable_clusters(request),
        initial=InstrumentForm.initial_for(instrument),
    )
    formset = DisbursementFormSet(
        request.POST if posted else None,
        prefix="disbursements",
        initial=[{"year": d.year, "amount": d.amount} for d in instrument.disbursements.order_by("year")],
    )
    if posted and form.is_valid() and formset.is_valid():
        try:
            services.instrument_update(
                instrument=instrument, by=request.user, disbursements=disbursement_rows(formset), **form.cleaned_data
            )
        except (ValidationError, Refusal) as exc:
            add_service_errors(form, _disbursement_errors(exc, formset))
        else:
            messages.success(request, _("The instrument was saved."))
            return redirect("policy-detail", policy.pk)
    return _instrument_page(request, policy, form, formset, instrument)


@login_required
@require_http_methods(["GET", "POST"])
def instrument_delete(request, pk, instrument_pk):
    policy = _policy(pk)
    instrument = _instrument(policy, instrument_pk)
    if refused := _refused(request, policy, "change", "policies.delete_instrument", instrument):
        return refused
    if request.method == "POST":
        try:
            services.instrument_delete(instrument=instrument, by=request.user)
        except Refusal as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, _("The instrument was deleted."))
        return redirect("policy-detail", policy.pk)
    return render(
        request,
        "policies/library/instrument_delete.html",
        {"policy": policy, "instrument": instrument, "toolkit_count": instrument.toolkits.count()},
    )


@login_required
def instrument_history(request, pk, instrument_pk):
    policy = _policy(pk)
    instrument = _instrument(policy, instrument_pk)
    return render(
        request,
        "history.html",
        {"object": instrument, "entries": history_entries(instrument), "back_url": "policy-detail", "back_pk": pk},
    )


# Toolkits ----------------------------------------------------------------------------------------------------------


def toolkits_shown(request):
    """The toolkits for the request's search (every page; the export reads it too), and the search."""
    query = request.GET.get("q", "").strip()
    toolkits = selectors.visible_toolkits()
    if query:
        toolkits = toolkits.filter(title__icontains=query) | toolkits.filter(cluster__name__icontains=query)
    return TOOLKIT_SORTS.read(request).apply(toolkits), query


@login_required
def toolkit_list(request):
    toolkits, query = toolkits_shown(request)
    sorting = TOOLKIT_SORTS.read(request)
    page = Paginator(toolkits, PAGE_SIZE).get_page(request.GET.get("page"))
    coverage = selectors.toolkit_coverage(page.object_list)
    rows = [(toolkit, coverage[toolkit.pk]) for toolkit in page.object_list]
    return render(
        request,
        "policies/library/toolkit_list.html",
        {
            "page": page,
            "rows": rows,
            "sorting": sorting,
            "query": query,
            "can_add": request.user.has_perm("policies.add_toolkit"),
            "max_compared": selectors.MAX_COMPARED_TOOLKITS,
        },
    )


def _toolkit(pk):
    return get_object_or_404(selectors.toolkit_for_detail(), pk=pk)


@login_required
def toolkit_detail(request, pk):
    toolkit = _toolkit(pk)
    coverage = selectors.toolkit_coverage([toolkit])[toolkit.pk]
    policies = {
        p.pk: p for p in Policy.objects.filter(toolkits=toolkit).select_related("issuer").order_by("-issued_on")
    }
    instruments = {
        i.pk: i for i in Instrument.objects.filter(toolkits=toolkit).select_related("policy", "category").order_by("pk")
    }
    rows = [
        {
            "coverage": row,
            "policies": [policies[pk] for pk in row.policy_ids if pk in policies],
            "instruments": [instruments[pk] for pk in row.instrument_ids if pk in instruments],
            "years": [(year, row.by_year.get(year)) for year in coverage.years],
        }
        for row in coverage.rows
    ]
    return render(
        request,
        "policies/library/toolkit_detail.html",
        {
            "toolkit": toolkit,
            "coverage": coverage,
            "rows": rows,
            "year_totals": [(year, coverage.by_year[year]) for year in coverage.years],
            "policies": list(policies.values()),
            "instruments": list(instruments.values()),
            "can_change": request.user.has_perm("policies.change_toolkit", toolkit),
            "can_delete": request.user.has_perm("policies.delete_toolkit", toolkit),
        },
    )


def _toolkit_page(request, form, toolkit=None):
    return render(
        request,
        "policies/library/toolkit_form.html",
        {"form": form, "toolkit": toolkit, "title": _("Edit the toolkit") if toolkit else _("New toolkit")},
        status=400 if form.errors else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def toolkit_add(request):
    if not request.user.has_perm("policies.add_toolkit"):
        raise PermissionDenied
    owner = _own_organisation(request)
    cluster_id = read_id(request.GET.get("cluster"))
    initial = {"cluster": cluster_id} if cluster_id else {}
    form = ToolkitForm(request.POST if request.method == "POST" else None, owner=owner, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            toolkit = services.toolkit_create(owner=owner, by=request.user, **form.cleaned_data)
        except (ValidationError, Refusal) as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The toolkit was saved."))
            return redirect("toolkit-detail", toolkit.pk)
    return _toolkit_page(request, form)


@login_required
@require_http_methods(["GET", "POST"])
def toolkit_edit(request, pk):
    toolkit = _toolkit(pk)
    if not request.user.has_perm("policies.change_toolkit", toolkit):
        raise PermissionDenied
    form = ToolkitForm(
        request.POST if request.method == "POST" else None,
        owner=toolkit.owner,
        initial=ToolkitForm.initial_for(toolkit),
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.toolkit_update(toolkit=toolkit, by=request.user, **form.cleaned_data)
        except (ValidationError, Refusal) as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The toolkit was saved."))
            return redirect("toolkit-detail", toolkit.pk)
    return _toolkit_page(request, form, toolkit)


@login_required
@require_http_methods(["GET", "POST"])
def toolkit_delete(request, pk):
    toolkit = _toolkit(pk)
    if not request.user.has_perm("policies.delete_toolkit", toolkit):
        raise PermissionDenied
    if request.method == "POST":
        services.toolkit_delete(toolkit=toolkit, by=request.user)
        messages.success(request, _("The toolkit was deleted."))
        return redirect("toolkit-list")
    return render(request, "policies/library/toolkit_delete.html", {"toolkit": toolkit})


@login_required
def toolkit_history(request, pk):
    toolkit = _toolkit(pk)
    return render(
        request,
        "history.html",
        {"object": toolkit, "entries": history_entries(toolkit), "back_url": "toolkit-detail", "back_pk": toolkit.pk},
    )


def _comparison(request):
    """(toolkits, coverage by toolkit, chosen cluster ids, error); a cluster or toolkit the viewer may not see
    is a 404."""
    try:
        cluster_ids = parse_ids(request.GET.getlist("cluster"))
        toolkit_ids = parse_ids(request.GET.getlist("toolkit"))
    except ValueError:
        return [], {}, [], _("Give the clusters as numbers separated by commas, e.g. cluster=1,2,3.")
    toolkits, error = comparison_toolkits(cluster_ids=cluster_ids, toolkit_ids=toolkit_ids)
    return toolkits, selectors.toolkit_coverage(toolkits) if toolkits else {}, cluster_ids, error


@login_required
def toolkit_compare(request):
    toolkits, coverage, chosen, error = _comparison(request)
    categories = list(PolicyCategory.objects.all())
    rows = [(category, [coverage[t.pk].rows[index] for t in toolkits]) for index, category in enumerate(categories)]
    return render(
        request,
        "policies/library/toolkit_compare.html",
        {
            "toolkits": toolkits,
            "coverages": [coverage[t.pk] for t in toolkits],
            "rows": rows,
            "error": error,
            "chosen": chosen,
            "choices": Cluster.objects.filter(toolkits__in=selectors.visible_toolkits().values("pk"))
            .distinct()
            .order_by("name")
            .only("pk", "name", "name_en"),
            "max_compared": selectors.MAX_COMPARED_TOOLKITS,
            "query": request.GET.urlencode(),
        },
        status=400 if error else 200,
    )
