"""Forms of the workspace self-service (owners and members, no admin rights)."""

from django import forms
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from .models import WorkspaceMembership
from .services import check_upload


class UploadForm(forms.Form):
    """One file into the workspace collection, checked for type and size."""

    title = forms.CharField(
        label=_("Titel"),
        max_length=255,
        required=False,
        help_text=_("Leer lassen, um den Dateinamen zu verwenden."),
    )
    file = forms.FileField(label=_("Datei"))

    def clean_file(self):
        uploaded = self.cleaned_data["file"]
        check_upload(uploaded)
        return uploaded


class InviteForm(forms.Form):
    """Add a person by user name."""

    username = forms.CharField(label=_("Benutzername"), max_length=150)
    role = forms.ChoiceField(
        label=_("Rolle"),
        choices=WorkspaceMembership.Role.choices,
        initial=WorkspaceMembership.Role.MEMBER,
    )

    def clean_username(self):
        username = self.cleaned_data["username"].strip()
        user = get_user_model().objects.filter(username=username, is_active=True).first()
        if user is None:
            raise ValidationError(_("Eine Person mit diesem Benutzernamen gibt es nicht."))
        self.user = user
        return username


class RoleForm(forms.Form):
    """Change the role of (or remove) one member."""

    user_id = forms.IntegerField(widget=forms.HiddenInput)
    role = forms.ChoiceField(label=_("Rolle"), choices=WorkspaceMembership.Role.choices)


class JoinForm(forms.Form):
    """A request to join, with an optional note to the owners."""

    message = forms.CharField(
        label=_("Nachricht an die Verantwortlichen"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
