"""The customer a UBL invoice is for: found by KvK, VAT, Peppol endpoint or customer number,
or created from the buyer's name, address and e-mail when new; updated from a newer file."""

from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db.models import Max, Q

from innen.formats.ubl_ledger import compact, customer_number
from innen.formats.ubl_records import Party
from innen.identifiers import clean_dutch_postcode, clean_kvk, clean_vat
from innen.ledger import services
from innen.ledger.models import CreditNote, Customer, CustomerKind, Invoice
from innen.organisations.models import Organisation


def find_customer(organisation: Organisation, buyer: Party) -> Customer | None:
    """The organisation's customer the buyer is: by the number the seller gave it, its KvK
    number, VAT number or Peppol endpoint, in that order (one query for all four)."""
    number = customer_number(buyer)
    kvk = _valid(clean_kvk, buyer.kvk_number)
    vats = [compact(vat) for vat in buyer.vat_numbers]
    wanted = [
        ("number", number),
        ("kvk_number", kvk),
        *(("vat_number", vat) for vat in vats),
        ("peppol_id", buyer.endpoint_id),
    ]
    wanted = [(name, value) for name, value in wanted if value]
    if not wanted:
        return None
    query = Q()
    for name, value in wanted:
        query |= Q(**{name: value})
    found = list(Customer.objects.filter(query, organisation=organisation).order_by("pk"))
    for name, value in wanted:
        for customer in found:
            if getattr(customer, name).upper() == value.upper():
                return customer
    return None


def create_customer(organisation: Organisation, buyer: Party) -> Customer:
    """A new customer from the buyer's details (raises ValidationError when they do not do)."""
    return services.customer_create(
        organisation=organisation, source="import", **new_customer_fields(organisation, buyer)
    )


def new_customer_fields(organisation: Organisation, buyer: Party) -> dict[str, Any]:
    """What a new customer gets from the buyer; identifiers that do not check out are left
    out rather than refusing the invoice for them."""
    country = buyer.country if len(buyer.country) == 2 else organisation.country
    vat = next((v for v in map(lambda n: _valid(clean_vat, n), buyer.vat_numbers) if v), "")
    fields: dict[str, Any] = {
        "number": _new_number(buyer),
        "kind": CustomerKind.BUSINESS,
        "name": buyer.name[:200],
        "contact_person": buyer.contact_person[:200],
        "emails": _valid(_email, buyer.email),
        "phone": buyer.phone[:40],
        "street": buyer.street[:200],
        "postcode": _postcode(buyer.postcode, country),
        "city": buyer.city[:100],
        "country": country,
        "kvk_number": _valid(clean_kvk, buyer.kvk_number),
        "vat_number": vat,
        "peppol_id": buyer.endpoint_id[:100],
        "language": organisation.default_language,
    }
    return fields


# What a later file may change of a customer: how to reach them. Not the identifiers it is
# found by, nor the name (a file may carry a trade name where innen has the legal one).
CONTACT_DETAILS = ("contact_person", "emails", "phone", "street", "postcode", "city", "country")


def newest_document(customer: Customer) -> date | None:
    """The issue date of the customer's newest invoice or credit note in innen."""
    dates = [
        rows.filter(customer=customer).aggregate(newest=Max("issue_date"))["newest"]
        for rows in (Invoice.objects, CreditNote.objects)
    ]
    return max((d for d in dates if d is not None), default=None)


def changed_details(organisation: Organisation, customer: Customer, buyer: Party) -> dict[str, Any]:
    """The contact details the buyer has that differ from the customer's: what the file
    leaves out, or gives in a form that does not check out, stays as innen has it; an
    e-mail address the customer has among theirs is no change."""
    said = new_customer_fields(organisation, buyer)
    if len(buyer.country) != 2:
        said["country"] = ""  # not said: the organisation's own country is no news
    changes = {}
    for name in CONTACT_DETAILS:
        value = said[name]
        if not value or value == getattr(customer, name):
            continue
        if name == "emails" and value.lower() in _addresses(customer.emails):
            continue
        changes[name] = value
    return changes


def _addresses(emails: str) -> list[str]:
    return [address.strip().lower() for address in emails.split(",") if address.strip()]


def _new_number(buyer: Party) -> str:
    """The file's number for the customer, else its KvK, VAT or Peppol id, else its name."""
    candidates = (
        customer_number(buyer),
        buyer.kvk_number,
        *buyer.vat_numbers,
        buyer.endpoint_id,
        buyer.name,
    )
    return next((c for c in candidates if c), "")[:50]


def _postcode(postcode: str, country: str) -> str:
    if country == "NL":
        return _valid(clean_dutch_postcode, postcode) or postcode[:12]
    return postcode[:12]


def _email(address: str) -> str:
    try:
        validate_email(address)
    except ValidationError as exc:
        raise ValueError(address) from exc
    return address


def _valid(clean: Any, value: str) -> str:
    if not value:
        return ""
    try:
        return str(clean(value))
    except ValueError:
        return ""
