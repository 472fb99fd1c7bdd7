"""Benchmark of ``sync_directory``: a full sync of a city of 8,000 people
and 300 units with nested groups from a real slapd (scripts/slapd.sh), then
an incremental run after 20 changes (attributes, a disabled account, group
memberships). Targets: full < 60 s, incremental < 5 s.

It creates the 300 units in the database it is given and writes people into
it, so use a throwaway PostgreSQL (bench/README.md)."""

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cms.settings.test")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402

import ldap  # noqa: E402

from directory.sync import run_sync  # noqa: E402
from offices.models import OrgUnit  # noqa: E402
from tests.directory import generator  # noqa: E402


def start_slapd(ldif, state):
    env = {**os.environ, "LDIF": str(ldif), "SLAPD_STATE_FILE": str(state)}
    subprocess.run(["bash", str(ROOT / "scripts/slapd.sh"), "start"], env=env, check=True)
    return dict(line.split("=", 1) for line in state.read_text().splitlines() if "=" in line)


def twenty_changes(values, city):
    """10 new phone numbers, 1 disabled account, 9 group memberships moved."""
    conn = ldap.initialize(values["LDAP_URL"])
    conn.simple_bind_s(values["LDAP_ADMIN_DN"], values["LDAP_ADMIN_PASSWORD"])
    active = [p for p in city.people if p.active and not p.trainee]
    for person in active[100:110]:
        conn.modify_s(person.dn, [(ldap.MOD_REPLACE, "telephoneNumber", [b"0521 99-0000"])])
    conn.modify_s(active[200].dn, [(ldap.MOD_REPLACE, "userAccountControl", [b"514"])])
    for person in active[300:309]:
        group = f"cn={person.unit},{generator.UNITS_OU}"
        conn.modify_s(group, [(ldap.MOD_DELETE, "member", [person.dn.encode()])])
    conn.unbind_s()


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--people", type=int, default=8000)
    args = parser.parse_args()
    city = generator.build_city(people=args.people)
    with tempfile.TemporaryDirectory() as tmp:
        ldif = Path(tmp) / "city.ldif"
        ldif.write_text(generator.to_ldif(city), encoding="utf-8")
        state = Path(tmp) / "slapd.env"
        values = start_slapd(ldif, state)
        try:
            for name in ("LDAP_URL", "LDAP_BIND_DN", "LDAP_BIND_PASSWORD"):
                setattr(settings, name, values[name])
            settings.LDAP_USER_BASE = values["LDAP_USER_BASE"]
            settings.LDAP_GROUP_BASE = values["LDAP_GROUP_BASE"]
            if not OrgUnit.objects.filter(code="dez-1").exists():
                generator.create_units(city)
            start, cpu = time.perf_counter(), time.process_time()
            full = run_sync(full=True)
            full_s, full_cpu = time.perf_counter() - start, time.process_time() - cpu
            time.sleep(1.1)  # modifyTimestamp counts seconds
            twenty_changes(values, city)
            start, cpu = time.perf_counter(), time.process_time()
            incremental = run_sync()
            incremental_s = time.perf_counter() - start
            incremental_cpu = time.process_time() - cpu
        finally:
            env = {**os.environ, "SLAPD_STATE_FILE": str(state)}
            subprocess.run(["bash", str(ROOT / "scripts/slapd.sh"), "stop"], env=env, check=False)
    print(f"people in directory: {len(city.people)}, units: {len(city.units)}")
    print(f"load average at the end: {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
    print(
        f"full sync: {full_s:.1f} s (target < 60 s; {full_cpu:.1f} s CPU in this process): "
        f"{len(full.created)} created, "
        f"{len(full.memberships_added)} memberships, {len(full.skipped)} disabled/expired skipped"
    )
    print(
        f"incremental (20 changes): {incremental_s:.2f} s (target < 5 s; "
        f"{incremental_cpu:.2f} s CPU in this process): "
        f"{incremental.people_read} people and {incremental.groups_read} groups read, "
        f"{len(incremental.updated)} updated, {len(incremental.deactivated)} deactivated, "
        f"{len(incremental.memberships_removed)} memberships removed"
    )


if __name__ == "__main__":
    main()
