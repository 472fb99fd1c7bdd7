"""Forms of the workspace self-service (owners and members, no admin rights)."""

from django import forms
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from .models import Workspace, WorkspaceMembership
from .services import TEMPLATE_PAGES, check_upload
from .tools import TOOLS

TITLE_MAX = 100
SUMMARY_MAX = 500

# One line per kind for the creation form: who reads it, who sees it exists.
KIND_HELP = {
    Workspace.Kind.PUBLIC: _(
        "Alle Beschäftigten können ihn lesen; mitarbeiten können nur seine Mitglieder."
    ),
    Workspace.Kind.PRIVATE: _(
        "Nur Mitglieder lesen ihn; andere sehen in der Liste nur den Titel und können "
        "um Aufnahme bitten."
    ),
    Workspace.Kind.SECRET: _(
        "Nur Mitglieder lesen ihn; für alle anderen ist er unsichtbar, auch in Listen "
        "und in der Suche."
    ),
}


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


def _enumeration(items):
    """„A, B und C“."""
    items = [str(item) for item in items]
    if len(items) < 2:
        return "".join(items)
    return _("%(first)s und %(last)s") % {"first": ", ".join(items[:-1]), "last": items[-1]}


def template_help(template):
    """What a template lays out, e.g. „Legt die Seiten Projektplan und
    Protokolle an.“ (read from services.TEMPLATE_PAGES so it cannot drift)."""
    titles = [title for _slug, title, _summary in TEMPLATE_PAGES[template]]
    return _("Legt die Seiten %(pages)s an.") % {"pages": _enumeration(titles)}


def tools_help():
    """The tools every new workspace has, e.g. „Dokumente, Kalender, … und Glossar“."""
    return _enumeration(label for label, _module in TOOLS.values())


class WorkspaceCreateForm(forms.Form):
    """A new workspace, by any signed-in employee (site form and API)."""

    title = forms.CharField(
        label=_("Titel"),
        max_length=TITLE_MAX,
        error_messages={
            "required": _("Bitte geben Sie einen Titel an."),
            "max_length": _(
                "Der Titel darf höchstens %(limit_value)d Zeichen lang sein (jetzt %(show_value)d)."
            ),
        },
    )
    summary = forms.CharField(
        label=_("Kurzbeschreibung"),
        required=False,
        max_length=SUMMARY_MAX,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Ein bis zwei Sätze: Worum geht es in diesem Arbeitsraum?"),
        error_messages={
            "max_length": _(
                "Die Kurzbeschreibung darf höchstens %(limit_value)d Zeichen lang sein "
                "(jetzt %(show_value)d)."
            ),
        },
    )
    kind = forms.ChoiceField(
        label=_("Art"),
        choices=Workspace.Kind.choices,
        initial=Workspace.Kind.PRIVATE,
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Bitte wählen Sie die Art: öffentlich, privat oder geheim."),
            "invalid_choice": _(
                "„%(value)s“ ist keine Art von Arbeitsraum; möglich sind öffentlich, "
                "privat und geheim."
            ),
        },
    )
    template = forms.ChoiceField(
        label=_("Vorlage"),
        choices=Workspace.Template.choices,
        initial=Workspace.Template.PROJECT,
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Bitte wählen Sie eine Vorlage: Projekt, Arbeitsgruppe oder Gremium."),
            "invalid_choice": _(
                "„%(value)s“ ist keine Vorlage; möglich sind Projekt, Arbeitsgruppe und Gremium."
            ),
        },
    )

    def options(self, name):
        """The radio buttons of ``kind`` or ``template`` with their one-line
        explanations, for a template that lays them out accessibly."""
        helps = (
            KIND_HELP
            if name == "kind"
            else {value: template_help(value) for value in Workspace.Template.values}
        )
        bound = self[name]
        current = str(bound.value() or "")
        return [
            {
                "id": f"{bound.auto_id}_{number}",
                "value": value,
                "label": label,
                "help": helps[value],
                "checked": value == current,
            }
            for number, (value, label) in enumerate(self.fields[name].choices)
        ]

    def kind_options(self):
        return self.options("kind")

    def template_options(self):
        return self.options("template")
