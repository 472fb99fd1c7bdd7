"""Background work of the home app: delivering e-mail.

Wagtail's workflow notifications already reach the right people with the
right content (``wagtail.admin.mail``), but Wagtail sends them inside
the reviewer's request, and a mail server that is down means a lost mail
(Wagtail logs the error and goes on). ``TaskEmailBackend`` moves the
delivery of every e-mail, Wagtail's included, into a django-tasks task: the
message is rendered in the request, stored with the task, and delivered by
the worker through the real backend, which is retried by running the task
again rather than by the reviewer clicking again.

Use it with::

    EMAIL_BACKEND = "home.tasks.TaskEmailBackend"
    INTRANET_EMAIL_DELIVERY_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
"""

from django.conf import settings
from django.core.mail import EmailMultiAlternatives, get_connection
from django.core.mail.backends.base import BaseEmailBackend

from django_tasks import task

DEFAULT_DELIVERY_BACKEND = "django.core.mail.backends.console.EmailBackend"


def delivery_backend_path():
    """The backend that really delivers mail (SMTP in production)."""
    return getattr(settings, "INTRANET_EMAIL_DELIVERY_BACKEND", DEFAULT_DELIVERY_BACKEND)


def message_to_dict(message):
    """A JSON-serialisable form of an e-mail without attachments, for the task queue."""
    return {
        "subject": str(message.subject),
        "body": str(message.body),
        "from_email": message.from_email,
        "to": list(message.to),
        "cc": list(message.cc),
        "bcc": list(message.bcc),
        "reply_to": list(message.reply_to),
        "headers": {str(k): str(v) for k, v in (message.extra_headers or {}).items()},
        "alternatives": [
            [str(content), mimetype] for content, mimetype in getattr(message, "alternatives", [])
        ],
    }


def message_from_dict(data, connection=None):
    """The e-mail that ``message_to_dict`` described."""
    message = EmailMultiAlternatives(
        subject=data["subject"],
        body=data["body"],
        from_email=data["from_email"],
        to=data["to"],
        cc=data["cc"],
        bcc=data["bcc"],
        reply_to=data["reply_to"],
        headers=data["headers"],
        connection=connection,
    )
    for content, mimetype in data["alternatives"]:
        message.attach_alternative(content, mimetype)
    return message


@task()
def deliver_email(message):
    """Deliver one e-mail (as made by ``message_to_dict``) through the real backend.
    Errors are raised, so that the task is marked failed and can be run again."""
    connection = get_connection(delivery_backend_path(), fail_silently=False)
    return message_from_dict(message, connection=connection).send()


class TaskEmailBackend(BaseEmailBackend):
    """An e-mail backend that queues each message as a ``deliver_email`` task
    instead of talking to the mail server in the request."""

    def send_messages(self, email_messages):
        """Queue the messages; those with attachments, which the queue cannot
        hold, are delivered at once."""
        count = 0
        direct = []
        for message in email_messages:
            if not message.recipients():
                continue
            if message.attachments:
                direct.append(message)
                continue
            deliver_email.enqueue(message_to_dict(message))
            count += 1
        if direct:
            connection = get_connection(delivery_backend_path(), fail_silently=self.fail_silently)
            count += connection.send_messages(direct) or 0
        return count
