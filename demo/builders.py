"""Idempotent get-or-create helpers for the demo: each looks its object up by
a natural key, creates it when missing, updates only the fields that differ
and records what it did, so that a second run of ``seed_demo`` changes nothing
and can say so."""

import json
from collections import Counter

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.files.base import ContentFile

from wagtail.fields import StreamField
from wagtail.models import Collection, Locale, Page

from cms.models import IntranetDocument, IntranetImage
from offices.models import Membership, OrgUnit


class Recorder:
    """Collects what the seeding created and changed, for the summary, and the
    names of files written to storage (removed again after a dry run)."""

    def __init__(self, stdout=None, verbosity=1):
        self.stdout = stdout
        self.verbosity = verbosity
        self.created = Counter()
        self.updated = Counter()
        self.changes = []
        self.files = []

    def create(self, kind, label):
        """Note that an object was created."""
        self.created[kind] += 1
        self.changes.append(f"+ {kind}: {label}")
        self._trace(f"  + {kind}: {label}")

    def update(self, kind, label, fields):
        """Note that an existing object was changed (which fields)."""
        self.updated[kind] += 1
        self.changes.append(f"~ {kind}: {label} ({', '.join(fields)})")
        self._trace(f"  ~ {kind}: {label} ({', '.join(fields)})")

    def progress(self, text):
        """Show which step is running; seeding takes a while on the first run."""
        if self.stdout is not None and self.verbosity >= 1:
            self.stdout.write(text)
            self.stdout.flush()

    def _trace(self, text):
        if self.stdout is not None and self.verbosity >= 2:
            self.stdout.write(text)

    @property
    def changed(self):
        """Whether anything was created or updated."""
        return bool(self.changes)


def _apply(instance, values):
    """Set the given attributes and return the names of those that changed."""
    changed = []
    for name, value in values.items():
        if getattr(instance, name) != value:
            setattr(instance, name, value)
            changed.append(name)
    return changed


# --- organisation and people -----------------------------------------------------


def ensure_locales(recorder):
    """German (the default) and English locales."""
    for code in ("de", "en"):
        _, created = Locale.objects.get_or_create(language_code=code)
        if created:
            recorder.create("Sprache", code)
    return Locale.objects.get(language_code="de")


def ensure_unit(recorder, code, values):
    """An org unit by its code."""
    unit = OrgUnit.objects.filter(code=code).first()
    if unit is None:
        unit = OrgUnit.objects.create(code=code, **values)
        recorder.create("Organisationseinheit", code)
        return unit
    changed = _apply(unit, values)
    if changed:
        unit.save()
        recorder.update("Organisationseinheit", code, changed)
    return unit


def ensure_user(recorder, username, values, password):
    """A person by username. With a password, it is reset only if it does not
    match (set_password salts anew and would change the row on every run);
    without one, a new account gets an unusable password and is left alone."""
    User = get_user_model()
    user = User.objects.filter(username=username).first()
    if user is None:
        user = User(username=username, **values)
        if password:
            user.set_password(password)
        else:
            user.set_unusable_password()
        user.save()
        recorder.create("Person", username)
        return user
    changed = _apply(user, values)
    if password and not user.check_password(password):
        user.set_password(password)
        changed.append("password")
    if changed:
        user.save()
        recorder.update("Person", username, changed)
    return user


def ensure_groups(recorder, user, names):
    """Add the user to these groups (never removes: an admin may have added more)."""
    for name in names:
        group = Group.objects.get(name=name)
        if not user.groups.filter(pk=group.pk).exists():
            user.groups.add(group)
            recorder.update("Person", user.username, [f"Gruppe {name}"])


def ensure_membership(recorder, user, unit, function):
    """A person's membership of a unit with its function."""
    membership, created = Membership.objects.get_or_create(
        user=user, unit=unit, defaults={"function": function}
    )
    if created:
        recorder.create("Mitgliedschaft", f"{user.username} in {unit.code}")
    elif membership.function != function:
        membership.function = function
        membership.save()
        recorder.update("Mitgliedschaft", f"{user.username} in {unit.code}", ["function"])
    return membership


# --- media -----------------------------------------------------------------------


def ensure_collection(recorder, name):
    """A collection directly below the root, by name."""
    root = Collection.get_first_root_node()
    collection = root.get_children().filter(name=name).first()
    if collection is None:
        collection = root.add_child(name=name)
        recorder.create("Sammlung", name)
    return collection


