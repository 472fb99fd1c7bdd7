"""A real OpenLDAP (scripts/slapd.sh) with the generated city for the
directory tests: started once per session, stopped at its end. Tests that
change entries over LDAP undo their changes (``directory_edit``)."""

import os
import subprocess
from pathlib import Path

import ldap
import ldap.modlist
import pytest

from . import generator

ROOT = Path(__file__).resolve().parents[2]
PEOPLE = 1200  # more than the size limit of 1,000: unpaged code would fail


@pytest.fixture(scope="session")
def city():
    """The generated city (units and people) the directory holds."""
    return generator.build_city(people=PEOPLE)


@pytest.fixture(scope="session")
def slapd(city, tmp_path_factory):
    """The running directory: ``{"url", "bind_dn", "bind_password", "admin_dn", …}``."""
    base = tmp_path_factory.mktemp("slapd")
    ldif = base / "city.ldif"
    ldif.write_text(generator.to_ldif(city), encoding="utf-8")
    state = base / "slapd.env"
    env = {**os.environ, "LDIF": str(ldif), "SLAPD_STATE_FILE": str(state)}
    subprocess.run(
        ["bash", str(ROOT / "scripts" / "slapd.sh"), "start"],
        env=env,
        check=True,
        capture_output=True,
        text=True,
    )
    values = dict(line.split("=", 1) for line in state.read_text().splitlines() if "=" in line)
    yield values
    subprocess.run(["bash", str(ROOT / "scripts" / "slapd.sh"), "stop"], env=env, check=False)


@pytest.fixture
def directory(slapd, settings):
    """The settings pointing at the test directory."""
    settings.LDAP_URL = slapd["LDAP_URL"]
    settings.LDAP_BIND_DN = slapd["LDAP_BIND_DN"]
    settings.LDAP_BIND_PASSWORD = slapd["LDAP_BIND_PASSWORD"]
    settings.LDAP_USER_BASE = slapd["LDAP_USER_BASE"]
    settings.LDAP_GROUP_BASE = slapd["LDAP_GROUP_BASE"]
    settings.LDAP_DIALECT = "openldap"
    settings.DIRECTORY_CONFIG = str(ROOT / "config" / "directory.yaml")
    settings.DIRECTORY_MAX_DEACTIVATE_PERCENT = 5
    return slapd


@pytest.fixture
def units(db, city):
    """The city's 300 units in the database."""
    return generator.create_units(city)


class DirectoryEdit:
    """Changes to the test directory over LDAP as its administrator, undone
    at the end of the test so that the next test sees the generated city."""

    def __init__(self, slapd):
        self.conn = ldap.initialize(slapd["LDAP_URL"])
        self.conn.simple_bind_s(slapd["LDAP_ADMIN_DN"], slapd["LDAP_ADMIN_PASSWORD"])
        self.undo = []

    def replace(self, dn, attribute, values):
        """Set ``attribute`` of ``dn`` to ``values`` (list of str)."""
        old = self.conn.search_s(dn, ldap.SCOPE_BASE, attrlist=[attribute])[0][1].get(attribute)
        self.conn.modify_s(dn, [(ldap.MOD_REPLACE, attribute, [v.encode() for v in values])])
        self.undo.append(lambda: self.conn.modify_s(dn, [(ldap.MOD_REPLACE, attribute, old)]))

    def remove_member(self, group_dn, member_dn):
        self.conn.modify_s(group_dn, [(ldap.MOD_DELETE, "member", [member_dn.encode()])])
        self.undo.append(
            lambda: self.conn.modify_s(group_dn, [(ldap.MOD_ADD, "member", [member_dn.encode()])])
        )

    def rename(self, dn, new_rdn):
        """Rename an entry (modrdn), keeping its entryUUID."""
        self.conn.rename_s(dn, new_rdn, delold=1)
        parent = dn.split(",", 1)[1]
        old_rdn = dn.split(",", 1)[0]
        self.undo.append(lambda: self.conn.rename_s(f"{new_rdn},{parent}", old_rdn, delold=1))

    def delete(self, dn):
        entry = self.conn.search_s(dn, ldap.SCOPE_BASE, attrlist=["*"])[0][1]
        self.conn.delete_s(dn)
        self.undo.append(lambda: self.conn.add_s(dn, ldap.modlist.addModlist(entry)))

    def close(self):
        for step in reversed(self.undo):
            step()
        self.conn.unbind_s()


@pytest.fixture
def directory_edit(directory):
    """A ``DirectoryEdit`` undone after the test."""
    edit = DirectoryEdit(directory)
    yield edit
    edit.close()
