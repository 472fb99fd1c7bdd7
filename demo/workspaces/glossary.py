"""Demo glossaries for ``seed_demo``: realistic terms of a German city
administration in the demo workspaces of demo/workspaces/spaces.py, and an
introduction on „Projekt Digitale Akte“ that uses them, so the automatic
links can be seen. Idempotent: a second run changes nothing."""

from django.contrib.auth import get_user_model

from demo.builders import Recorder
from workspaces.glossary import services
from workspaces.glossary.models import Term
from workspaces.models import Workspace, WorkspacePage

# workspace title → [(term, definition, synonyms, abbreviations, related terms)]
GLOSSARIES = {
    "Projekt Digitale Akte": [
        (
            "Dienstanweisung",
            "Verbindliche Regelung der Verwaltungsleitung für die Beschäftigten, etwa zum "
            "Umgang mit Schriftgut. Sie gilt ab ihrem Inkrafttreten bis zur Aufhebung.",
            ["Verwaltungsanweisung"],
            ["DA"],
            ["Aktenplan"],
        ),
        (
            "E-Akte",
            "Die elektronische Akte: alle Dokumente eines Vorgangs im "
            "Dokumentenmanagementsystem, revisionssicher abgelegt statt auf Papier.",
            ["elektronische Akte"],
            [],
            ["Dokumentenmanagementsystem", "Ersetzendes Scannen"],
        ),
        (
            "Dokumentenmanagementsystem",
            "Die Software, in der die E-Akte geführt wird: Ablage, Versionen, "
            "Berechtigungen und Aussonderung nach Fristen.",
            [],
            ["DMS"],
            [],
        ),
        (
            "Aktenplan",
            "Das verbindliche Ordnungssystem der Stadtverwaltung: Jede Akte erhält ein "
            "Aktenzeichen aus dem Aktenplan.",
            ["Registraturplan"],
            [],
            [],
        ),
        (
            "Ersetzendes Scannen",
            "Papierdokumente werden nach TR-RESISCAN gescannt; danach darf das Papier "
            "vernichtet werden.",
            ["Scannen mit Vernichtung"],
            ["RESISCAN"],
            [],
        ),
        (
            "Kita-Bedarfsplanung",
            "Die jährliche Planung der Betreuungsplätze in Kindertageseinrichtungen durch das "
            "Jugendamt; das erste Verfahren, das vollständig in der E-Akte läuft.",
            ["Kitabedarfsplan"],
            ["KBP"],
            [],
        ),
    ],
    "Haushaltskonsolidierung 2027": [
        (
            "Haushaltssperre",
            "Die Kämmerei sperrt Ausgabeermächtigungen ganz oder teilweise; neue Ausgaben "
            "brauchen dann eine Freigabe.",
            ["Ausgabensperre"],
            [],
            ["Haushaltssicherungskonzept"],
        ),
        (
            "Haushaltssicherungskonzept",
            "Das Konzept, mit dem die Stadt ihren Haushalt in einem festgelegten Zeitraum "
            "wieder ausgleicht; es bedarf der Genehmigung der Kommunalaufsicht.",
            [],
            ["HSK"],
            [],
        ),
    ],
    "Betriebliches Gesundheitsmanagement": [
        (
            "Betriebliches Eingliederungsmanagement",
            "Angebot an Beschäftigte, die innerhalb eines Jahres länger als sechs Wochen "
            "arbeitsunfähig waren, die Rückkehr an den Arbeitsplatz gemeinsam zu planen.",
            ["Eingliederungsmanagement"],
            ["BEM"],
            ["Gefährdungsbeurteilung"],
        ),
        (
            "Gefährdungsbeurteilung",
            "Die Prüfung der Arbeitsplätze auf Gefahren für die Gesundheit, auch psychische "
            "Belastungen, nach dem Arbeitsschutzgesetz.",
            [],
            ["GBU"],
            [],
        ),
    ],
}

INTRO = (
    "Projekt Digitale Akte",
    "<p>Wir führen die E-Akte nach der DA Schriftgut ein. Pilot ist die "
    "Kita-Bedarfsplanung des Jugendamts; grundlegend sind der Aktenplan und das "
    "ersetzende Scannen.</p>",
)


def _author(workspace):
    """Who writes the demo terms: the first owner of the workspace."""
    owner = workspace.memberships.filter(role="owner").select_related("user").first()
    if owner is not None:
        return owner.user
    return get_user_model().objects.filter(is_superuser=True).order_by("pk").first()


def _seed_glossary(rec, workspace, entries):
    author = _author(workspace)
    by_name = {}
    for name, definition, synonyms, abbreviations, _related in entries:
        term = Term.objects.filter(workspace=workspace, term__iexact=name).first()
        wanted = {
            "term": name,
            "definition": definition,
            "synonyms": synonyms,
            "abbreviations": abbreviations,
        }
        if term is None:
            term = services.save_term(workspace, author, wanted)
            rec.create("Glossarbegriff", f"{name} ({workspace.page.title})")
        else:
            changed = [field for field, value in wanted.items() if getattr(term, field) != value]
            if changed:
                term = services.save_term(workspace, author, wanted, instance=term)
                rec.update("Glossarbegriff", name, changed)
        by_name[name] = term
    for name, _definition, _synonyms, _abbreviations, related in entries:
        term = by_name[name]
        wanted = {by_name[other].pk for other in related}
        have = set(term.related.values_list("pk", flat=True))
        if not wanted <= have:
            term.related.add(*wanted)
            rec.update("Glossarbegriff", name, ["related"])


def _seed_intro(rec, title, intro):
    page = WorkspacePage.objects.filter(title=title).first()
    if page is None or page.intro:
        return  # an intro editors wrote stays as it is
    page.intro = intro
    revision = page.save_revision(user=_author(page.workspace))
    revision.publish(user=revision.user)
    rec.update("Arbeitsraum", title, ["intro"])


def seed(stdout=None, rec=None):
    """Add the demo glossaries to the demo workspaces that exist; returns
    the recorder (``rec.changed`` says whether anything was written)."""
    rec = rec or Recorder(stdout)
    for title, entries in GLOSSARIES.items():
        workspace = Workspace.objects.filter(page__title=title).select_related("page").first()
        if workspace is None or not workspace.is_active:
            continue
        _seed_glossary(rec, workspace, entries)
    _seed_intro(rec, *INTRO)
    if stdout is not None and not rec.changed:
        stdout.write("Glossare: nichts zu tun.")
    return rec
