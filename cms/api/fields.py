"""Serializer fields used in the models' ``api_fields``: related objects as small JSON objects, and
the computed, per-reader fields of the start page. Every field that shows
another item asks the permission core whether the reader may see it."""

from rest_framework.fields import Field

from cms.blocks import document_api_representation, image_api_representation


def _request_user(field):
    request = field.context.get("request")
    return getattr(request, "user", None)


class OrgUnitField(Field):
    """A unit of the org structure as ``{"id", "code", "name"}``."""

    def to_representation(self, unit):
        return {"id": unit.pk, "code": unit.code, "name": unit.name, "short_name": unit.short_name}


class PersonField(Field):
    """A person (owner, deputy) as ``{"id", "name", "email"}``."""

    def to_representation(self, user):
        return {"id": user.pk, "name": user.get_full_name() or user.username, "email": user.email}


class DocumentField(Field):
    """A document as its checked download URL and metadata, or null for a
    reader who may not see it."""

    def to_representation(self, document):
        from cms.permissions import can_view_document

        if not can_view_document(_request_user(self), document):
            return None
        return document_api_representation(document)


class PageLinkField(Field):
    """A link to another page as ``{"id", "title", "url"}``, or null for a
    reader who may not see it."""

    def to_representation(self, page):
        from cms.permissions import can_view_page

        if not can_view_page(_request_user(self), page):
            return None
        return {"id": page.pk, "title": page.title, "url": page.url}


def news_summary(page):
    """The short JSON form of a news article used in listings."""
    return {
        "id": page.pk,
        "title": page.title,
        "teaser": page.teaser,
        "url": page.url,
        "first_published_at": page.first_published_at,
        "category": page.category,
        "image": image_api_representation(page.image, "fill-400x225") if page.image else None,
    }


class LatestNewsField(Field):
    """The start page's latest news, as the reader sees them."""

    def to_representation(self, page):
        return [news_summary(news) for news in page.latest_news(_request_user(self))]


class TopStoriesField(Field):
    """The start page's top stories that the reader may see."""

    def to_representation(self, page):
        return [news_summary(news) for news in page.visible_top_stories(_request_user(self))]


class CurrentNoticesField(Field):
    """The start page's notices whose end date has not passed."""

    def to_representation(self, page):
        return [
            {"type": block.block_type, "value": block.block.get_api_representation(block.value)}
            for block in page.current_notices()
        ]


class UpcomingDatesField(Field):
    """The start page's dates from today on."""

    def to_representation(self, page):
        from cms.permissions import can_view_page

        user = _request_user(self)
        result = []
        for value in page.upcoming_dates():
            linked = value.get("page")
            if linked is not None and not can_view_page(user, linked):
                linked = None
            result.append(
                {
                    "title": value["title"],
                    "date": value["date"].isoformat(),
                    "time": value["time"].isoformat() if value.get("time") else None,
                    "place": value.get("place") or "",
                    "page": {"id": linked.pk, "title": linked.title, "url": linked.url}
                    if linked
                    else None,
                }
            )
        return result
