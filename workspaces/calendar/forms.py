"""Forms of the calendar's reader views. They parse what the browser sends;
the rules themselves live in services (shared with the API)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import Answer

DATETIME_FORMAT = "%Y-%m-%dT%H:%M"


def _datetime_field(label, required=True):
    return forms.DateTimeField(
        label=label,
        required=required,
        input_formats=[DATETIME_FORMAT, "%Y-%m-%d %H:%M", "%d.%m.%Y %H:%M"],
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format=DATETIME_FORMAT),
        error_messages={"invalid": _("Bitte Datum und Uhrzeit angeben, z. B. 01.05.2026 10:00.")},
    )


class EventForm(forms.Form):
    """Create or change an event."""

    title = forms.CharField(label=_("Titel"), max_length=200)
    start = _datetime_field(_("Beginn"))
    end = _datetime_field(_("Ende"))
    all_day = forms.BooleanField(
        label=_("Ganztägig"),
        required=False,
        help_text=_("Dann zählen nur die Tage von Beginn und Ende."),
    )
    place = forms.CharField(label=_("Ort"), max_length=200, required=False)
    online_link = forms.CharField(
        label=_("Online-Link"),
        max_length=500,
        required=False,
        help_text=_("Adresse der Videokonferenz, mit https://"),
        widget=forms.URLInput,
    )
    description = forms.CharField(
        label=_("Beschreibung"), max_length=10000, required=False, widget=forms.Textarea
    )


class RsvpForm(forms.Form):
    """Answer an invitation."""

    answer = forms.ChoiceField(label=_("Ihre Antwort"), choices=Answer.choices)


class PollForm(forms.Form):
    """Title and description of a new poll; the slots come in a SlotFormSet."""

    title = forms.CharField(label=_("Titel"), max_length=200)
    place = forms.CharField(label=_("Ort"), max_length=200, required=False)
    description = forms.CharField(
        label=_("Beschreibung"), max_length=10000, required=False, widget=forms.Textarea
    )


class SlotForm(forms.Form):
    """One proposed time."""

    start = _datetime_field(_("Beginn"), required=False)
    end = _datetime_field(_("Ende"), required=False)


SlotFormSet = forms.formset_factory(SlotForm, extra=4, max_num=30, absolute_max=30)
