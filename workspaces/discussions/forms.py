"""Forms of the discussion views. Their checks are those of services.py, so
the site and the API give the same messages."""

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import BODY_MAX, TITLE_MAX
from .services import clean_body, clean_title

BODY_HELP = _(
    "Leerzeile: neuer Absatz. „- “ am Zeilenanfang: Liste. **fett**, *kursiv*, `Code`. "
    'Personen erwähnen mit @benutzername oder @"Vorname Nachname".'
)


class PostForm(forms.Form):
    """A reply, or the new wording of a post."""

    body = forms.CharField(
        label=_("Ihr Beitrag"),
        required=False,
        help_text=BODY_HELP,
        widget=forms.Textarea(attrs={"rows": 6, "maxlength": BODY_MAX}),
    )

    def clean_body(self):
        return clean_body(self.cleaned_data.get("body", ""))


class ThreadForm(PostForm):
    """A new thread: its title and the opening post."""

    title = forms.CharField(
        label=_("Titel"),
        required=False,
        widget=forms.TextInput(attrs={"maxlength": TITLE_MAX}),
    )
    field_order = ["title", "body"]

    def clean_title(self):
        return clean_title(self.cleaned_data.get("title", ""))


def errors_of(form):
    """All error messages of a form, for the summary."""
    return [str(message) for field in form for message in field.errors] + [
        str(message) for message in form.non_field_errors()
    ]
