"""The demo content of ``home`` for ``seed_demo``: the start page and site,
pictures, news in every approval state, information areas with forms and
service instructions, help and the start page's slots, each built from
``content`` with the idempotent helpers of ``builders``."""

import datetime

from django.core.management.base import CommandError
from django.utils import timezone

from wagtail.models import Page, Site

from home import models as home

from . import content, content_areas, content_instructions, files
from .builders import (
    ensure_collection,
    ensure_document,
    ensure_image,
    ensure_locales,
    ensure_page,
    find_child,
    slug,
)

SITE_NAME = "Intranet der Stadtverwaltung"
START_SLUG = "start"
NEWS_SLUG = "nachrichten"
HELP_SLUG = "hilfe"


def _date(value):
    return datetime.date.fromisoformat(value) if value else None


def _p(text):
    """A paragraph block."""
    return ("paragraph", f"<p>{text}</p>")


def _body(paragraphs, heading=None, notice=None, image=None, caption=""):
    """A body stream: first paragraph, heading, further paragraphs, picture, notice."""
    blocks = [_p(paragraphs[0])]
    if heading:
        blocks.append(("heading", {"text": heading, "level": "h2"}))
    blocks += [_p(text) for text in paragraphs[1:]]
    if image is not None:
        blocks.append(("image", {"image": image, "caption": caption}))
    if notice:
        blocks.append(("notice", {"kind": notice[0], "text": f"<p>{notice[1]}</p>"}))
    return blocks


def find_start_page():
    """The start page if it is the default site's root, else None."""
    site = Site.objects.filter(is_default_site=True).select_related("root_page").first()
    if site is None or site.root_page.slug != START_SLUG:
        return None
    root = site.root_page.specific
    return root if isinstance(root, home.HomePage) else None


# --- steps ---------------------------------------------------------------------------


def seed_site(rec, admin):
    """The start page as the default site's root, replacing Wagtail's welcome page."""
    german = ensure_locales(rec)
    root = Page.get_first_root_node()
    start, _ = ensure_page(
        rec,
        root,
        home.HomePage,
        START_SLUG,
        {
            "title": "Startseite",
            "locale": german,
            "summary": "Nachrichten, Formulare und Dienstanweisungen der Stadtverwaltung.",
            "welcome": content.WELCOME,
        },
        user=admin,
    )
    site = Site.objects.filter(is_default_site=True).first()
    values = {"hostname": "localhost", "port": 80, "site_name": SITE_NAME, "root_page_id": start.pk}
    if site is None:
        Site.objects.create(is_default_site=True, **values)
        rec.create("Website", SITE_NAME)
    else:
        changed = [k for k, v in values.items() if getattr(site, k) != v]
        if changed:
            for key in changed:
                setattr(site, key, values[key])
            site.save()
            rec.update("Website", SITE_NAME, changed)
    # Wagtail's "Welcome to your new Wagtail site!" is a plain Page below the root.
    for page in Page.objects.child_of(root).exclude(pk=start.pk):
        if page.specific_class is Page and not Site.objects.filter(root_page=page).exists():
            rec.changes.append(f"- Seite: {page.title}")
            page.delete()
    return start


def seed_images(rec):
    """Generated pictures with alternative text."""
    collection = ensure_collection(rec, "Bilder")
    images = {}
    for key, (title, alt, colour, label) in content.IMAGES.items():
        data = files.png_bytes(label, colour)
        images[key] = ensure_image(rec, collection, title, alt, f"{key}.png", data)
    return images


def seed_sections(rec, start, admin):
    """The top-level pages: news, the information areas and help (shown in menus)."""
    news_index, _ = ensure_page(
        rec,
        start,
        home.NewsIndexPage,
        NEWS_SLUG,
        {
            "title": "Nachrichten",
            "summary": "Neuigkeiten aus allen Ämtern.",
            "show_in_menus": True,
        },
        user=admin,
    )
    areas = {}
    for slug_, area, title, summary, intro, paragraphs, name, mail, phone in content_areas.AREAS:
        areas[slug_], _ = ensure_page(
            rec,
            start,
            home.InformationAreaPage,
            slug_,
            {
                "title": title,
                "area": area,
                "summary": summary,
                "intro": intro,
                "body": _body(paragraphs),
                "contact_name": name,
                "contact_email": mail,
                "contact_phone": phone,
                "show_in_menus": True,
            },
            user=admin,
        )
    help_index, _ = ensure_page(
        rec,
        start,
        home.HelpIndexPage,
        HELP_SLUG,
        {
            "title": "Hilfe",
            "summary": "Anleitungen für alle und für die Redaktion.",
            "show_in_menus": True,
        },
        user=admin,
    )
    return news_index, areas, help_index


