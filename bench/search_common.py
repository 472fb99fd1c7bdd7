"""Shared parts of the search benchmarks (bench/search_*.py): Django set-up,
a generated corpus of German pages with many restricted areas, a throwaway
index prefix on the running engine, timing helpers and the RESULTS.md
section.

The corpus builder **wipes the page tree below the default site's root**:
point the benchmarks at a throwaway PostgreSQL (bench/README.md).
"""

import datetime
import json
import os
import platform
import random
import statistics
import subprocess
import sys
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

# Words of a city administration's intranet; titles and texts are drawn from
# them, and so are the benchmark queries.
WORDS = (  # noqa: SIM905 - readable as running text
    "Antrag Urlaub Dienstreise Abrechnung Formular Dienstanweisung Datenschutz "
    "Personalrat Fortbildung Arbeitszeit Gleitzeit Krankmeldung Beihilfe Vertretung "
    "Haushalt Vergabe Beschaffung Rechnung Zahlung Kasse Gebühr Satzung Verordnung "
    "Bürgerbüro Meldewesen Ausweis Führerschein Gewerbe Baugenehmigung Bauantrag "
    "Bebauungsplan Straßenbau Verkehr Parkausweis Ordnungsamt Jugendamt Sozialamt "
    "Schulamt Kindergarten Kita Elterngeld Wohngeld Grundsicherung Unterkunft "
    "Feuerwehr Brandschutz Rettungsdienst Katastrophenschutz Umwelt Abfall Müll "
    "Wasser Abwasser Energie Klimaschutz Grünflächen Friedhof Sport Kultur Museum "
    "Bibliothek Volkshochschule Stadtrat Ausschuss Sitzung Beschluss Vorlage "
    "Protokoll Tagesordnung Wahl Bürgermeister Dezernat Fachbereich Sachgebiet "
    "Organisation Stellenplan Stellenausschreibung Bewerbung Ausbildung Praktikum "
    "Telearbeit Homeoffice Laptop Drucker Telefon Software Passwort Sicherheit "
    "Digitalisierung Akte Posteingang Archiv Registratur Signatur Vorlage Vertrag "
    "Versicherung Unfall Arbeitsschutz Gesundheit Betriebsarzt Sportgruppe "
    "Betriebsausflug Jubiläum Ruhestand Gehalt Tarif Zulage Reisekosten Fahrtkosten "
    "Dienstwagen Fahrrad Jobticket Kantine Parkplatz Hausmeister Reinigung Schlüssel "
    "Raumbuchung Veranstaltung Termin Kalender Frist Widerspruch Bescheid Klage "
    "Rechtsamt Steuer Grundsteuer Hundesteuer Gewerbesteuer Statistik Bericht "
    "Planung Projekt Konzept Leitfaden Richtlinie Merkblatt Checkliste Muster"
).split()
TAGS = [f"thema-{i}" for i in range(30)]
SECTIONS = 10
BENCH_PREFIX = "bench-search"


def setup_django():
    """Import Django with the test settings (no indexing signals, immediate
    tasks) unless the caller configured it already."""
    if str(ROOT) not in sys.path:
        sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cms.settings.test")
    import django
    from django.apps import apps

    if not apps.ready:
        django.setup()


def engine_url():
    """The running engine's URL (``ELASTICSEARCH_URL``); exits without it."""
    url = os.environ.get("ELASTICSEARCH_URL", "")
    if not url:
        sys.exit("ELASTICSEARCH_URL is not set: start the engine (make search-engine).")
    return url


def use_engine(prefix=None):
    """Point the project at the running engine under a unique index prefix;
    returns the ``Engine``. Drop it with ``engine.drop()`` afterwards."""
    from django.conf import settings

    from search import engine as engine_module

    settings.ELASTICSEARCH_URL = engine_url()
    settings.SEARCH_INDEX_PREFIX = prefix or f"{BENCH_PREFIX}-{uuid.uuid4().hex[:8]}"
    engine_module._engines.clear()
    return engine_module.get_engine()


def percentile(values, pct):
    """Nearest-rank percentile."""
    ordered = sorted(values)
    k = max(0, min(len(ordered) - 1, round(pct / 100 * len(ordered) + 0.5) - 1))
    return ordered[k]


def summary_ms(seconds):
    """``{"p50", "p95", "n"}`` in milliseconds of a list of durations in seconds."""
    return {
        "p50": round(statistics.median(seconds) * 1000, 2),
        "p95": round(percentile(seconds, 95) * 1000, 2),
        "n": len(seconds),
    }


def timed(func, *args, **kwargs):
    """``(seconds, result)`` of one call."""
    start = time.perf_counter()
    result = func(*args, **kwargs)
    return time.perf_counter() - start, result


# --- the corpus ------------------------------------------------------------------


