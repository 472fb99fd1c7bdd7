"""The one place for rights. ``config/roles.yaml`` declares the roles;
apps register providers for the offices, areas and workspaces the
templated roles are stamped out for (registry.py); the applier grants and
revokes everything (applier.py). The read-visibility core
(``cms.permissions``) only reads what is written here.

Public functions are imported lazily, so apps can import this package in
``AppConfig.ready()`` before the models are loaded."""

__all__ = [
    "apply_instance",
    "apply_roles",
    "fixed_group_name",
    "load_roles",
    "role_labels",
    "slot_rights",
]

_HOMES = {
    "apply_instance": "applier",
    "apply_roles": "applier",
    "fixed_group_name": "state",
    "load_roles": "roles",
    "role_labels": "state",
    "slot_rights": "state",
}


def __getattr__(name):
    if name in _HOMES:
        from importlib import import_module

        return getattr(import_module(f"{__name__}.{_HOMES[name]}"), name)
    raise AttributeError(name)
