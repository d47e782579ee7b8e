"""The e-mail a message goes as: its sender, built once, so the bytes kept are those sent;
and a kept e-mail (a notice's .eml) sent again exactly as kept."""

from __future__ import annotations

from email import message_from_bytes, policy
from email.message import EmailMessage as ParsedEmail
from email.message import Message as MimeMessage
from email.utils import formataddr, formatdate, getaddresses, make_msgid
from typing import Any

from django.conf import settings
from django.core.mail import EmailMultiAlternatives

from innen.collection.models import Message
from innen.letters.headers import one_line
from innen.letters.rendering import RenderedMessage
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
    to = [address.strip() for address in delivery.recipients.split(",") if address.strip()]
    return _email(message.organisation, to, rendered, pdf_name, delivery.unique_id)


def build_notice_email(
    organisation: Organisation, to: list[str], rendered: RenderedMessage, pdf_name: str
) -> FrozenEmail:
    """A notice's e-mail (no message, no delivery yet): its Message-ID is made here."""
    domain = settings.DEFAULT_FROM_EMAIL.rpartition("@")[2] or "innen.local"
    return _email(organisation, to, rendered, pdf_name, make_msgid("innen", domain))


def _email(
    organisation: Organisation,
    to: list[str],
    rendered: RenderedMessage,
    pdf_name: str,
    message_id: str,
) -> FrozenEmail:
    from_header, reply_to = sender_addresses(organisation)
    email = FrozenEmail(
        subject=rendered.subject,
        body=rendered.text,
        from_email=from_header,
        to=to,
        reply_to=[reply_to] if reply_to else None,
        headers={"Message-ID": message_id, "Date": formatdate(localtime=True)},
    )
    email.attach_alternative(rendered.html, "text/html")
    email.attach(pdf_name, rendered.pdf, "application/pdf")
    return email


class KeptEmail(EmailMultiAlternatives):
    """An e-mail sent as kept: its MIME form is the stored .eml, byte for byte.

    The fields (to, subject, body, attachments) are read back from those bytes for the mail
    backend's envelope and for whoever looks at it (the test outbox); they are not used to
    build it again.
    """

    def __init__(self, kept: bytes) -> None:
        parsed = message_from_bytes(kept, policy=policy.default)
        assert isinstance(parsed, ParsedEmail)
        plain = parsed.get_body(("plain",))
        super().__init__(
            subject=str(parsed["Subject"] or ""),
            body=plain.get_content() if plain is not None else "",
            from_email=str(parsed["From"]),
            to=_addresses(parsed, "To"),
            reply_to=_addresses(parsed, "Reply-To") or None,
        )
        html = parsed.get_body(("html",))
        if html is not None:
            self.attach_alternative(html.get_content(), "text/html")
        for part in parsed.iter_attachments():
            self.attach(part.get_filename(), part.get_content(), part.get_content_type())
        self._kept = kept

    def message(self, *args: Any, **kwargs: Any) -> Any:
        mime = message_from_bytes(self._kept, _class=_KeptMime)
        mime.kept = self._kept
        return mime


class _KeptMime(MimeMessage):
    """A parsed e-mail that writes itself out as the bytes it was parsed from."""

    kept: bytes | None = None

    def as_bytes(self, unixfrom: bool = False, policy: Any = None, linesep: str = "\r\n") -> bytes:
        if self.kept is None:  # a part: only the whole message is sent
            return super().as_bytes(unixfrom, policy)
        return self.kept if linesep == "\r\n" else self.kept.replace(b"\r\n", linesep.encode())


def _addresses(parsed: ParsedEmail, header: str) -> list[str]:
    return [address for _, address in getaddresses(parsed.get_all(header, [])) if address]
