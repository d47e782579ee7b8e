"""Which ways a message goes: by e-mail, by post, or both; what to do without an address."""

from __future__ import annotations

from dataclasses import dataclass

from innen.ledger.models import Customer


@dataclass(frozen=True)
class Route:
    channel: str  # "email" or "letter"
    recipients: tuple[str, ...]
    note: str = ""  # why this route was taken instead of the step's own


def postal_address(customer: Customer) -> tuple[str, ...]:
    lines = [customer.name, customer.street, f"{customer.postcode} {customer.city}".strip()]
    return tuple(line for line in lines if line)


def has_postal_address(customer: Customer) -> bool:
    return bool(customer.street and customer.city)


def routes(channels: list[str], customer: Customer) -> list[Route]:
    """The deliveries a message with `channels` needs for `customer`.

    A step that e-mails a customer without an e-mail address goes by post instead: the
    customer must still hear from us, and the controller sees why in the dossier.
    """
    found: list[Route] = []
    emails = tuple(customer.email_list)
    if "email" in channels and emails:
        found.append(Route("email", emails))
    if "letter" in channels:
        found.append(Route("letter", postal_address(customer)))
    elif "email" in channels and not emails:
        found.append(Route("letter", postal_address(customer), "no e-mail address: sent by post"))
    return found