def _run_workflow(page, revision_user, approver, outcome, comment=""):
    """Submit the page to its workflow as ``revision_user``; then approve every
    task, reject the first, or leave it waiting, as ``approver``."""
    workflow = page.get_workflow()
    if workflow is None:
        raise CommandError(
            "Die Nachrichtenübersicht hat keinen Workflow: ensure_editorial_setup() hat "
            "„Nachrichtenfreigabe“ nicht zugewiesen."
        )
    state = workflow.start(page, revision_user)
    if outcome == "moderation":
        return
    if outcome == "rejected":
        state.current_task_state.specific.reject(user=approver, comment=comment)
        return
    while state.status == state.STATUS_IN_PROGRESS and state.current_task_state:
        state.current_task_state.specific.approve(user=approver, comment="Freigegeben, danke!")
        state.refresh_from_db()


def seed_news(rec, news_index, units, users, images):
    """News in every workflow state. Pages that exist keep their state: only
    published articles are updated (directly, without a new workflow run)."""
    editor, central = users["redakteur"], users["redaktion"]
    now = timezone.now()
    for item in content.NEWS:
        state = item["state"]
        image = images.get(item.get("image"))
        fields = {
            "title": item["title"],
            "summary": item["teaser"],
            "teaser": item["teaser"],
            "image": image,
            "category": item["category"],
            "issuing_office": units[item["office"]],
            "body": _body(item["text"], item["heading"], item.get("notice")),
        }
        exists = find_child(news_index, item["slug"]) is not None
        if not exists and state == "scheduled":
            fields["go_live_at"] = now + datetime.timedelta(days=item["days"])
        if not exists and state == "expired":
            fields["expire_at"] = now - datetime.timedelta(days=item["days"] // 2)
        page, created = ensure_page(
            rec,
            news_index,
            home.NewsPage,
            item["slug"],
            fields,
            tags=item["tags"],
            user=editor,
            publish=exists,
            create_only=state != "published",
        )
        if not created:
            continue
        # Relative dates are set once, when the article is created.
        if state == "published":
            _run_workflow(page, editor, central, "approved")
        elif state in ("moderation", "rejected"):
            _run_workflow(page, editor, central, state, item.get("rejection", ""))
        elif state in ("scheduled", "expired"):
            page.get_latest_revision().publish(user=central)
        if state == "expired":
            page.refresh_from_db()
            page.unpublish(set_expired=True, user=central)
        if state in ("published", "expired"):
            published = now - datetime.timedelta(days=item["days"])
            Page.objects.filter(pk=page.pk).update(
                first_published_at=published, last_published_at=published
            )


def _file_rows(rec, collection, title, kinds, lines):
    """Generated PDF/DOCX/XLSX files of a register entry, as inline rows."""
    makers = {
        "pdf": lambda: files.pdf_bytes(title, lines),
        "docx": lambda: files.docx_bytes(title, lines),
        "xlsx": lambda: files.xlsx_bytes(title, ["Datum", "Bezeichnung", "Betrag", "Bemerkung"]),
    }
    labels = {"pdf": "PDF", "docx": "Word", "xlsx": "Excel"}
    rows = []
    for kind in kinds:
        doc_title = f"{title} ({labels[kind]})"
        filename = f"{slug(title).replace(' ', '-')[:60]}.{kind}"
        document = ensure_document(rec, collection, doc_title, filename, makers[kind]())
        rows.append({"document": document, "label": labels[kind]})
    return rows


def seed_forms(rec, area, units, users, admin):
    """The form register with its files."""
    index, _ = ensure_page(
        rec,
        area,
        home.FormIndexPage,
        "verzeichnis",
        {"title": "Formularverzeichnis", "summary": "Alle gültigen Formulare."},
        user=admin,
    )
    collection = ensure_collection(rec, "Formulare")
    forms = {}
    for count, row in enumerate(content_areas.FORMS, start=1):
        slug_, number, title, office, responsible, deputy, version, tags, kinds, summary = row
        if count % 5 == 0:
            rec.progress(f"    … {count}/{len(content_areas.FORMS)} Formulare")
        lines = [f"Formular {number} – Stand {_date(version):%d.%m.%Y}", summary]
        forms[slug_], _ = ensure_page(
            rec,
            index,
            home.FormPage,
            slug_,
            {
                "title": title,
                "summary": summary,
                "number": number,
                "issuing_office": units[office],
                "responsible": users[responsible],
                "deputy": users[deputy],
                "version_date": _date(version),
                "instructions": [
                    _p(
                        "Bitte füllen Sie das Formular vollständig aus und "
                        "reichen Sie es über Ihre Führungskraft ein."
                    )
                ],
            },
            tags=tags,
            children={"files": _file_rows(rec, collection, title, kinds, lines)},
            user=admin,
        )
    return forms


def seed_instructions(rec, area, units, users, admin):
    """The register of service instructions, including repealed and superseded ones."""
    index, _ = ensure_page(
        rec,
        area,
        home.ServiceInstructionIndexPage,
        "verzeichnis",
        {
            "title": "Verzeichnis der Dienstanweisungen",
            "summary": "Alle Dienstanweisungen mit Gültigkeit.",
        },
        user=admin,
    )
    collection = ensure_collection(rec, "Dienstanweisungen")
    pages = {}
    for row in content_instructions.INSTRUCTIONS:
        (
            slug_,
            number,
            title,
            office,
            responsible,
            deputy,
            valid_from,
            valid_until,
            status,
            superseded_by,
            tags,
            kinds,
            summary,
            paragraphs,
        ) = row
        notice = None
        if status == "superseded":
            notice = (
                "warning",
                "Diese Fassung wurde ersetzt. Bitte beachten Sie die neue Fassung.",
            )
        elif status == "repealed":
            notice = ("important", "Diese Dienstanweisung ist aufgehoben und gilt nicht mehr.")
        pages[slug_], _ = ensure_page(
            rec,
            index,
            home.ServiceInstructionPage,
            slug_,
            {
                "title": title,
                "summary": summary,
                "number": number,
                "issuing_office": units[office],
                "responsible": users[responsible],
                "deputy": users[deputy],
                "valid_from": _date(valid_from),
                "valid_until": _date(valid_until),
                "status": status,
                "superseded_by": pages[superseded_by] if superseded_by else None,
                "body": _body(paragraphs, "Regelungen", notice),
            },
            tags=tags,
            children={
                "attachments": _file_rows(rec, collection, f"Anlage zu {number}", kinds, [title])
            },
            user=admin,
        )
    return pages


def seed_area_pages(rec, areas, admin):
    """Content pages of the other information areas."""
    for area_slug, pages in content_areas.AREA_PAGES.items():
        for slug_, title, summary, paragraphs in pages:
            ensure_page(
                rec,
                areas[area_slug],
                home.ContentPage,
                slug_,
                {"title": title, "summary": summary, "body": _body(paragraphs)},
                user=admin,
            )


def seed_help(rec, help_index, images, admin):
    """Tutorials for readers and editors."""
    for slug_, title, audience, minutes, summary, steps in content_instructions.TUTORIALS:
        blocks = []
        for step_title, text, image_key in steps:
            media = []
            if image_key:
                media.append(("image", {"image": images[image_key], "caption": step_title}))
            blocks.append(("step", {"title": step_title, "text": text, "media": media}))
        ensure_page(
            rec,
            help_index,
            home.TutorialPage,
            slug_,
            {
                "title": title,
                "summary": summary,
                "audience": audience,
                "duration_minutes": minutes,
                "steps": blocks,
            },
            user=admin,
        )


def seed_start_slots(rec, start, news_index, forms, admin):
    """Top stories, notices, quick links and dates of the start page. Notices and
    dates are relative to the day of seeding and therefore only filled when empty."""
    today = timezone.localdate()
    fields = {
        "top_stories": [("story", find_child(news_index, s)) for s in content.TOP_STORIES],
        "quick_links": [
            ("link", {"title": "", "page": forms[s], "url": ""}) for s in content.QUICK_LINKS
        ],
    }
    if not start.notices:
        fields["notices"] = [
            (
                "notice",
                {
                    "kind": kind,
                    "text": text,
                    "show_until": today + datetime.timedelta(days=days) if days else None,
                },
            )
            for kind, text, days in content.NOTICES
        ]
    if not start.dates:
        fields["dates"] = [
            (
                "date",
                {
                    "title": title,
                    "date": today + datetime.timedelta(days=days),
                    "time": datetime.time.fromisoformat(time) if time else None,
                    "place": place,
                    "page": None,
                },
            )
            for title, days, time, place in content.DATES
        ]
    ensure_page(rec, start.get_parent(), home.HomePage, START_SLUG, fields, user=admin)
