"""Rights providers: how the apps tell the applier which offices, areas and
workspaces a templated role of ``config/roles.yaml`` is stamped out for.

The applier knows no app. Each app that owns instances registers one
provider in its ``AppConfig.ready()``, the way search sources register::

    from cms.rights.registry import RightsProvider, register

    class OfficeRights(RightsProvider):
        per = "office"
        slots = ("members", "editors")
        page_selector = "office_intranet"
        collection_selector = "office_collection"
        def instances(self, ensure=True): ...
        def instance(self, obj, ensure=True): ...

    register(OfficeRights())

A role with ``per: office`` and ``group: editors`` then means "the editors
group of every office". Apps may also name page subtrees the role file can
select (``register_pages("start_page", function)``)."""

from dataclasses import dataclass, field

_PROVIDERS = {}
_PAGE_SELECTORS = {}


@dataclass
class Instance:
    """One office, area or workspace a templated role is stamped out for.

    ``groups`` holds the instance's groups by slot (None where missing);
    ``pages`` the page(s) its ``page_selector`` names; ``collection`` the
    collection its ``collection_selector`` names. ``restricted`` False means
    its nodes carry no view restriction (a public workspace: any existing
    one is removed); ``editable`` False means its roles grant no page or
    collection rights (an archived workspace)."""

    key: str
    label: str
    groups: dict = field(default_factory=dict)
    pages: list = field(default_factory=list)
    collection: object = None
    variables: dict = field(default_factory=dict)
    restricted: bool = True
    editable: bool = True


class RightsProvider:
    """The instances of one template kind (``per`` in the role file)."""

    per = ""
    # Group slots a role with this ``per`` may name as ``group``; empty when
    # the group is a name pattern with the instance's variables ({area_label}).
    slots = ()
    # Names the role file uses for the instance's page(s) and collection.
    page_selector = None
    collection_selector = None
    # Variables a group name pattern may use, and the values a fixed role
    # may select with ``{<per>: value}`` (e.g. ``{area: forms}``).
    variables = ()

    def instances(self, ensure=True):
        """Every instance. With ``ensure`` the provider may first create what
        it owns and the role file needs (missing groups, a collection);
        without, it writes nothing (for explanations and exports)."""
        raise NotImplementedError

    def instance(self, obj, ensure=True):
        """The instance for one object of the app (an OrgUnit, a Workspace),
        for applying the rights of that object alone; None when ``obj`` has
        no instance."""
        raise NotImplementedError

    def values(self):
        """The values a fixed role may select with ``{<per>: value}``."""
        return ()

    def pages_for(self, value):
        """The pages of the instance selected by ``value`` (see ``values``)."""
        return []


def register(provider):
    """Make ``provider`` the source of the instances of its ``per``."""
    if not provider.per:
        raise ValueError(f"Invalid rights provider: {provider!r}")
    _PROVIDERS[provider.per] = provider
    return provider


def providers():
    """The registered providers, by ``per``."""
    return dict(_PROVIDERS)


def provider(per):
    """The provider for ``per`` or None."""
    return _PROVIDERS.get(per)


def register_pages(name, function):
    """Let the role file select ``function()`` (a list of pages) as
    ``subtree: <name>``."""
    _PAGE_SELECTORS[name] = function
    return function


def page_selectors():
    """The named page selectors apps registered, by name."""
    return dict(_PAGE_SELECTORS)
