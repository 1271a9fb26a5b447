"""Forms of the evaluation run pages. They parse the input; the rules (when a written reason is needed, how long it
is) are the service's."""

from django import forms
from django.utils.translation import gettext_lazy as _


class RunStartForm(forms.Form):
    override_reason = forms.CharField(
        label=_("Reason for running without these reviews"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "Only when entries lack the round's minimum of submitted reviews: why the ranking cannot wait. It is "
            "stored with the run and printed on its result, its export and any public notice drawn from it."
        ),
    )
