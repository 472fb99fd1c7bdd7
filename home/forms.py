"""Reader forms of the home app."""

from urllib.parse import urlsplit

from django import forms
from django.utils.translation import gettext_lazy as _

from home.models import AccessibilityFeedback


class AccessibilityFeedbackForm(forms.ModelForm):
    """Feedback on a barrier: the message is required, name, e-mail and the
    page are optional (name and e-mail come prefilled for the signed-in person)."""

    class Meta:
        model = AccessibilityFeedback
        fields = ["message", "page_url", "name", "email"]
        labels = {
            "message": _("Ihre Nachricht"),
            "page_url": _("Seite, auf der das Problem auftritt (optional)"),
            "name": _("Name (optional)"),
            "email": _("E-Mail für die Antwort (optional)"),
        }
        help_texts = {
            "message": _("Beschreiben Sie bitte, was nicht funktioniert und womit Sie arbeiten."),
            "page_url": _("Die Adresse der Seite, zum Beispiel /formulare/verzeichnis/."),
        }
        error_messages = {
            "message": {
                "required": _("Bitte beschreiben Sie das Problem in Ihrer Nachricht."),
                "max_length": _(
                    "Die Nachricht ist zu lang: höchstens %(limit_value)d Zeichen "
                    "(jetzt %(show_value)d)."
                ),
            },
            "email": {"invalid": _("Bitte geben Sie eine gültige E-Mail-Adresse ein.")},
            "name": {"max_length": _("Der Name ist zu lang: höchstens %(limit_value)d Zeichen.")},
            "page_url": {
                "max_length": _("Die Adresse ist zu lang: höchstens %(limit_value)d Zeichen.")
            },
        }
        widgets = {
            "message": forms.Textarea(attrs={"rows": 6}),
            "page_url": forms.TextInput(attrs={"inputmode": "url"}),
            "name": forms.TextInput(attrs={"autocomplete": "name"}),
            "email": forms.EmailInput(attrs={"autocomplete": "email"}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, field in self.fields.items():
            if field.help_text:
                field.widget.attrs["aria-describedby"] = f"id_{name}-hint"

    def full_clean(self):
        """Validate, then tie each message to its field for screen readers."""
        super().full_clean()
        for name in self.errors:
            if name not in self.fields:
                continue
            attrs = self.fields[name].widget.attrs
            attrs["aria-invalid"] = "true"
            described = [attrs.get("aria-describedby", ""), f"id_{name}-error"]
            attrs["aria-describedby"] = " ".join(part for part in described if part)

    def clean_message(self):
        message = self.cleaned_data["message"].strip()
        if not message:
            raise forms.ValidationError(_("Bitte beschreiben Sie das Problem in Ihrer Nachricht."))
        return message

    def clean_page_url(self):
        """A path of the intranet (/…) or a web address (http/https); nothing else."""
        value = self.cleaned_data["page_url"].strip()
        if not value:
            return value
        parts = urlsplit(value)
        is_path = value.startswith("/") and not value.startswith("//")
        is_web = parts.scheme in ("http", "https") and bool(parts.netloc)
        if not (is_path or is_web) or any(char.isspace() for char in value):
            raise forms.ValidationError(
                _(
                    "Bitte geben Sie die Adresse der Seite an, zum Beispiel "
                    "/formulare/verzeichnis/ oder https://intranet.stadt.example/…"
                )
            )
        return value
