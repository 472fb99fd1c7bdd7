"""The glossary of a workspace: terms with a definition, synonyms,
abbreviations and related terms. Terms are read wherever their workspace
may be read (the workspace page's view restriction governs them) and are
written by the workspace's owners and members (see services.py)."""

import re
import unicodedata

from django.conf import settings
from django.db import models
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from workspaces.models import Workspace

# Letters of the A–Z index; umlauts file under their base letter (DIN 5007).
LETTERS = tuple("ABCDEFGHIJKLMNOPQRSTUVWXYZ")
OTHER_LETTER = "#"
_FOLD = str.maketrans({"ä": "a", "ö": "o", "ü": "u", "ß": "ss"})
_SPACE = re.compile(r"\s+")


def normalise_name(text):
    """The form names are compared in: NFC, single spaces, lower case."""
    text = unicodedata.normalize("NFC", text or "")
    return _SPACE.sub(" ", text).strip().lower()


def sort_key(text):
    """Sort key of a term: case-insensitive, umlauts as their base letter."""
    folded = normalise_name(text).translate(_FOLD)
    return unicodedata.normalize("NFKD", folded).encode("ascii", "ignore").decode() or folded


def letter_of(text):
    """The index letter of a term (``#`` for digits and other signs)."""
    key = sort_key(text)
    first = key[:1].upper()
    return first if first in LETTERS else OTHER_LETTER


class Term(models.Model):
    """One entry of a workspace glossary. ``term`` is unique per workspace,
    regardless of case; ``synonyms`` and ``abbreviations`` are lists of
    strings that feed auto-linking and search. ``lookup`` holds every name
    normalised and newline-framed (``"\\nname\\n…"``) so that the synonym
    provider can find terms with one indexed query instead of loading all."""

    workspace = models.ForeignKey(
        Workspace,
        verbose_name=_("Arbeitsraum"),
        on_delete=models.CASCADE,
        related_name="glossary_terms",
    )
    term = models.CharField(_("Begriff"), max_length=200)
    definition = models.TextField(_("Erklärung"), max_length=10000)
    synonyms = models.JSONField(_("Synonyme"), default=list, blank=True)
    abbreviations = models.JSONField(_("Abkürzungen"), default=list, blank=True)
    related = models.ManyToManyField(
        "self", verbose_name=_("Verwandte Begriffe"), blank=True, symmetrical=True
    )
    lookup = models.TextField(editable=False, default="")
    created_at = models.DateTimeField(_("Angelegt am"), default=timezone.now, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("Angelegt von"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    updated_at = models.DateTimeField(_("Geändert am"), default=timezone.now, editable=False)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("Geändert von"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("Glossarbegriff")
        verbose_name_plural = _("Glossarbegriffe")
        ordering = [Lower("term")]
        constraints = [
            models.UniqueConstraint(
                "workspace", Lower("term"), name="unique_glossary_term_per_workspace"
            )
        ]

    def __str__(self):
        return self.term

    def save(self, *args, **kwargs):
        self.lookup = self.build_lookup()
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and "lookup" not in update_fields:
            kwargs["update_fields"] = [*update_fields, "lookup"]
        super().save(*args, **kwargs)

    def names(self):
        """The term, its synonyms and abbreviations, without duplicates."""
        seen, result = set(), []
        for name in [self.term, *self.synonyms, *self.abbreviations]:
            key = normalise_name(name)
            if key and key not in seen:
                seen.add(key)
                result.append(name)
        return result

    def build_lookup(self):
        """The ``lookup`` text for the current names."""
        return "\n" + "".join(f"{normalise_name(n)}\n" for n in self.names())

    @property
    def letter(self):
        return letter_of(self.term)
