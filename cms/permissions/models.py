"""Denormalised indexes of which view restrictions govern which item.

Wagtail's own PageViewRestriction and CollectionViewRestriction stay the
source of truth. These tables record, for every page and collection, each
restriction on it or on one of its ancestors, so that "visible to this user"
is one anti-join against the user's failed restrictions, whatever the number
of restricted areas."""

from django.db import models

from wagtail.models import Collection, CollectionViewRestriction, Page, PageViewRestriction


class PageRestrictionIndex(models.Model):
    """One row per (page, restriction that governs the page)."""

    page = models.ForeignKey(Page, on_delete=models.CASCADE, related_name="+", db_index=False)
    restriction = models.ForeignKey(PageViewRestriction, on_delete=models.CASCADE, related_name="+")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["page", "restriction"], name="unique_page_restriction")
        ]

    def __str__(self):
        return f"page {self.page_id} ← restriction {self.restriction_id}"


class CollectionRestrictionIndex(models.Model):
    """One row per (collection, restriction that governs the collection)."""

    collection = models.ForeignKey(
        Collection, on_delete=models.CASCADE, related_name="+", db_index=False
    )
    restriction = models.ForeignKey(
        CollectionViewRestriction, on_delete=models.CASCADE, related_name="+"
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["collection", "restriction"], name="unique_collection_restriction"
            )
        ]

    def __str__(self):
        return f"collection {self.collection_id} ← restriction {self.restriction_id}"
