"""What the apps contribute to the frame of every rendered page and to the
profile page ``/profil/``.

The frame (cms/templates/base.html) and the profile page (offices) show the
reader's offices, workspaces and the accessibility statement, but must not
import the apps that know them. Each app registers its part here in
``AppConfig.ready()``, the way search sources register (search/sources.py):

    from cms import navigation

    navigation.register_quick_access(
        "workspaces", _("Meine Arbeitsräume"), profile.workspace_pages_of, order=20
    )
    navigation.register_profile_section(
        "workspaces", "workspaces/profile_section.html", profile.profile_section, order=20
    )
    navigation.register_frame_value("accessibility_statement", accessibility_statement_for)

Every callable takes the signed-in user and returns only what the permission
core lets that user see, at a fixed number of queries (tests/cms/
test_query_counts.py holds every page type to that)."""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class QuickAccess:
    """One group of links in the header's quick access („Meine Ämter“ …):
    ``pages(user)`` gives the pages, ``key`` the group's HTML id suffix."""

    key: str
    label: Any
    pages: Callable
    order: int = 100


@dataclass(frozen=True)
class ProfileSection:
    """One section of the profile page: ``template`` is included with
    ``section`` set to ``context(user)`` (a dict)."""

    key: str
    template: str
    context: Callable
    order: int = 100


_QUICK_ACCESS = {}
_PROFILE_SECTIONS = {}
_FRAME_VALUES = {}


def register_quick_access(key, label, pages, order=100):
    """Add a group of links to the quick access (a second registration under
    the same ``key`` replaces the first, so ``ready()`` may run twice)."""
    _QUICK_ACCESS[key] = QuickAccess(key, label, pages, order)
    return _QUICK_ACCESS[key]


def quick_access():
    """The registered quick access groups, by ``order``, then ``key``."""
    return sorted(_QUICK_ACCESS.values(), key=lambda entry: (entry.order, entry.key))


def register_profile_section(key, template, context, order=100):
    """Add a section to the profile page (same ``key``: replaced)."""
    _PROFILE_SECTIONS[key] = ProfileSection(key, template, context, order)
    return _PROFILE_SECTIONS[key]


def profile_sections():
    """The registered profile sections, by ``order``, then ``key``."""
    return sorted(_PROFILE_SECTIONS.values(), key=lambda entry: (entry.order, entry.key))


def register_frame_value(name, factory):
    """Make ``factory(user)`` the template variable ``name`` of every rendered
    page, computed once and only when a template uses it."""
    _FRAME_VALUES[name] = factory
    return factory


def frame_values():
    """The registered frame values, by name."""
    return dict(_FRAME_VALUES)
