"""Permission transparency: why may this person read or edit this item?

``explain_access`` answers with the same rules the permission core and
Wagtail apply (the verdicts come from them, not from a second
implementation), and lists the reasons: each governing view restriction
with its groups and whether the person passes it, and each group
permission that grants editing. The core knows no roles: the caller may
pass ``role_of(group name)``, and ``cms.rights.explain`` does, naming the
role of the role file each group belongs to."""

from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.utils import timezone
from django.utils.translation import gettext as _

from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import (
    BaseViewRestriction,
    Collection,
    CollectionViewRestriction,
    GroupCollectionPermission,
    GroupPagePermission,
    Page,
    PageViewRestriction,
)

from . import core
from .models import CollectionRestrictionIndex, PageRestrictionIndex
from .paths import page_by_url_path, site_path


@dataclass
class Reason:
    """One reason for a verdict; ``passed`` says whether it speaks for
    access (True), against it (False) or is only informative (None)."""

    text: str
    passed: bool | None = None
    data: dict = field(default_factory=dict)


@dataclass
class Explanation:
    """The structured answer of ``explain_access``."""

    user: object
    item: object
    kind: str  # "page", "document" or "image"
    can_view: bool = False
    view_reasons: list = field(default_factory=list)
    can_edit: bool = False
    edit_reasons: list = field(default_factory=list)

    def as_text(self):
        """The explanation as readable German lines."""
        yes, no = _("ja"), _("nein")
        lines = [
            _("Person: %(user)s") % {"user": self.user.get_username()},
            _("Objekt: %(kind)s „%(item)s“ (ID %(id)s)")
            % {"kind": kind_label(self.kind), "item": self.item, "id": self.item.pk},
            _("Darf lesen: %(v)s") % {"v": yes if self.can_view else no},
        ]
        lines += [f"  {_mark(r)} {r.text}" for r in self.view_reasons]
        lines.append(_("Darf bearbeiten: %(v)s") % {"v": yes if self.can_edit else no})
        lines += [f"  {_mark(r)} {r.text}" for r in self.edit_reasons]
        return "\n".join(lines)


def _mark(reason):
    return {True: "+", False: "-", None: "·"}[reason.passed]


def kind_label(kind):
    """The German name of an item kind."""
    return {"page": _("Seite"), "document": _("Dokument"), "image": _("Bild")}[kind]


class ItemError(ValueError):
    """An item or user specification that does not name anything."""


def parse_item(spec):
    """Turn ``page:<id>``, ``page:/url/path/``, ``document:<id>`` or
    ``image:<id>`` into ``(kind, instance)``; raises ``ItemError``."""
    kind, sep, value = (spec or "").strip().partition(":")
    if not sep or kind not in ("page", "document", "image") or not value:
        raise ItemError(
            _(
                "Unbekannte Angabe „%(spec)s“: erwartet page:<id>, page:/pfad/, "
                "document:<id> oder image:<id>."
            )
            % {"spec": spec}
        )
    if kind == "page" and value.startswith("/"):
        page = page_by_url_path(value)
        if page is None:
            raise ItemError(_("Keine Seite mit dem Pfad „%(path)s“.") % {"path": value})
        return kind, page.specific
    if not value.isdigit():
        raise ItemError(_("„%(value)s“ ist keine ID.") % {"value": value})
    model = {"page": Page, "document": get_document_model(), "image": get_image_model()}[kind]
    instance = model.objects.filter(pk=int(value)).first()
    if instance is None:
        raise ItemError(
            _("%(kind)s mit ID %(id)s gibt es nicht.") % {"kind": kind_label(kind), "id": value}
        )
    return kind, instance.specific if kind == "page" else instance


def find_user(username):
    """The user with this user name; raises ``ItemError``."""
    user = get_user_model().objects.filter(username=username).first()
    if user is None:
        raise ItemError(_("Person „%(user)s“ gibt es nicht.") % {"user": username})
    return user


def _ancestor_paths(node):
    step = type(node).steplen
    return [node.path[:i] for i in range(step, len(node.path) + 1, step)]


def _restriction_reasons(user, restrictions, where, user_group_ids):
    reasons = []
    for restriction in restrictions:
        node = where(restriction)
        groups = list(restriction.groups.all())
        names = ", ".join(g.name for g in groups) or "—"
        data = {
            "restriction": restriction.pk,
            "on": str(node),
            "type": restriction.restriction_type,
            "groups": [g.name for g in groups],
        }
        if restriction.restriction_type == BaseViewRestriction.LOGIN:
            reasons.append(
                Reason(
                    _("Beschränkung auf „%(on)s“: nur angemeldete Personen – erfüllt.") % data,
                    True,
                    data,
                )
            )
        elif restriction.restriction_type == BaseViewRestriction.GROUPS:
            matching = [g.name for g in groups if g.pk in user_group_ids]
            data["via"] = matching
            if matching:
                text = _(
                    "Beschränkung auf „%(on)s“ (Gruppen: %(groups)s): erfüllt über Gruppe %(via)s."
                )
                passed = True
            else:
                text = _("Beschränkung auf „%(on)s“ (Gruppen: %(groups)s): nicht Mitglied.")
                # a superuser is let through anyway: the restriction is then only informative
                passed = None if user.is_superuser else False
            reasons.append(
                Reason(
                    text % {"on": node, "groups": names, "via": ", ".join(matching)}, passed, data
                )
            )
        else:
            reasons.append(
                Reason(
                    _("Beschränkung auf „%(on)s“: Passwort – im Intranet nicht vorgesehen.") % data,
                    False,
                    data,
                )
            )
    if not restrictions:
        reasons.append(Reason(_("Keine Ansichtsbeschränkung: für alle Angemeldeten lesbar."), True))
    return reasons


