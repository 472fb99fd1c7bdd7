"""Background work of the notification centre: mails at once and the digest."""

from django_tasks import task

from . import mail


@task()
def send_immediate_notifications(notification_ids):
    """Mail these notifications to their recipients now (see ``mail.send_immediate``)."""
    return mail.send_immediate(notification_ids)


@task()
def send_notification_digest():
    """Mail everyone their daily digest (see ``mail.send_digest``); returns
    ``[mails, notifications]``. Schedule it once a day, e.g. by running the
    command ``send_notification_digest`` from cron."""
    return list(mail.send_digest())
