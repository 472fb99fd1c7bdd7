"""The permission core. Every channel that shows content asks these
functions (defined in ``core``) which pages, documents and images a user
may see. They are imported lazily so the app can load before the models."""

__all__ = [
    "can_view_collection_member",
    "can_view_document",
    "can_view_image",
    "can_view_page",
    "collection_restriction_keys",
    "failed_collection_restriction_ids",
    "failed_restriction_keys",
    "page_restriction_keys",
    "failed_page_restriction_ids",
    "forget",
    "hidden_collection_ids",
    "published_by_page",
    "visible_by_page",
    "visible_collection_members",
    "visible_documents",
    "visible_images",
    "visible_pages",
]


def __getattr__(name):
    if name in __all__:
        from . import core

        return getattr(core, name)
    raise AttributeError(name)
