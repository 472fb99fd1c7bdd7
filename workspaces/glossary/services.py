"""Reading and writing glossary terms, for the reader views, the API and
search. Reading follows the workspace page (its view restriction decides);
writing is for owners and members of an active workspace. Every write checks
its input and is all or nothing."""

import re

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.db.models.functions import Lower
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from cms.permissions import can_view_page, visible_pages
from workspaces.models import Workspace, WorkspaceMembership, WorkspacePage

from .models import LETTERS, OTHER_LETTER, Term, letter_of, normalise_name, sort_key

Role = WorkspaceMembership.Role
WRITING_ROLES = (Role.OWNER, Role.MEMBER)

MAX_TERM = 200
MAX_DEFINITION = 10000
MAX_NAME = 100
MAX_NAMES = 20
# Names are split at commas, semicolons and line breaks.
_SEPARATORS = re.compile(r"[,;\n\r]+")
# Longest phrase (in words) the synonym provider looks for in a query.
MAX_PHRASE_WORDS = 5
_PUNCTUATION = ".,;:!?\"'()[]{}„“”‚‘’«»"


# --- reading -----------------------------------------------------------------------


def visible_workspaces(user):
    """Workspaces whose page ``user`` may read (one query when evaluated)."""
    pages = visible_pages(user, WorkspacePage.objects.all()).values("pk")
    return Workspace.objects.filter(page_id__in=pages)


def visible_terms(user):
    """Terms of the workspaces ``user`` may read."""
    return Term.objects.filter(workspace__in=visible_workspaces(user))


def workspace_for(user, workspace_id):
    """The workspace ``workspace_id`` if ``user`` may read it; 404 otherwise,
    the same answer as for an id that does not exist."""
    workspace = Workspace.objects.select_related("page").filter(pk=workspace_id).first()
    if workspace is None or not can_view_page(user, workspace.page):
        raise Http404
    return workspace


def can_write(workspace, user):
    """Whether ``user`` may add, change and delete terms of ``workspace``."""
    if not workspace.is_active or user is None or not user.is_authenticated:
        return False
    return user.is_superuser or workspace.role_of(user) in WRITING_ROLES


def check_write(workspace, user):
    """``PermissionDenied`` with a message that says why writing is refused."""
    if not workspace.is_active:
        raise PermissionDenied(
            _("Dieser Arbeitsraum ist archiviert; sein Glossar kann nicht geändert werden.")
        )
    if not can_write(workspace, user):
        raise PermissionDenied(
            _("Nur Verantwortliche und Mitglieder des Arbeitsraums können das Glossar bearbeiten.")
        )


def terms_by_letter(terms):
    """``[(letter, [terms])]`` in A–Z order (``#`` last), only letters with terms."""
    groups = {}
    for term in sorted(terms, key=lambda t: sort_key(t.term)):
        groups.setdefault(letter_of(term.term), []).append(term)
    order = [*LETTERS, OTHER_LETTER]
    return [(letter, groups[letter]) for letter in order if letter in groups]


# --- input -------------------------------------------------------------------------


def parse_names(value, label):
    """A clean list of names from a list of strings or a text separated by
    commas, semicolons or lines: trimmed, without empty entries and
    duplicates (case-insensitive). Raises ``ValidationError`` with a message
    naming ``label`` for wrong types and too long or too many names."""
    if value is None or value == "":
        return []
    if isinstance(value, str):
        items = _SEPARATORS.split(value)
    elif isinstance(value, list | tuple) and all(isinstance(item, str) for item in value):
        items = list(value)
    else:
        raise ValidationError(
            _("„%(label)s“ muss ein Text oder eine Liste von Texten sein.") % {"label": label}
        )
    result, seen = [], set()
    for item in items:
        name = " ".join(item.split())
        if not name or normalise_name(name) in seen:
            continue
        if len(name) > MAX_NAME:
            raise ValidationError(
                _("„%(name)s…“ ist zu lang: höchstens %(max)s Zeichen je Eintrag in „%(label)s“.")
                % {"name": name[:30], "max": MAX_NAME, "label": label}
            )
        seen.add(normalise_name(name))
        result.append(name)
    if len(result) > MAX_NAMES:
        raise ValidationError(
            _("Höchstens %(max)s Einträge in „%(label)s“.") % {"max": MAX_NAMES, "label": label}
        )
    return result


