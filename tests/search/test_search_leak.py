"""The permission leak test extended to the search channel, on the real engine.

Each case builds a random intranet from a fixed seed: groups, people with
random memberships, a page tree with nested group restrictions, news with
tags and issuing offices, and restricted document collections. Every item
carries a distinctive made-up word (from letters that form no compound part
and are far apart, so fuzzy matching cannot bridge two of them) and the
common word "gemeinsam".

An oracle in this file, knowing nothing of ``cms.permissions`` or the index,
decides visibility by walking its own record of the restrictions above each
item. For every person: the results, the total, every facet count, the
highlights, "did you mean" and the autocomplete must reflect exactly the
visible set. Then a person joins a group and, without re-indexing, sees
the group's items."""

import random

from django.contrib.auth.models import Group

import pytest
from wagtail.models import (
    BaseViewRestriction,
    Collection,
    CollectionViewRestriction,
    PageViewRestriction,
)

from search.query import search, suggest
from tests import factories

pytestmark = [pytest.mark.django_db, pytest.mark.search_engine]

ALPHABET = "qxjzvkwyf"  # no German compound part can be spelled with these


def made_up_word(rng, taken):
    while True:
        word = "".join(rng.choice(ALPHABET) for _ in range(9))
        if all(sum(a != b for a, b in zip(word, other, strict=True)) >= 5 for other in taken):
            taken.add(word)
            return word


class Intranet:
    """What was built, and the oracle's own record of the restrictions."""

    def __init__(self):
        self.items = []  # (kind, pk, word, [restriction group sets], extra)
        self.users = []


def restrict(model, target_field, target, groups):
    restriction = model.objects.create(
        **{target_field: target}, restriction_type=BaseViewRestriction.GROUPS
    )
    restriction.groups.set(groups)
    restriction.save()


def build(seed, home_page, news_index):
    rng = random.Random(seed)
    taken = set()
    world = Intranet()
    groups = [Group.objects.create(name=f"Gruppe {seed}-{i}") for i in range(3)]
    offices = [factories.OrgUnitFactory(code=f"amt-l{seed}{i}") for i in range(3)]

    def maybe_groups():
        return rng.sample(groups, rng.randint(1, 2)) if rng.random() < 0.5 else None

    # Pages: top-level sections, some restricted, with children that may add
    # a second restriction.
    for s in range(3):
        word = made_up_word(rng, taken)
        section = factories.ContentPageFactory(
            parent=home_page, title=f"Gemeinsam {word}", slug=f"bereich-{s}"
        )
        chain = []
        need = maybe_groups()
        if need:
            restrict(PageViewRestriction, "page", section, need)
            chain = [set(need)]
        world.items.append(("page", section.pk, word, chain, {}))
        for c in range(2):
            word = made_up_word(rng, taken)
            child = factories.ContentPageFactory(
                parent=section,
                title=f"Gemeinsam {word}",
                slug=f"seite-{s}-{c}",
                body=[("paragraph", f"<p>Gemeinsam mit {word} im Text.</p>")],
            )
            child_chain = list(chain)
            need = maybe_groups()
            if need:
                restrict(PageViewRestriction, "page", child, need)
                child_chain.append(set(need))
            world.items.append(("page", child.pk, word, child_chain, {}))
    # News with a distinctive tag and an issuing office.
    for n in range(3):
        word = made_up_word(rng, taken)
        office = rng.choice(offices)
        news = factories.NewsPageFactory(
            parent=news_index,
            title=f"Gemeinsam {word}",
            slug=f"nachricht-{n}",
            issuing_office=office,
        )
        news.tags.add(f"tag{word}")
        news.save()
        chain = []
        need = maybe_groups()
        if need:
            restrict(PageViewRestriction, "page", news, need)
            chain = [set(need)]
        world.items.append(("page", news.pk, word, chain, {"tag": f"tag{word}"}))
    # Documents in nested collections.
    root = Collection.get_first_root_node()
    for c in range(2):
        collection = root.add_child(name=f"Sammlung {seed}-{c}")
        chain = []
        need = maybe_groups()
        if need:
            restrict(CollectionViewRestriction, "collection", collection, need)
            chain = [set(need)]
        inner = collection.add_child(name=f"Unter {seed}-{c}")
        inner_chain = list(chain)
        need = maybe_groups()
        if need:
            restrict(CollectionViewRestriction, "collection", inner, need)
            inner_chain.append(set(need))
        for target, target_chain in ((collection, chain), (inner, inner_chain)):
            word = made_up_word(rng, taken)
            doc = factories.DocumentFactory(collection=target, title=f"Gemeinsam {word}")
            world.items.append(("document", doc.pk, word, target_chain, {}))
    # People: one per group profile, an outsider, a superuser.
    for i in range(4):
        user = factories.UserFactory(username=f"leser-{seed}-{i}")
        user.groups.set(rng.sample(groups, rng.randint(0, 2)) if i else [])
        world.users.append(user)
    world.users.append(factories.UserFactory(username=f"chef-{seed}", is_superuser=True))
    world.groups = groups
    return world


def oracle_visible(world, user):
    """(kind, pk) of the items the user may see, by the oracle's record."""
    if user.is_superuser:
        return {(kind, pk) for kind, pk, *_ in world.items}
    mine = set(user.groups.all())
    return {
        (kind, pk)
        for kind, pk, _word, chain, _extra in world.items
        if all(mine & needed for needed in chain)
    }


def hits(result):
    return {(item["kind"], item["id"]) for item in result.items}


def check_person(world, user):
    visible = oracle_visible(world, user)
    ours = {(kind, pk) for kind, pk, *_ in world.items}
    result = search(user, "Gemeinsam", per_page=50, record=False)
    # Only our items carry the common word (the start pages do not).
    assert hits(result) & ours == visible, user.username
    assert result.total == len(hits(result)) == len(visible)
    for name in ("silo", "content_type"):
        assert sum(e["count"] for e in result.facets[name]) == result.total
    hidden = [entry for entry in world.items if (entry[0], entry[1]) not in visible]
    shown_tags = {e["value"] for e in result.facets["tags"]}
    for _kind, _pk, word, _chain, extra in hidden:
        assert extra.get("tag") not in shown_tags
        for item in result.items:
            text = item["highlight"]["title"] + " ".join(item["highlight"]["snippets"])
            assert word not in text.lower()
    for kind, pk, word, _chain, _extra in world.items:
        found = search(user, word, record=False)
        if (kind, pk) in visible:
            assert hits(found) == {(kind, pk)}, (user.username, word)
        else:
            assert found.total == 0 and not found.items, (user.username, word)
            for entries in found.facets.values():
                assert all(e["count"] == 0 for e in entries), (user.username, word, entries)
            # A typo of the hidden word must not be corrected towards it.
            typo = word[:4] + word[5] + word[4] + word[6:]
            assert search(user, typo, record=False).suggestion in (None, typo)
            assert all(word not in s.lower() for s in suggest(user, word[:6]))


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_search_never_shows_or_counts_hidden_items(
    seed, search_engine, indexed, home_page, news_index
):
    world = build(seed, home_page, news_index)
    indexed()
    for user in world.users:
        check_person(world, user)
    # Group membership changes need no re-indexing.
    outsider = world.users[0]
    outsider.groups.add(world.groups[0])
    outsider = type(outsider).objects.get(pk=outsider.pk)  # fresh object, no cached keys
    check_person(world, outsider)
