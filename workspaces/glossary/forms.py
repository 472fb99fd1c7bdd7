"""The form owners and members use to add and change glossary terms."""

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import Term
from .services import MAX_DEFINITION, MAX_TERM


class TermForm(forms.Form):
    """A term with its definition, synonyms, abbreviations and related terms.
    The checks live in services.save_term (shared with the API); this form
    only collects the input and shows their messages."""

    term = forms.CharField(label=_("Begriff"), max_length=MAX_TERM, required=False)
    definition = forms.CharField(
        label=_("Erklärung"),
        max_length=MAX_DEFINITION,
        required=False,
        widget=forms.Textarea(attrs={"rows": 6}),
    )
    synonyms = forms.CharField(
        label=_("Synonyme"),
        required=False,
        help_text=_("Durch Kommas getrennt, z. B. „Verwaltungsanweisung, Dienstvorschrift“."),
    )
    abbreviations = forms.CharField(
        label=_("Abkürzungen"),
        required=False,
        help_text=_("Durch Kommas getrennt, z. B. „DA“. Groß- und Kleinschreibung zählt."),
    )
    related = forms.ModelMultipleChoiceField(
        label=_("Verwandte Begriffe"),
        queryset=Term.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, workspace, instance=None, **kwargs):
        if instance is not None and "initial" not in kwargs:
            kwargs["initial"] = {
                "term": instance.term,
                "definition": instance.definition,
                "synonyms": ", ".join(instance.synonyms),
                "abbreviations": ", ".join(instance.abbreviations),
                "related": list(instance.related.values_list("pk", flat=True)),
            }
        super().__init__(*args, **kwargs)
        choices = Term.objects.filter(workspace=workspace)
        if instance is not None:
            choices = choices.exclude(pk=instance.pk)
        self.fields["related"].queryset = choices
        if not choices.exists():
            del self.fields["related"]

    def data_for_service(self):
        """The cleaned input in the shape services.save_term takes."""
        data = {
            name: self.cleaned_data.get(name, "")
            for name in ("term", "definition", "synonyms", "abbreviations")
        }
        if "related" in self.fields:
            data["related"] = [term.pk for term in self.cleaned_data.get("related") or []]
        return data

    def add_service_errors(self, error):
        """Show a ``ValidationError`` of the service at its fields."""
        if hasattr(error, "error_dict"):
            for field, errors in error.message_dict.items():
                for message in errors:
                    self.add_error(field if field in self.fields else None, message)
        else:
            for message in error.messages:
                self.add_error(None, message)
