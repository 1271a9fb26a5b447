from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _


class OnboardingForm(forms.Form):
    kind = forms.ChoiceField(label=_("What the file holds"))
    file = forms.FileField(
        label=_("File"),
        help_text=_("CSV (UTF-8, UTF-8 with BOM, GBK or GB18030) or Excel .xlsx; at most %(size)s MB.")
        % {"size": settings.IMPORT_MAX_FILE_SIZE // (1024 * 1024)},
    )
    dry_run = forms.BooleanField(label=_("Dry run: check every row and report, write nothing"), required=False)
    send_invitations = forms.BooleanField(
        label=_("Experts: send each new expert the invitation to set a password"), required=False
    )

    def __init__(self, *args, kinds, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = kinds
