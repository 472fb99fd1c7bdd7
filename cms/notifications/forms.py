"""The settings form of the notification centre."""

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import Delivery, Kind


class PreferencesForm(forms.Form):
    """One choice of delivery per kind of notification (radio buttons)."""

    def __init__(self, *args, initial_choices=None, **kwargs):
        super().__init__(*args, **kwargs)
        initial_choices = initial_choices or {}
        for kind in Kind:
            self.fields[kind.value] = forms.ChoiceField(
                label=kind.label,
                choices=Delivery.choices,
                widget=forms.RadioSelect,
                initial=initial_choices.get(kind.value),
                error_messages={
                    "required": _("Bitte wählen Sie, wie Sie „%(kind)s“ erreichen sollen.")
                    % {"kind": kind.label},
                    "invalid_choice": _("Diese Auswahl gibt es nicht."),
                },
            )
