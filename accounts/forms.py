"""Forms of the sign-in security pages and of invitations."""

from django import forms
from django.conf import settings
from django.contrib.auth import get_user_model, password_validation
from django.utils.translation import gettext_lazy as _

from .models import CODE_LENGTH, normalize_code


class CodeForm(forms.Form):
    """A six-digit code from the authenticator app, or a recovery code."""

    code = forms.CharField(
        label=_("Code"),
        max_length=32,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "text"}),
        help_text=_(
            "Sechsstelliger Code aus der Authenticator-App oder ein Wiederherstellungscode."
        ),
    )

    def clean_code(self):
        """Blanks and dashes are typing aids, not part of the code."""
        return "".join(self.cleaned_data["code"].split()).replace("-", "")


class InvitationForm(forms.Form):
    """Issue an invitation for one of the units the issuer administers."""

    unit = forms.ModelChoiceField(label=_("Einheit"), queryset=None)
    label = forms.CharField(
        label=_("Für wen"),
        max_length=200,
        required=False,
        help_text=_("Name der Person, damit Sie die Einladung wiedererkennen."),
    )

    def __init__(self, *args, units, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units
        # The limits come from settings, which tests may change.
        self.fields["valid_days"] = forms.IntegerField(
            label=_("Gültig (Tage)"),
            min_value=1,
            max_value=settings.INVITATION_MAX_DAYS,
            initial=settings.INVITATION_VALID_DAYS,
        )


class ActivationForm(forms.Form):
    """Activate a local account with an invitation code."""

    code = forms.CharField(label=_("Einladungscode"), max_length=40)
    username = forms.RegexField(
        label=_("Benutzername"),
        max_length=150,
        regex=r"^[\w.@+-]+$",
        help_text=_("Buchstaben, Ziffern und . @ + - _"),
    )
    first_name = forms.CharField(label=_("Vorname"), max_length=150)
    last_name = forms.CharField(label=_("Nachname"), max_length=150)
    password1 = forms.CharField(
        label=_("Passwort"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )
    password2 = forms.CharField(
        label=_("Passwort wiederholen"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def clean_code(self):
        """The code in canonical form; its validity is checked by the view."""
        code = normalize_code(self.cleaned_data["code"])
        if len(code) != CODE_LENGTH:
            # Checked like any wrong code by the view (same answer).
            return ""
        return code

    def clean(self):
        """Both passwords equal and acceptable to the password validators."""
        cleaned = super().clean()
        one, two = cleaned.get("password1"), cleaned.get("password2")
        if one and two and one != two:
            self.add_error("password2", _("Die beiden Passwörter stimmen nicht überein."))
        elif one:
            probe = get_user_model()(
                username=cleaned.get("username", ""),
                first_name=cleaned.get("first_name", ""),
                last_name=cleaned.get("last_name", ""),
            )
            try:
                password_validation.validate_password(one, probe)
            except forms.ValidationError as exc:
                self.add_error("password1", exc)
        return cleaned
