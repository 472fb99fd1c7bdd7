"""People, units, office memberships and office intranets of the scale data set.

Rows are written with ``bulk_create``; the groups, restrictions, rights and
collections of the units and offices come from the same services that
``import_org`` uses (``offices.services``), so they are exactly what a real
import would produce."""

from collections import defaultdict

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.utils.text import slugify

from offices import services as office_services
from offices.models import Membership, OfficeIntranetPage, OrgUnit

from .tree import Node

CODE_PREFIX = "s-"  # every unit of the scale data set; also the re-run marker
USERNAME_PREFIX = "ma"


def unit_levels(total):
    """How many departments, offices, divisions and teams make ``total`` units."""
    departments = max(1, round(total * 0.03))
    offices = max(1, round(total * 0.2))
    divisions = max(1, round(total * 0.3))
    teams = max(0, total - departments - offices - divisions)
    return departments, offices, divisions, teams


def username(number):
    """The login name of the ``number``-th person (1-based): ma00001 …"""
    return f"{USERNAME_PREFIX}{number:05d}"


def build_units(text, total):
    """Four levels of units (Dezernat → Amt → Abteilung → Sachgebiet), each
    level's parents assigned round-robin. Returns ``{kind: [OrgUnit]}``."""
    departments, offices, divisions, teams = unit_levels(total)
    created = {}
    dep_units = [
        OrgUnit(
            code=f"{CODE_PREFIX}dez-{d}",
            name=f"Dezernat S{d} – {text.topic()}",
            short_name=f"Dez. S{d}",
            kind=OrgUnit.Kind.DEPARTMENT,
        )
        for d in range(1, departments + 1)
    ]
    created[OrgUnit.Kind.DEPARTMENT] = OrgUnit.objects.bulk_create(dep_units)
    office_units = []
    for o in range(1, offices + 1):
        topic = text.topic()
        office_units.append(
            OrgUnit(
                code=f"{CODE_PREFIX}amt-{o:03d}",
                name=f"Amt {o:03d} – {topic}",
                short_name=f"Amt {o:03d}",
                kind=OrgUnit.Kind.OFFICE,
                parent=dep_units[(o - 1) % departments],
                email=f"amt{o:03d}@stadt.example",
                phone=f"0123 45-{o:03d}0",
            )
        )
    created[OrgUnit.Kind.OFFICE] = OrgUnit.objects.bulk_create(office_units)
    div_units = [
        OrgUnit(
            code=f"{CODE_PREFIX}abt-{v:03d}",
            name=f"Abteilung {text.topic()} ({v})",
            kind=OrgUnit.Kind.DIVISION,
            parent=office_units[(v - 1) % offices],
        )
        for v in range(1, divisions + 1)
    ]
    created[OrgUnit.Kind.DIVISION] = OrgUnit.objects.bulk_create(div_units)
    team_units = [
        OrgUnit(
            code=f"{CODE_PREFIX}sg-{t:03d}",
            name=f"Sachgebiet {text.topic()} ({t})",
            kind=OrgUnit.Kind.TEAM,
            parent=div_units[(t - 1) % divisions],
        )
        for t in range(1, teams + 1)
    ]
    created[OrgUnit.Kind.TEAM] = OrgUnit.objects.bulk_create(team_units)
    return created


def build_people(text, count, password):
    """``count`` active employees sharing one password hash (hashing 8,000
    passwords one by one would take minutes). Returns the users in order."""
    User = get_user_model()
    hashed = make_password(password)
    users = []
    for number in range(1, count + 1):
        first, last = text.name()
        name = username(number)
        users.append(
            User(
                username=name,
                first_name=first,
                last_name=last,
                email=f"{name}@stadt.example",
                password=hashed,
                is_active=True,
            )
        )
    return User.objects.bulk_create(users, batch_size=2000)


def office_subtrees(units):
    """``{office: [the office, its divisions, their teams]}``."""
    below = defaultdict(list)
    for kind in (OrgUnit.Kind.DIVISION, OrgUnit.Kind.TEAM):
        for unit in units[kind]:
            below[unit.parent_id].append(unit)
    result = {}
    for office in units[OrgUnit.Kind.OFFICE]:
        members = [office]
        todo = list(below[office.pk])
        while todo:
            unit = todo.pop(0)
            members.append(unit)
            todo.extend(below[unit.pk])
        result[office] = members
    return result


def build_memberships(rng, units, users):
    """Every person in exactly one unit of one office's subtree (mostly a team);
    offices differ in size. The first three people of an office are its head,
    deputy and editor. Returns ``{user_id: office}``."""
    subtrees = office_subtrees(units)
    offices = list(subtrees)
    weights = [rng.uniform(0.3, 3.0) for _ in offices]
    rows, office_of, seen = [], {}, defaultdict(int)
    functions = (
        Membership.Function.HEAD,
        Membership.Function.DEPUTY,
        Membership.Function.EDITOR,
    )
    # Every office gets at least its three leading people, then the rest by weight.
    order = [offices[i % len(offices)] for i in range(min(len(users), 3 * len(offices)))]
    order += rng.choices(offices, weights=weights, k=len(users) - len(order))
    for user, office in zip(users, order, strict=True):
        index = seen[office]
        seen[office] += 1
        if index < len(functions):
            unit, function = office, functions[index]
        else:
            candidates = subtrees[office]
            unit = candidates[rng.randrange(len(candidates))]
            function = Membership.Function.MEMBER
        rows.append(Membership(user=user, unit=unit, function=function))
        office_of[user.pk] = office
    Membership.objects.bulk_create(rows, batch_size=5000)
    return office_of


def sync_groups(units):
    """Members and editors groups of the new units, filled from the memberships
    by the service ``import_org`` uses (audit entries written in bulk)."""
    all_units = [unit for level in units.values() for unit in level]
    with office_services.sync_suspended():
        for unit in all_units:
            office_services.ensure_unit_groups(unit)
        return office_services.sync_unit_groups(all_units)


def build_office_intranets(writer, office_index, offices):
    """The intranet page of every new office below „Ämter“, then its
    restriction, rights and collection through ``ensure_office_intranet``.
    Returns ``{office: Node}`` of the intranet pages."""
    parent = Node.of(office_index)
    nodes = {}
    for office in offices:
        page = OfficeIntranetPage(
            title=office.name,
            slug=slugify(office.code),
            unit=office,
            summary=f"Das Intranet von {office.name}.",
            intro=f"<p>Willkommen im Intranet von {office.name}.</p>",
            contact_email=office.email,
            contact_phone=office.phone,
        )
        nodes[office] = writer.add(parent, page)
    writer.flush()
    for office in offices:
        office_services.ensure_office_intranet(office)
    return nodes
