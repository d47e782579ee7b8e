"""Read a seller or buyer (`cac:AccountingSupplierParty`, `cac:AccountingCustomerParty`)."""

from xml.etree.ElementTree import Element

from innen.formats.ubl_records import KVK_SCHEMES, VAT_SCHEMES, Party

CAC = "{urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2}"
CBC = "{urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2}"


def party(wrapper: Element) -> Party:
    """The party of an Accounting...Party element (empty fields for what it does not say)."""
    found = wrapper.find(f"{CAC}Party")
    element = found if found is not None else Element("empty")
    endpoint = element.find(f"{CBC}EndpointID")
    ids = [(e.get("schemeID", "").strip(), (e.text or "").strip()) for e in _ids(element)]
    kvk = [value for scheme, value in ids if scheme.upper() in KVK_SCHEMES]
    vat = [value for scheme, value in ids if scheme.upper() in VAT_SCHEMES]
    vat += [
        value
        for tax_scheme in element.findall(f"{CAC}PartyTaxScheme")
        if (value := _text(tax_scheme, f"{CBC}CompanyID"))
        and _text(tax_scheme, f"{CAC}TaxScheme/{CBC}ID").upper() in ("VAT", "")
    ]
    address = element.find(f"{CAC}PostalAddress")
    if address is None:
        address = Element("empty")
    street = " ".join(
        part
        for part in (
            _text(address, f"{CBC}StreetName"),
            _text(address, f"{CBC}BuildingNumber"),
            _text(address, f"{CBC}AdditionalStreetName"),
        )
        if part
    )
    return Party(
        name=_text(element, f"{CAC}PartyLegalEntity/{CBC}RegistrationName")
        or _text(element, f"{CAC}PartyName/{CBC}Name"),
        endpoint_id=_endpoint(endpoint),
        identifiers=tuple(
            value for e in element.findall(f"{CAC}PartyIdentification/{CBC}ID") if (value := _t(e))
        ),
        kvk_number=kvk[0] if kvk else "",
        vat_numbers=tuple(dict.fromkeys(vat)),
        account_id=_text(wrapper, f"{CBC}SupplierAssignedAccountID"),
        street=street,
        postcode=_text(address, f"{CBC}PostalZone"),
        city=_text(address, f"{CBC}CityName"),
        country=_text(address, f"{CAC}Country/{CBC}IdentificationCode").upper(),
        contact_person=_text(element, f"{CAC}Contact/{CBC}Name"),
        email=_text(element, f"{CAC}Contact/{CBC}ElectronicMail"),
        phone=_text(element, f"{CAC}Contact/{CBC}Telephone"),
    )


def _ids(element: Element) -> list[Element]:
    """Every element that identifies the party, with a scheme to tell what it is."""
    return [
        *element.findall(f"{CBC}EndpointID"),
        *element.findall(f"{CAC}PartyIdentification/{CBC}ID"),
        *element.findall(f"{CAC}PartyLegalEntity/{CBC}CompanyID"),
    ]


def _endpoint(endpoint: Element | None) -> str:
    if endpoint is None or not _t(endpoint):
        return ""
    scheme = endpoint.get("schemeID", "").strip()
    return f"{scheme}:{_t(endpoint)}" if scheme else _t(endpoint)


def _t(element: Element) -> str:
    return (element.text or "").strip()


def _text(element: Element, path: str) -> str:
    found = element.find(path)
    return _t(found) if found is not None else ""