def _step(n):
    alphabet = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"  # treebeard's default
    out = ""
    for _ in range(4):
        n, rem = divmod(n, len(alphabet))
        out = alphabet[rem] + out
    return out


def _text(rng, low, high):
    return " ".join(rng.choice(WORDS) for _ in range(rng.randint(low, high)))


def _wipe(home):
    """Remove everything below ``home`` (child tables first), the
    restrictions and the benchmark's groups and people."""
    from django.apps import apps
    from django.contrib.auth.models import Group, User
    from django.db import connection

    from wagtail.models import Page, PageViewRestriction

    below = "SELECT id FROM wagtailcore_page WHERE path LIKE %s AND depth > %s"
    params = [home.path + "%", home.depth]
    PageViewRestriction.objects.all().delete()
    with connection.cursor() as cursor:
        for model in apps.get_models():
            for field in model._meta.local_concrete_fields:
                target = getattr(field, "related_model", None)
                if target is None or not issubclass(target, Page) or model is Page:
                    continue
                if model._meta.auto_created or not field.is_relation:
                    continue
                cursor.execute(
                    f'DELETE FROM "{model._meta.db_table}" '  # noqa: S608 - table names from models
                    f'WHERE "{field.column}" IN ({below})',
                    params,
                )
        cursor.execute(f"DELETE FROM wagtailcore_page WHERE id IN ({below})", params)  # noqa: S608
    Group.objects.filter(name__startswith=BENCH_PREFIX).delete()
    User.objects.filter(username__startswith=BENCH_PREFIX).delete()