def _ensure_file(recorder, kind, model, collection, title, filename, data, extra):
    """Shared logic of images and documents: look up by collection and title,
    replace the file only when its hash differs (generated files are
    deterministic, so an unchanged source means an unchanged hash)."""
    from wagtail.utils.file import hash_filelike

    new_hash = hash_filelike(ContentFile(data))
    item = model.objects.filter(collection=collection, title=title).first()
    if item is None:
        item = model(collection=collection, title=title, **extra)
        changed = None
    else:
        changed = _apply(item, extra)
    if item.file_hash != new_hash or not item.file:
        item.file = ContentFile(data, name=filename)
        if hasattr(item, "_set_document_file_metadata"):
            item._set_document_file_metadata()
        else:
            item._set_image_file_metadata()
        if changed is not None:
            changed.append("file")
    if changed is None:
        item.save()
        recorder.files.append(item.file.name)
        recorder.create(kind, title)
    elif changed:
        item.save()
        if "file" in changed:
            recorder.files.append(item.file.name)
        recorder.update(kind, title, changed)
    return item


def ensure_image(recorder, collection, title, alt, filename, data):
    """A picture with its alternative text (required for WCAG)."""
    return _ensure_file(
        recorder, "Bild", IntranetImage, collection, title, filename, data, {"description": alt}
    )


def ensure_document(recorder, collection, title, filename, data):
    """A downloadable file."""
    return _ensure_file(
        recorder, "Dokument", IntranetDocument, collection, title, filename, data, {}
    )


# --- pages -----------------------------------------------------------------------


def _strip_ids(value):
    """Block data without the random block ids, for comparing stream content."""
    if isinstance(value, dict):
        return {k: _strip_ids(v) for k, v in value.items() if k != "id"}
    if isinstance(value, list):
        return [_strip_ids(v) for v in value]
    return value


def _stream_signature(stream_value):
    return json.dumps(_strip_ids(list(stream_value.get_prep_value())), sort_keys=True, default=str)


def _set_field(page, name, value):
    """Set one field; return True if its content changed. Stream fields are
    compared without block ids, and keep their old ids when equal."""
    field = page._meta.get_field(name)
    if isinstance(field, StreamField):
        old = getattr(page, name)
        before = _stream_signature(old)
        setattr(page, name, value)
        if _stream_signature(getattr(page, name)) == before:
            setattr(page, name, old)
            return False
        return True
    if getattr(page, name) == value:
        return False
    setattr(page, name, value)
    return True


def _set_children(page, relation, rows):
    """Replace an inline relation (FormFile, attachments) if its rows differ.
    ``rows`` are dicts of field values, e.g. {"document": doc, "label": "PDF"}."""
    manager = getattr(page, relation)
    keys = rows[0].keys() if rows else ()
    current = [{key: getattr(child, key) for key in keys} for child in manager.all()]
    if current == rows:
        return False
    setattr(page, relation, [manager.model(**row) for row in rows])
    return True


def slug(text):
    """Lower-case ASCII for e-mail addresses (Schäfer → schaefer)."""
    for umlaut, plain in (("ä", "ae"), ("ö", "oe"), ("ü", "ue"), ("ß", "ss")):
        text = text.replace(umlaut, plain)
    return text.lower()


def find_child(parent, slug):
    """The child page of ``parent`` with this slug, as its specific type."""
    page = Page.objects.child_of(parent).filter(slug=slug).first()
    return page.specific if page is not None else None


def ensure_page(
    recorder,
    parent,
    model,
    slug,
    fields,
    *,
    tags=None,
    children=None,
    user=None,
    publish=True,
    create_only=False,
):
    """A page by parent and slug. New pages are added and (if ``publish``)
    published; existing ones are compared with their latest revision and get a
    new, published revision only when something differs.

    ``children`` maps an inline relation name to its rows; ``tags`` is a list
    of tag names. With ``create_only`` an existing page is left alone (pages
    whose workflow state must not be disturbed). Returns (page, created)."""
    page = find_child(parent, slug)
    kind = str(model._meta.verbose_name)
    if page is None:
        page = model(slug=slug, owner=user)
        for name, value in fields.items():
            setattr(page, name, value)
        for relation, rows in (children or {}).items():
            _set_children(page, relation, rows)
        if tags is not None:
            page.tags.set(tags)
        if not publish:
            page.live = False
        parent.add_child(instance=page)
        revision = page.save_revision(user=user)
        if publish:
            revision.publish(user=user)
        recorder.create(kind, page.title)
        return page, True
    if create_only:
        return page, False
    draft = page.get_latest_revision_as_object() if page.has_unpublished_changes else page
    changed = [name for name, value in fields.items() if _set_field(draft, name, value)]
    for relation, rows in (children or {}).items():
        if _set_children(draft, relation, rows):
            changed.append(relation)
    if tags is not None and sorted(draft.tags.names()) != sorted(tags):
        draft.tags.set(tags)
        changed.append("tags")
    if changed:
        revision = draft.save_revision(user=user)
        if publish:
            revision.publish(user=user)
        recorder.update(kind, page.title, changed)
        page = model.objects.get(pk=page.pk)
    return page, False
