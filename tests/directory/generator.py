"""An AD-like directory of the city as LDIF, for the tests and the benchmark.

300 units (10 Dezernate, 60 Ämter, 230 Sachgebiete) each with a group under
ou=einheiten; function groups (Leitung, Stellvertretung, Redaktion) per Amt
under ou=funktionen; role groups under ou=rollen. Nested groups: trainees
sit in a group ``<amt>-azubis`` (ou=teams) that is a member of the Amt's
group, the editors of each Amt include a nested ``<amt>-redaktion-vertretung``
group, and the central editorial role holds the nested group
``redaktion-kern``. Every 97th person is disabled (userAccountControl 514),
every 101st has expired (accountExpires in the past) and every 103rd has an
expired shadowExpire. The same input always gives the same directory."""

import datetime
from dataclasses import dataclass, field

BASE = "dc=stadt,dc=test"
PEOPLE = f"ou=people,{BASE}"
GROUPS = f"ou=groups,{BASE}"
UNITS_OU = f"ou=einheiten,{GROUPS}"
FUNCTIONS_OU = f"ou=funktionen,{GROUPS}"
ROLES_OU = f"ou=rollen,{GROUPS}"
TEAMS_OU = f"ou=teams,{GROUPS}"
FILETIME_EPOCH = datetime.datetime(1601, 1, 1, tzinfo=datetime.UTC)


@dataclass
class Unit:
    """A unit of the generated tree."""

    code: str
    name: str
    kind: str
    parent: str = ""


@dataclass
class Person:
    """A person of the generated directory."""

    uid: str
    first_name: str
    last_name: str
    unit: str
    disabled: bool = False
    expired: bool = False
    trainee: bool = False

    @property
    def dn(self):
        return f"uid={self.uid},{PEOPLE}"

    @property
    def active(self):
        return not (self.disabled or self.expired)


@dataclass
class City:
    """The generated directory: units, people and group memberships."""

    units: list = field(default_factory=list)
    people: list = field(default_factory=list)
    heads: dict = field(default_factory=dict)  # amt code → uid
    editors: dict = field(default_factory=dict)  # amt code → [uid] (direct)
    nested_editors: dict = field(default_factory=dict)  # amt code → [uid] (via nested group)
    central_editors: list = field(default_factory=list)

    def person(self, uid):
        return next(p for p in self.people if p.uid == uid)


FIRST = ["Anna", "Ben", "Clara", "David", "Elif", "Finn", "Greta", "Hakan", "Ida", "Jonas"]
LAST = ["Müller", "Schmidt", "Yilmaz", "Weber", "Fischer", "Becker", "Wagner", "Nowak"]


def build_city(people=1200, departments=10, offices_per_department=6, teams=230):
    """The units and people of a city of this size (300 units by default)."""
    city = City()
    offices = []
    for d in range(1, departments + 1):
        city.units.append(Unit(f"dez-{d}", f"Dezernat {d}", "department"))
        for o in range(1, offices_per_department + 1):
            code = f"amt-{d}{o:02d}"
            offices.append(code)
            city.units.append(Unit(code, f"Amt {d}{o:02d}", "office", f"dez-{d}"))
    team_codes = []
    for t in range(teams):
        office = offices[t % len(offices)]
        code = f"sg-{office[4:]}-{t // len(offices) + 1}"
        team_codes.append(code)
        city.units.append(Unit(code, f"Sachgebiet {code[3:]}", "team", office))
    places = offices + team_codes
    for i in range(1, people + 1):
        uid = f"u{i:05d}"
        city.people.append(
            Person(
                uid=uid,
                first_name=FIRST[i % len(FIRST)],
                last_name=f"{LAST[i % len(LAST)]}{i}",
                unit=places[i % len(places)],
                disabled=i % 97 == 0,
                expired=i % 101 == 0 or i % 103 == 0,
                trainee=i % 50 == 7,
            )
        )
    active = [p for p in city.people if p.active and not p.trainee]
    for office in offices:
        staff = [p for p in active if p.unit == office or p.unit.startswith(f"sg-{office[4:]}-")]
        if len(staff) >= 4:
            city.heads[office] = staff[0].uid
            city.editors[office] = [staff[1].uid]
            city.nested_editors[office] = [staff[2].uid]
    city.central_editors = [p.uid for p in active[:5]]
    return city


def _filetime(moment):
    return int((moment - FILETIME_EPOCH).total_seconds() * 10_000_000)


