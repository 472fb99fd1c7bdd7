"""Admin views of the rights tools, for superusers only: „Zugriff
prüfen“ (the explanation of ``explain_access`` in a form) and the CSV
export of the effective rights."""

from django import forms
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.template.response import TemplateResponse
from django.utils.translation import gettext_lazy as _

from .explain import ItemError, explain_access, find_user, parse_item, write_rights_csv


class ExplainForm(forms.Form):
    """Who and what to check."""

    user = forms.CharField(label=_("Benutzername"), max_length=150)
    item = forms.CharField(
        label=_("Objekt"),
        max_length=500,
        help_text=_("page:<id>, page:/url/pfad/, document:<id> oder image:<id>"),
    )

    def clean_user(self):
        """The user object for the given user name."""
        try:
            return find_user(self.cleaned_data["user"])
        except ItemError as error:
            raise forms.ValidationError(str(error)) from error

    def clean_item(self):
        """The page, document or image the specification names."""
        try:
            return parse_item(self.cleaned_data["item"])[1]
        except ItemError as error:
            raise forms.ValidationError(str(error)) from error


def _require_superuser(request):
    # The explanation reveals restricted items and everyone's groups.
    if not request.user.is_superuser:
        raise PermissionDenied


def explain_view(request):
    """Show the form and, for a valid POST (or GET with parameters), the explanation."""
    _require_superuser(request)
    data = request.POST if request.method == "POST" else (request.GET or None)
    form = ExplainForm(data)
    explanation = None
    if data is not None and form.is_valid():
        explanation = explain_access(form.cleaned_data["user"], form.cleaned_data["item"])
    return TemplateResponse(
        request,
        "rights/explain.html",
        {"form": form, "explanation": explanation, "page_title": _("Zugriff prüfen")},
    )


def export_view(request):
    """The effective rights as a CSV download."""
    _require_superuser(request)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="rechte.csv"'
    write_rights_csv(response)
    return response