def _grant_text(data):
    """One sentence per kind of grant, with the role when the caller named it."""
    if "subtree" in data:
        if "role" in data:
            text = _(
                "Gruppe „%(group)s“ (Rolle: %(role)s) hat „%(permission)s“ "
                "auf dem Teilbaum %(subtree)s."
            )
        else:
            text = _("Gruppe „%(group)s“ hat „%(permission)s“ auf dem Teilbaum %(subtree)s.")
    elif "role" in data:
        text = _(
            "Gruppe „%(group)s“ (Rolle: %(role)s) hat „%(permission)s“ "
            "auf der Sammlung „%(collection)s“."
        )
    else:
        text = _("Gruppe „%(group)s“ hat „%(permission)s“ auf der Sammlung „%(collection)s“.")
    return text % data


def _explain_page(user, page, result, user_group_ids, role_of):
    result.can_view = core.can_view_page(user, page)
    if not page.live:
        result.view_reasons.append(Reason(_("Die Seite ist nicht veröffentlicht."), False))
    elif page.expire_at and page.expire_at <= timezone.now():
        result.view_reasons.append(Reason(_("Die Seite ist abgelaufen."), False))
    restriction_ids = PageRestrictionIndex.objects.filter(page_id=page.pk).values("restriction_id")
    restrictions = list(
        PageViewRestriction.objects.filter(pk__in=restriction_ids)
        .select_related("page")
        .prefetch_related("groups")
        .order_by("page__path")
    )
    result.view_reasons += _restriction_reasons(
        user, restrictions, lambda r: site_path(r.page.url_path), user_group_ids
    )
    result.can_edit = page.permissions_for_user(user).can_edit()
    grants = (
        GroupPagePermission.objects.filter(
            group_id__in=user_group_ids, page__path__in=_ancestor_paths(page)
        )
        .select_related("group", "page", "permission")
        .order_by("group__name", "page__path", "permission__codename")
    )
    for grant in grants:
        data = {
            "group": grant.group.name,
            "permission": grant.permission.codename,
            "subtree": site_path(grant.page.url_path),
        }
        if role_of is not None:
            data["role"] = role_of(grant.group.name)
        result.edit_reasons.append(Reason(_grant_text(data), True, data))


def _explain_collection_member(user, item, result, user_group_ids, role_of, policy):
    result.can_view = core.can_view_collection_member(user, item)
    collection = item.collection
    restriction_ids = CollectionRestrictionIndex.objects.filter(collection_id=collection.pk).values(
        "restriction_id"
    )
    restrictions = list(
        CollectionViewRestriction.objects.filter(pk__in=restriction_ids)
        .select_related("collection")
        .prefetch_related("groups")
        .order_by("collection__path")
    )
    result.view_reasons += _restriction_reasons(
        user, restrictions, lambda r: _("Sammlung %s") % r.collection.name, user_group_ids
    )
    result.can_edit = policy.user_has_permission_for_instance(user, "change", item)
    grants = (
        GroupCollectionPermission.objects.filter(
            group_id__in=user_group_ids,
            collection__path__in=_ancestor_paths(Collection.objects.get(pk=collection.pk)),
        )
        .select_related("group", "collection", "permission")
        .order_by("group__name", "collection__path", "permission__codename")
    )
    for grant in grants:
        data = {
            "group": grant.group.name,
            "permission": grant.permission.codename,
            "collection": grant.collection.name,
        }
        if role_of is not None:
            data["role"] = role_of(grant.group.name)
        result.edit_reasons.append(Reason(_grant_text(data), True, data))
    if getattr(item, "uploaded_by_user_id", None) == user.pk:
        result.edit_reasons.append(Reason(_("Die Person hat die Datei selbst hochgeladen."), True))


def explain_access(user, item, role_of=None):
    """Explain why ``user`` may or may not read and edit ``item`` (a page,
    document or image). Returns an ``Explanation``. ``role_of(group name)``,
    when given, names the role behind each group permission."""
    if isinstance(item, Page):
        kind = "page"
    elif isinstance(item, get_image_model()):
        kind = "image"
    else:
        kind = "document"
    result = Explanation(user=user, item=item, kind=kind)
    if not user.is_active:
        result.view_reasons.append(Reason(_("Das Konto ist deaktiviert."), False))
    if user.is_superuser:
        note = Reason(_("Superuser: darf alles, Beschränkungen gelten nicht."), True)
        result.view_reasons.append(note)
        result.edit_reasons.append(note)
    user_group_ids = set(Group.objects.filter(user=user).values_list("pk", flat=True))
    if kind == "page":
        _explain_page(user, item, result, user_group_ids, role_of)
    else:
        from wagtail.permissions import policy_registry

        policy = policy_registry.get_by_type(type(item))
        _explain_collection_member(user, item, result, user_group_ids, role_of, policy)
    if not user.is_superuser and not user.has_perm("wagtailadmin.access_admin"):
        result.edit_reasons.append(
            Reason(
                _(
                    "Kein Zugang zur Verwaltung (wagtailadmin.access_admin) – "
                    "Bearbeiten dort nicht möglich."
                ),
                False,
            )
        )
        result.can_edit = False
    if not result.edit_reasons:
        result.edit_reasons.append(
            Reason(_("Keine Gruppe der Person gewährt hier Bearbeitungsrechte."), False)
        )
    return result
