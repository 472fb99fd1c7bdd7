"""Forms of the documents tool. Type, size and content are checked by
``workspaces.services.check_upload``, the shared upload check of every path
(cms/uploads.py) with the workspace's list of types, so every upload path
refuses the same files with the same message."""

from django import forms
from django.utils.translation import gettext_lazy as _

from workspaces.forms import UploadForm
from workspaces.services import check_upload

from .services import COMMENT_MAX, NOTE_MAX


class DocumentUploadForm(UploadForm):
    """A new document: title, file and an optional note for version 1."""

    note = forms.CharField(
        label=_("Notiz zur Version"),
        max_length=NOTE_MAX,
        required=False,
        help_text=_("Optional, z. B. „Entwurf für die Sitzung am Montag“."),
    )


class VersionForm(forms.Form):
    """A new version of an existing document."""

    file = forms.FileField(label=_("Neue Version (Datei)"))
    note = forms.CharField(
        label=_("Was hat sich geändert?"),
        max_length=NOTE_MAX,
        required=False,
    )
    check_in = forms.BooleanField(
        label=_("Danach einchecken (für andere freigeben)"),
        required=False,
        initial=True,
    )

    def clean_file(self):
        uploaded = self.cleaned_data["file"]
        check_upload(uploaded)
        return uploaded


class CommentForm(forms.Form):
    """A comment on a document."""

    text = forms.CharField(
        label=_("Kommentar"),
        max_length=COMMENT_MAX,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": _("Bitte schreiben Sie einen Kommentar.")},
    )
