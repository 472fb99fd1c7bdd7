"""The start page of the seeded demo, with every stylesheet and script it
references, weighs less than 200 KB, and nothing is loaded from another host
(no CDN, no font service)."""

import re
from html.parser import HTMLParser

from django.conf import settings
from django.contrib.staticfiles import finders

import pytest

from tests.seeded import seeded_demo

BUDGET = 200 * 1024


class References(HTMLParser):
    """Collects the stylesheets, scripts, images, frames and fonts a page loads."""

    def __init__(self):
        super().__init__()
        self.stylesheets, self.scripts, self.other = [], [], []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "link" and "stylesheet" in (attrs.get("rel") or "").split():
            self.stylesheets.append(attrs["href"])
        elif tag == "link" and attrs.get("href"):
            self.other.append(attrs["href"])
        elif tag == "script" and attrs.get("src"):
            self.scripts.append(attrs["src"])
        elif tag in ("img", "iframe", "source", "video", "audio", "track") and attrs.get("src"):
            self.other.append(attrs["src"])


def is_external(url):
    """Served by another host (the test client's own host is ours)."""
    return bool(re.match(r"^(https?:)?//", url)) and not re.match(r"^(https?:)?//testserver/", url)


def static_bytes(url):
    """The content of a file below STATIC_URL, found by the static finders."""
    url = re.sub(r"^(https?:)?//testserver", "", url)
    assert url.startswith(settings.STATIC_URL), f"{url} is not a static file"
    path = finders.find(url[len(settings.STATIC_URL) :].split("?")[0])
    assert path, f"{url} not found by the static finders"
    with open(path, "rb") as handle:
        return handle.read()


@pytest.fixture(autouse=True)
def _media_root():
    """Overrides the suite's per-test media folder: the seeded pictures live in
    the module's media folder (see ``demo``)."""


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker, tmp_path_factory):
    """The seeded demo, rolled back at the end of the module."""
    media = tmp_path_factory.mktemp("weight-media")
    with seeded_demo(django_db_blocker, MEDIA_ROOT=media):
        yield


@pytest.fixture
def start_page(demo, client):
    from django.contrib.auth import get_user_model

    client.force_login(get_user_model().objects.get(username="mitarbeiter"))
    response = client.get("/")
    assert response.status_code == 200
    html = response.content
    refs = References()
    refs.feed(html.decode())
    return html, refs


@pytest.mark.django_db
def test_start_page_with_its_css_and_js_is_under_200_kb(start_page):
    html, refs = start_page
    assert refs.stylesheets and refs.scripts, "the page should load our CSS and JS"
    assets = {url: len(static_bytes(url)) for url in refs.stylesheets + refs.scripts}
    total = len(html) + sum(assets.values())
    assert total < BUDGET, f"{total} bytes: HTML {len(html)}, {assets}"
    # The measurement counts what it should: the page has real content.
    assert b"<article" in html or b"card" in html
    assert len(html) > 5_000


@pytest.mark.django_db
def test_editors_get_the_user_bar_and_readers_do_not(demo, client):
    """The user bar (about 850 KB) is for those who may edit the page; a
    workspace owner may open the admin but not edit the start page."""
    from django.contrib.auth import get_user_model

    users = get_user_model().objects
    owner = users.get(username="projekt")
    assert owner.has_perm("wagtailadmin.access_admin")
    client.force_login(owner)
    assert b"wagtail-userbar" not in client.get("/").content
    client.force_login(users.get(username="redaktion"))
    assert b"wagtail-userbar" in client.get("/").content


@pytest.mark.django_db
def test_nothing_is_loaded_from_another_host(start_page):
    html, refs = start_page
    external = [url for url in refs.stylesheets + refs.scripts + refs.other if is_external(url)]
    assert external == []
    for url in refs.stylesheets:
        css = static_bytes(url).decode()
        imports = re.findall(r"@import|url\(\s*['\"]?(?:https?:)?//", css)
        assert imports == [], f"{url} loads from elsewhere: {imports}"


def test_the_reference_parser_finds_external_assets():
    """Guards the guard: an external font or script would be noticed."""
    refs = References()
    refs.feed(
        '<link rel="stylesheet" href="https://fonts.example/css">'
        '<script src="//cdn.example/lib.js"></script><img src="/bilder/1/" alt="">'
    )
    assert [is_external(url) for url in refs.stylesheets + refs.scripts] == [True, True]
    assert refs.other == ["/bilder/1/"]
