"""Forms of partner posts: a post, closing it, expressing interest, offering and exchanging contacts."""

import datetime

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from clusters.models import ChainCategory
from exchange.posts.models import Post
from exchange.posts.selectors import region_for
from tenancy.widgets import RegionCodeInput


class PostForm(forms.Form):
    """A post's fields; the service checks them (cluster promoted by the writer, expiry within a year)."""

    cluster = forms.ModelChoiceField(label=_("Cluster"), queryset=None, empty_label=None)
    direction = forms.ChoiceField(label=_("Need or offer"), choices=Post.Direction.choices, widget=forms.RadioSelect)
    kind = forms.ChoiceField(label=_("Kind"), choices=Post.Kind.choices)
    title = forms.CharField(label=_("Title"), max_length=200)
    description = forms.CharField(label=_("Description"), widget=forms.Textarea(attrs={"rows": 6}), max_length=5000)
    category = forms.ModelChoiceField(
        label=_("Chain category"),
        queryset=ChainCategory.objects.select_related("field").order_by("field__code", "position", "code"),
        required=False,
        help_text=_("The category of the shared industrial chain the post is about (optional)."),
    )
    region = forms.CharField(
        label=_("Region"),
        max_length=6,
        widget=RegionCodeInput,
        help_text=_("Where the need or the offer lies: six digits (GB/T 2260), e.g. 440300."),
    )
    expires_on = forms.DateField(
        label=_("Expires on"),
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_("At most a year from today; the post leaves the open list after this day."),
    )

    def __init__(self, *args, clusters=None, editing=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["cluster"].queryset = clusters
        self.fields["category"].label_from_instance = lambda c: f"{c.field.display_name} · {c.display_name}"
        if editing:
            del self.fields["cluster"]
        if not self.is_bound and "expires_on" not in self.initial:
            self.initial["expires_on"] = timezone.localdate() + datetime.timedelta(days=90)

    def clean_region(self):
        region = region_for(self.cleaned_data.get("region"))
        if region is None:
            raise forms.ValidationError(_("Enter a region code of the list."))
        return region


class CloseForm(forms.Form):
    outcome = forms.ChoiceField(label=_("Outcome"), choices=Post.Outcome.choices, widget=forms.RadioSelect)
    note = forms.CharField(label=_("Note"), widget=forms.Textarea(attrs={"rows": 3}), required=False, max_length=2000)


class ContactForm(forms.Form):
    contact_name = forms.CharField(label=_("Contact name"), max_length=100, required=False)
    contact_phone = forms.CharField(label=_("Contact phone"), max_length=40, required=False)
    contact_email = forms.EmailField(label=_("Contact e-mail"), required=False)


class InterestForm(ContactForm):
    message = forms.CharField(
        label=_("Message to the publisher"), widget=forms.Textarea(attrs={"rows": 4}), max_length=2000
    )

    field_order = ["message", "contact_name", "contact_phone", "contact_email"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["contact_name"].help_text = _(
            "Optional now: your contact is shown to the publisher only once it accepts your interest."
        )


class AcceptForm(ContactForm):
    note = forms.CharField(label=_("Note"), widget=forms.Textarea(attrs={"rows": 3}), required=False, max_length=2000)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["contact_name"].required = True
        self.fields["contact_name"].help_text = _("Your own contact, shown to the interested body once you accept.")


class DeclineForm(forms.Form):
    note = forms.CharField(label=_("Note"), widget=forms.Textarea(attrs={"rows": 3}), required=False, max_length=2000)