def _entry(dn, lines):
    return "\n".join([f"dn: {dn}", *lines]) + "\n\n"


def _group(cn, ou, members):
    # groupOfNames needs at least one member; an empty group names itself.
    values = members or [f"cn={cn},{ou}"]
    return _entry(
        f"cn={cn},{ou}",
        ["objectClass: groupOfNames", f"cn: {cn}", *[f"member: {m}" for m in values]],
    )


def to_ldif(city):
    """The LDIF (entries below the base; scripts/slapd.sh adds the base, the
    ou=people/groups/service entries and the service account)."""
    now = datetime.datetime.now(datetime.UTC)
    out = []
    for ou in ("einheiten", "funktionen", "rollen", "teams"):
        out.append(_entry(f"ou={ou},{GROUPS}", ["objectClass: organizationalUnit", f"ou: {ou}"]))
    for p in city.people:
        lines = [
            "objectClass: inetOrgPerson",
            "objectClass: intranetAccount",
            "objectClass: shadowAccount",
            f"uid: {p.uid}",
            f"cn: {p.first_name} {p.last_name}",
            f"givenName: {p.first_name}",
            f"sn: {p.last_name}",
            f"mail: {p.uid}@stadt.test",
            f"telephoneNumber: 0521 51-{p.uid[1:]}",
            f"roomNumber: {int(p.uid[1:]) % 400 + 100}",
            "title: Sachbearbeitung",
            f"employeeNumber: P{p.uid[1:]}",
            f"physicalDeliveryOfficeName: {p.unit}",
            f"userPassword: pw{p.uid[1:]}",
            f"userAccountControl: {514 if p.disabled else 512}",
        ]
        if p.expired and int(p.uid[1:]) % 101 == 0:
            lines.append(f"accountExpires: {_filetime(now - datetime.timedelta(days=3))}")
        else:
            lines.append("accountExpires: 9223372036854775807")
        if p.expired and int(p.uid[1:]) % 103 == 0:
            lines.append(f"shadowExpire: {(now.date() - datetime.date(1970, 1, 1)).days - 2}")
        out.append(_entry(p.dn, lines.copy()))
    for unit in city.units:
        members = [p.dn for p in city.people if p.unit == unit.code and not p.trainee]
        if unit.kind == "office":
            trainees = [p.dn for p in city.people if p.trainee and _office_of(p.unit) == unit.code]
            if trainees:
                out.append(_group(f"{unit.code}-azubis", TEAMS_OU, trainees))
                members.append(f"cn={unit.code}-azubis,{TEAMS_OU}")
        out.append(_group(unit.code, UNITS_OU, members))
    for office, head in city.heads.items():
        out.append(_group(f"{office}-leitung", FUNCTIONS_OU, [f"uid={head},{PEOPLE}"]))
        nested = f"cn={office}-redaktion-vertretung,{TEAMS_OU}"
        out.append(
            _group(
                f"{office}-redaktion-vertretung",
                TEAMS_OU,
                [f"uid={u},{PEOPLE}" for u in city.nested_editors[office]],
            )
        )
        out.append(
            _group(
                f"{office}-redaktion",
                FUNCTIONS_OU,
                [f"uid={u},{PEOPLE}" for u in city.editors[office]] + [nested],
            )
        )
    out.append(
        _group("redaktion-kern", TEAMS_OU, [f"uid={u},{PEOPLE}" for u in city.central_editors])
    )
    out.append(_group("intranet-zentrale-redaktion", ROLES_OU, [f"cn=redaktion-kern,{TEAMS_OU}"]))
    return "".join(out)


def _office_of(code):
    if code.startswith("amt-"):
        return code
    return "amt-" + code.split("-")[1]


def create_units(city):
    """The city's units in the database with their groups (no office
    intranets; ``offices.services.ensure_office_intranet`` gives one where a
    test needs it). Returns ``{code: OrgUnit}``."""
    from offices import services
    from offices.models import OrgUnit

    created = {}
    with services.sync_suspended():
        for kind in ("department", "office", "team"):
            batch = [
                OrgUnit(
                    code=u.code,
                    name=u.name,
                    kind=u.kind,
                    parent=created.get(u.parent),
                )
                for u in city.units
                if u.kind == kind
            ]
            for unit in OrgUnit.objects.bulk_create(batch):
                created[unit.code] = unit
        for unit in created.values():
            services.ensure_unit_groups(unit)
    return created