def _clean(workspace, data, instance):
    """Checked values for a term of ``workspace`` from ``data`` (keys: term,
    definition, synonyms, abbreviations, related; missing keys keep the
    values of ``instance``). Raises ``ValidationError`` with one German
    message per field."""
    errors = {}
    values = {}

    def text(name, maximum, empty_message, too_long_message):
        raw = data.get(name, getattr(instance, name, "") if instance else "")
        if raw is None:
            raw = ""
        if not isinstance(raw, str):
            errors[name] = [_("Bitte geben Sie einen Text an.")]
            return
        value = raw.strip()
        if name == "term":
            value = " ".join(value.split())
        if not value:
            errors[name] = [empty_message]
        elif len(value) > maximum:
            errors[name] = [too_long_message % {"max": maximum}]
        else:
            values[name] = value

    text(
        "term",
        MAX_TERM,
        _("Bitte geben Sie einen Begriff an."),
        _("Der Begriff darf höchstens %(max)s Zeichen lang sein."),
    )
    text(
        "definition",
        MAX_DEFINITION,
        _("Bitte erklären Sie den Begriff."),
        _("Die Erklärung darf höchstens %(max)s Zeichen lang sein."),
    )
    for name, label in (("synonyms", _("Synonyme")), ("abbreviations", _("Abkürzungen"))):
        raw = data[name] if name in data else (getattr(instance, name) if instance else [])
        try:
            values[name] = parse_names(raw, label)
        except ValidationError as error:
            errors[name] = error.messages

    others = Term.objects.filter(workspace=workspace)
    if instance is not None:
        others = others.exclude(pk=instance.pk)
    term = values.get("term")
    if term and others.annotate(lower=Lower("term")).filter(lower=term.lower()).exists():
        errors["term"] = [
            _("Den Begriff „%(term)s“ gibt es in diesem Glossar bereits.") % {"term": term}
        ]
    own = normalise_name(term or "")
    for name in ("synonyms", "abbreviations"):
        # The term itself is no synonym of itself.
        values[name] = [n for n in values.get(name, []) if normalise_name(n) != own]
    names = [*values.get("synonyms", []), *values.get("abbreviations", [])]
    if names:
        taken = {
            normalise_name(t): t
            for t in others.annotate(lower=Lower("term"))
            .filter(lower__in=[normalise_name(n) for n in names])
            .values_list("term", flat=True)
        }
        for name in ("synonyms", "abbreviations"):
            clashes = [taken[k] for k in map(normalise_name, values.get(name, [])) if k in taken]
            if clashes:
                errors.setdefault(name, []).append(
                    _("„%(name)s“ ist bereits ein eigener Begriff dieses Glossars.")
                    % {"name": clashes[0]}
                )

    if "related" in data:
        raw = data["related"] or []
        if not isinstance(raw, list | tuple) or not all(
            isinstance(pk, int) and not isinstance(pk, bool) for pk in raw
        ):
            errors["related"] = [_("„related“ muss eine Liste von Begriffs-IDs sein.")]
        else:
            wanted = set(raw) - ({instance.pk} if instance else set())
            found = set(others.filter(pk__in=wanted).values_list("pk", flat=True))
            if wanted - found:
                errors["related"] = [
                    _("Verwandte Begriffe müssen Begriffe desselben Glossars sein.")
                ]
            values["related"] = sorted(found)
    if errors:
        raise ValidationError(errors)
    return values


def _schedule(*pks):
    from search.sources import schedule

    transaction.on_commit(lambda: schedule("term", *pks))


# --- writing -----------------------------------------------------------------------


def save_term(workspace, user, data, instance=None):
    """Create a term in ``workspace`` (``instance`` None) or change
    ``instance`` from ``data``; returns the saved term. Refuses people who
    may not write (``PermissionDenied``) and bad input (``ValidationError``
    by field), writing nothing in either case."""
    check_write(workspace, user)
    if instance is not None and instance.workspace_id != workspace.pk:
        raise Http404
    values = _clean(workspace, data, instance)
    related = values.pop("related", None)
    term = instance or Term(workspace=workspace, created_by=user)
    for name, value in values.items():
        setattr(term, name, value)
    term.updated_by = user
    term.updated_at = timezone.now()
    try:
        with transaction.atomic():
            term.save()
            if related is not None:
                term.related.set(related)
    except IntegrityError:
        # A parallel request saved the same term first.
        if instance is None:
            term.pk = None
        raise ValidationError(
            {
                "term": [
                    _("Den Begriff „%(term)s“ gibt es in diesem Glossar bereits.")
                    % {"term": values.get("term", "")}
                ]
            }
        ) from None
    _schedule(term.pk)
    return term


def delete_term(workspace, user, term):
    """Delete ``term`` (its links to related terms go with it)."""
    check_write(workspace, user)
    if term.workspace_id != workspace.pk:
        raise Http404
    pk = term.pk
    with transaction.atomic():
        term.delete()
    _schedule(pk)


# --- search synonyms -----------------------------------------------------------------


def _phrases(normalised):
    """Every run of up to MAX_PHRASE_WORDS words of the query (punctuation
    around words removed), and the whole query: the names a term could have."""
    words = [w.strip(_PUNCTUATION) for w in normalised.split()][:40]
    phrases = {normalised}
    for start in range(len(words)):
        for end in range(start + 1, min(start + MAX_PHRASE_WORDS, len(words)) + 1):
            phrase = " ".join(w for w in words[start:end] if w)
            if phrase:
                phrases.add(phrase)
    return phrases


def glossary_synonyms(query, user):
    """Synonym provider for search (search.sources.register_synonyms): for
    each name of a glossary term found in ``query`` (as whole words), the
    query with that name replaced by each of the term's other names. Only
    terms of workspaces ``user`` may read count, so a hidden glossary never
    widens (or reveals itself through) anyone's results."""
    normalised = normalise_name(query)
    if not normalised:
        return []
    condition = Q()
    for phrase in _phrases(normalised):
        condition |= Q(lookup__contains=f"\n{phrase}\n")
    terms = visible_terms(user).filter(condition).only("term", "synonyms", "abbreviations")[:20]
    expansions = []
    for term in terms:
        group = [normalise_name(name) for name in term.names()]
        for word in group:
            pattern = re.compile(rf"(?<!\w){re.escape(word)}(?!\w)")
            if not pattern.search(normalised):
                continue
            for other in group:
                if other == word:
                    continue
                alternative = pattern.sub(lambda _m, other=other: other, normalised)
                if alternative != normalised and alternative not in expansions:
                    expansions.append(alternative)
    return expansions
