"""An arrangement's notice e-mail becomes an outbox delivery without a message.

Every `NoticeEmail` row is copied to `outbox.Delivery` (same Message-ID, documents, status,
attempts and times; its posted letter as `posted_letter`), then the model goes. Going back
copies the notices (deliveries without a message) into the recreated table and removes them
from the deliveries.
"""

from django.apps.registry import Apps
from django.db import migrations
from django.db.backends.base.schema import BaseDatabaseSchemaEditor
from django.utils import timezone

# What a notice e-mail and its delivery both hold, under the same name.
SAME = (
    "organisation_id",
    "customer_id",
    "reference",
    "subject",
    "recipients",
    "unique_id",
    "email_id",
    "pdf_id",
    "status",
    "attempts",
    "next_attempt_at",
    "last_error",
    "started_at",
    "sent_at",
)


def notices_to_deliveries(apps: Apps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    NoticeEmail = apps.get_model("arrangements", "NoticeEmail")
    Delivery = apps.get_model("outbox", "Delivery")
    for notice in NoticeEmail.objects.order_by("pk").iterator():
        delivery = Delivery.objects.create(
            channel="email",
            posted_letter_id=notice.letter_id,
            sent_on=timezone.localdate(notice.sent_at) if notice.sent_at else None,
            **{name: getattr(notice, name) for name in SAME},
        )
        # created_at is set on creation: the notice's own time is put back.
        Delivery.objects.filter(pk=delivery.pk).update(created_at=notice.created_at)


def deliveries_to_notices(apps: Apps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    NoticeEmail = apps.get_model("arrangements", "NoticeEmail")
    Delivery = apps.get_model("outbox", "Delivery")
    notices = Delivery.objects.filter(message__isnull=True)
    for delivery in notices.order_by("pk").iterator():
        notice = NoticeEmail.objects.create(
            letter_id=delivery.posted_letter_id,
            **{name: getattr(delivery, name) for name in SAME},
        )
        NoticeEmail.objects.filter(pk=notice.pk).update(created_at=delivery.created_at)
    notices.delete()


class Migration(migrations.Migration):

    dependencies = [
        ("arrangements", "0003_dispute_attachment_name_is_data"),
        ("outbox", "0005_notices_are_deliveries"),
    ]

    operations = [
        migrations.RunPython(notices_to_deliveries, deliveries_to_notices),
        migrations.DeleteModel(name="NoticeEmail"),
    ]