def build_corpus(items, restricted=1000, public_areas=250, memberships=20, seed=1):
    """A page tree of ``items`` pages below the site root (reused when it is
    already there): 10 sections, ``restricted + public_areas`` areas, the
    first of every five areas public and the others under a group
    restriction of their own, and leaf pages spread round-robin over the
    areas (85 % content pages, 15 % news with tags). Returns a dict with the
    reader (member of ``memberships`` restricted groups), the counts and the
    build time."""
    from django.contrib.auth.models import Group, User
    from django.contrib.contenttypes.models import ContentType
    from django.db import connection, transaction

    from taggit.models import Tag
    from wagtail.models import BaseViewRestriction, Page, PageViewRestriction, Site

    from cms.permissions.indexing import rebuild_all
    from home.models import ContentPage, NewsPage, NewsPageTag

    start = time.perf_counter()
    site = Site.objects.get(is_default_site=True)
    home = site.root_page
    marker = f"{BENCH_PREFIX}-{items}-{restricted}-{public_areas}-{seed}"
    reader = User.objects.filter(username=f"{BENCH_PREFIX}-leser").first()
    below = Page.objects.filter(path__startswith=home.path, depth__gt=home.depth)
    if reader and below.filter(slug=marker).exists() and below.count() == items:
        return {
            "reader": reader,
            "pages": items,
            "restrictions": PageViewRestriction.objects.count(),
            "memberships": reader.groups.count(),
            "build_seconds": 0.0,
            "reused": True,
        }
    rng = random.Random(seed)
    now = datetime.datetime.now(datetime.UTC)
    content_ct = ContentType.objects.get_for_model(ContentPage)
    news_ct = ContentType.objects.get_for_model(NewsPage)
    with transaction.atomic():
        _wipe(home)

        def make(parent, index, title, slug, ct):
            return Page(
                title=title,
                draft_title=title,
                slug=slug,
                content_type=ct,
                locale_id=home.locale_id,
                path=parent["path"] + _step(index),
                depth=parent["depth"] + 1,
                numchild=0,
                url_path=f"{parent['url_path']}{slug}/",
                live=True,
                has_unpublished_changes=False,
                first_published_at=now - datetime.timedelta(days=rng.randint(0, 900)),
                last_published_at=now,
            )

        def child_rows(pages):
            """Insert the content/news rows of base pages just created."""
            contents, news, links = [], [], []
            for page in pages:
                body = [
                    {
                        "type": "paragraph",
                        "value": f"<p>{_text(rng, 30, 80)}</p>",
                        "id": str(uuid.uuid4()),
                    }
                ]
                if page.content_type_id == news_ct.pk:
                    news.append(
                        NewsPage(
                            page_ptr_id=page.pk,
                            summary="",
                            teaser=_text(rng, 8, 20),
                            body=body,
                            category="general",
                        )
                    )
                    for tag in rng.sample(tag_objects, 2):
                        links.append(NewsPageTag(tag=tag, content_object_id=page.pk))
                else:
                    contents.append(
                        ContentPage(page_ptr_id=page.pk, summary=_text(rng, 5, 12), body=body)
                    )
            for model, rows in ((ContentPage, contents), (NewsPage, news)):
                if rows:
                    # Only the child table: the Page rows exist already.
                    model._base_manager._insert(
                        rows, fields=model._meta.local_concrete_fields, raw=True
                    )
            NewsPageTag.objects.bulk_create(links, batch_size=5000)

        tag_objects = [Tag.objects.get_or_create(name=name, slug=name)[0] for name in TAGS]
        root = {"path": home.path, "depth": home.depth, "url_path": home.url_path}
        sections = Page.objects.bulk_create(
            [
                make(root, i + 1, f"Bereich {i + 1} {_text(rng, 1, 2)}", f"bereich-{i}", content_ct)
                for i in range(SECTIONS)
            ]
        )
        child_rows(sections)
        area_count = restricted + public_areas
        areas = []
        for i in range(area_count):
            section = sections[i % SECTIONS]
            parent = {"path": section.path, "depth": section.depth, "url_path": section.url_path}
            slug = marker if i == 0 else f"bereich-{i % SECTIONS}-{i // SECTIONS}"
            areas.append(
                make(parent, i // SECTIONS + 1, f"Amt {i} {_text(rng, 1, 3)}", slug, content_ct)
            )
        areas = Page.objects.bulk_create(areas, batch_size=2000)
        child_rows(areas)
        leaves = max(items - SECTIONS - area_count, 0)
        children = [0] * area_count
        batch = []
        for j in range(leaves):
            a = j % area_count
            children[a] += 1
            area = areas[a]
            parent = {"path": area.path, "depth": area.depth, "url_path": area.url_path}
            ct = news_ct if rng.random() < 0.15 else content_ct
            batch.append(make(parent, children[a], _text(rng, 2, 5), f"seite-{j}", ct))
            if len(batch) >= 5000:
                child_rows(Page.objects.bulk_create(batch, batch_size=5000))
                batch = []
        if batch:
            child_rows(Page.objects.bulk_create(batch, batch_size=5000))
        Page.objects.filter(pk=home.pk).update(numchild=SECTIONS)
        for section in sections:
            section.numchild = area_count // SECTIONS
        Page.objects.bulk_update(sections, ["numchild"])
        for area, count in zip(areas, children, strict=True):
            area.numchild = count
        Page.objects.bulk_update(areas, ["numchild"], batch_size=2000)

        # Every fifth area is public, the others restricted to a group of their own.
        locked = [area for i, area in enumerate(areas) if i % 5][:restricted]
        groups = Group.objects.bulk_create(
            [Group(name=f"{BENCH_PREFIX}-{i}") for i in range(len(locked))]
        )
        restrictions = PageViewRestriction.objects.bulk_create(
            [
                PageViewRestriction(page=a, restriction_type=BaseViewRestriction.GROUPS)
                for a in locked
            ]
        )
        through = PageViewRestriction.groups.through
        through.objects.bulk_create(
            [
                through(pageviewrestriction_id=r.pk, group_id=g.pk)
                for r, g in zip(restrictions, groups, strict=True)
            ]
        )
        reader = User.objects.create_user(f"{BENCH_PREFIX}-leser", password=None)
        step = max(1, len(groups) // memberships)
        reader.groups.set(groups[::step][:memberships])
        rebuild_all()  # bulk inserts skip the restriction index's signals
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    return {
        "reader": reader,
        "pages": Page.objects.filter(path__startswith=home.path, depth__gt=home.depth).count(),
        "restrictions": len(restrictions),
        "memberships": reader.groups.count(),
        "build_seconds": round(time.perf_counter() - start, 1),
        "reused": False,
    }


def queries(n, seed=7):
    """``n`` query words from the corpus vocabulary (repeats allowed)."""
    rng = random.Random(seed)
    return [rng.choice(WORDS) for _ in range(n)]


# --- reporting -------------------------------------------------------------------


def machine():
    """``{"cpus", "cpu", "postgres", "engine", "python"}`` of this run."""
    from django.db import connection

    cpu = "unknown"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        pg = cursor.fetchone()[0]
    engine = "unknown"
    try:
        import urllib.request

        with urllib.request.urlopen(engine_url().rstrip("/") + "/", timeout=5) as response:  # noqa: S310
            info = json.load(response)["version"]
            engine = f"{info.get('distribution', 'elasticsearch')} {info['number']}"
    except (OSError, ValueError, KeyError):
        pass
    return {
        "cpus": os.cpu_count(),
        "cpu": cpu,
        "postgres": pg,
        "engine": engine,
        "python": platform.python_version(),
    }


def commit():
    """The short commit hash of the checkout (or "unknown")."""
    try:
        return subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"],
            cwd=ROOT,
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return "unknown"


def print_figures(figures):
    """The figures as indented JSON (people and scripts can read it)."""
    print(json.dumps(figures, indent=2, ensure_ascii=False, default=str))
