"""The e-mail a message goes as: its sender, built once, so the bytes kept are those sent."""

from __future__ import annotations

from email.message import Message as MimeMessage
from email.utils import formataddr, formatdate
from typing import Any

from django.conf import settings
from django.core.mail import EmailMultiAlternatives

from innen.collection.models import Message
from innen.letters.headers import one_line
from innen.letters.render import RenderedMessage
from innen.organisations.models import Organisation
from innen.outbox.models import Delivery, SenderSettings


class FrozenEmail(EmailMultiAlternatives):
    """An e-mail whose MIME form is made once, so the bytes kept are the bytes sent."""

    _frozen: MimeMessage | None = None

    def message(self, *args: Any, **kwargs: Any) -> Any:
        if self._frozen is None:
            self._frozen = super().message(*args, **kwargs)
        return self._frozen

    def as_bytes(self) -> bytes:
        return bytes(self.message().as_bytes(linesep="\r\n"))


def sender_addresses(organisation: Organisation) -> tuple[str, str]:
    """The From header and the Reply-To address of the organisation's e-mails.

    The sender name is put on one line: an organisation's name with a line break in it
    must not add a header, nor stop its e-mails from being written.
    """
    sender = SenderSettings.objects.filter(organisation=organisation).first()
    address = (sender.from_email if sender else "") or settings.DEFAULT_FROM_EMAIL
    name = one_line((sender.from_name if sender else "") or organisation.name)
    reply_to = (sender.reply_to if sender else "") or organisation.email
    return formataddr((name, address)), reply_to


def build_email(
    message: Message, delivery: Delivery, rendered: RenderedMessage, pdf_name: str
) -> FrozenEmail:
    from_header, reply_to = sender_addresses(message.organisation)
    email = FrozenEmail(
        subject=rendered.subject,
        body=rendered.text,
        from_email=from_header,
        to=[address.strip() for address in delivery.recipients.split(",") if address.strip()],
        reply_to=[reply_to] if reply_to else None,
        headers={"Message-ID": delivery.unique_id, "Date": formatdate(localtime=True)},
    )
    email.attach_alternative(rendered.html, "text/html")
    email.attach(pdf_name, rendered.pdf, "application/pdf")
    return email
