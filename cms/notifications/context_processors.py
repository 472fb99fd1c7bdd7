"""The unread badge in the site header."""

from functools import cached_property


class Badge:
    """The signed-in person's unread count, read only when a template shows it."""

    def __init__(self, user):
        self.user = user

    @cached_property
    def unread(self):
        from .services import unread_count

        return unread_count(self.user)


def notification_badge(request):
    """``notification_badge`` for ``notifications/_badge.html`` (signed-in people only)."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {"notification_badge": Badge(user)}
