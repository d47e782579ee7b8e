"""The columns of the three ledger files, with every header name accepted for each.

The first alias is the Dutch name used in messages and the docs (docs/import.md lists them
all). Headers are compared without case, spaces, underscores or punctuation, so
"Bedrag excl. BTW", "bedrag_excl_btw" and "BEDRAGEXCLBTW" are one alias.
"""

from innen.formats.csv_table import Column

_CUSTOMER_NUMBER = (
    "klantnummer",
    "debiteurnummer",
    "klantnr",
    "debiteurnr",
    "relatienummer",
    "customer number",
    "customer no",
    "customer id",
    "debtor number",
    "account number",
)
_EXTERNAL_REFERENCE = ("externe referentie", "external reference", "external id")
_CURRENCY = ("valuta", "munteenheid", "currency")

CUSTOMER_COLUMNS = (
    Column("number", "customer number", _CUSTOMER_NUMBER, required=True),
    Column(
        "name",
        "name",
        ("naam", "bedrijfsnaam", "klantnaam", "name", "company name", "customer name"),
        required=True,
    ),
    Column("kind", "kind", ("soort", "type", "klantsoort", "kind", "customer type")),
    Column(
        "contact_person",
        "contact person",
        ("contactpersoon", "tav", "contact person", "contact", "attention"),
    ),
    Column(
        "emails",
        "e-mail",
        ("e-mail", "emailadres", "e-mailadressen", "email address", "email addresses", "emails"),
    ),
    Column(
        "phone",
        "phone",
        ("telefoon", "telefoonnummer", "tel", "phone", "telephone", "phone number"),
    ),
    Column(
        "street",
        "street and number",
        ("adres", "straat", "straat en huisnummer", "address", "street", "street and number"),
    ),
    Column("postcode", "postcode", ("postcode", "postal code", "zip", "zip code")),
    Column("city", "city", ("plaats", "woonplaats", "vestigingsplaats", "stad", "city", "town")),
    Column("country", "country", ("land", "landcode", "country", "country code")),
    Column(
        "kvk_number",
        "KvK number",
        ("kvk-nummer", "kvk", "kvk nr", "coc number", "chamber of commerce number", "kvk number"),
    ),
    Column(
        "vat_number",
        "VAT number",
        (
            "btw-nummer",
            "btw-id",
            "btw nr",
            "btw identificatienummer",
            "vat number",
            "vat id",
            "vat no",
        ),
    ),
    Column("language", "language", ("taal", "language")),
    Column("segment", "segment", ("segment", "groep", "klantgroep", "customer group")),
    Column("notes", "notes", ("notities", "opmerkingen", "notes", "remarks")),
    Column("external_reference", "external reference", _EXTERNAL_REFERENCE),
    Column(
        "ibans",
        "IBAN",
        (
            "iban",
            "ibans",
            "rekeningnummer",
            "bankrekening",
            "bankrekeningnummer",
            "bank account",
            "account iban",
        ),
    ),
)

INVOICE_COLUMNS = (
    Column("kind", "type", ("soort", "type", "documentsoort", "document type")),
    Column(
        "number",
        "invoice number",
        (
            "factuurnummer",
            "factuurnr",
            "nummer",
            "documentnummer",
            "creditnotanummer",
            "invoice number",
            "invoice no",
            "number",
            "document number",
        ),
        required=True,
    ),
    Column("customer_number", "customer number", _CUSTOMER_NUMBER, required=True),
    Column(
        "issue_date",
        "invoice date",
        ("factuurdatum", "datum", "documentdatum", "invoice date", "date", "document date"),
        required=True,
    ),
    Column(
        "due_date",
        "due date",
        ("vervaldatum", "uiterste betaaldatum", "due date", "payment due date"),
    ),
    Column(
        "amount_excl_vat",
        "amount excl. VAT",
        (
            "bedrag excl btw",
            "excl btw",
            "netto bedrag",
            "amount excl vat",
            "net amount",
            "subtotal",
        ),
    ),
    Column("vat_amount", "VAT", ("btw", "btw bedrag", "btw-bedrag", "vat", "vat amount")),
    Column(
        "total",
        "total",
        (
            "totaal",
            "totaalbedrag",
            "bedrag incl btw",
            "bedrag",
            "total",
            "amount incl vat",
            "total amount",
            "amount",
        ),
    ),
    Column(
        "payment_reference",
        "payment reference",
        ("betalingskenmerk", "kenmerk", "payment reference"),
    ),
    Column("external_reference", "external reference", _EXTERNAL_REFERENCE),
    Column(
        "credited_invoice",
        "credited invoice",
        (
            "gecrediteerde factuur",
            "originele factuur",
            "credit op factuur",
            "credited invoice",
            "original invoice",
            "credits invoice",
        ),
    ),
    Column("currency", "currency", _CURRENCY),
    Column(
        "supply",
        "goods or services",
        (
            "goederen of diensten",
            "levering",
            "soort levering",
            "goods or services",
            "supply",
            "supply type",
        ),
    ),
)

PAYMENT_COLUMNS = (
    Column(
        "date",
        "date",
        (
            "datum",
            "boekdatum",
            "betaaldatum",
            "transactiedatum",
            "date",
            "payment date",
            "booking date",
            "transaction date",
        ),
        required=True,
    ),
    Column("amount", "amount", ("bedrag", "amount"), required=True),
    Column("customer_number", "customer number", _CUSTOMER_NUMBER),
    Column(
        "invoice_numbers",
        "invoice number",
        (
            "factuurnummer",
            "factuurnummers",
            "factuurnr",
            "invoice number",
            "invoice numbers",
            "invoice no",
        ),
    ),
    Column(
        "payer_name",
        "payer name",
        (
            "naam betaler",
            "naam tegenpartij",
            "tegenpartij",
            "naam",
            "payer name",
            "payer",
            "counterparty name",
            "name",
        ),
    ),
    Column(
        "payer_iban",
        "payer IBAN",
        (
            "tegenrekening",
            "iban tegenpartij",
            "iban betaler",
            "iban",
            "payer iban",
            "counterparty iban",
            "counterparty account",
        ),
    ),
    Column(
        "description",
        "description",
        ("omschrijving", "mededeling", "mededelingen", "description", "remittance information"),
    ),
    Column(
        "external_reference",
        "reference",
        (
            "referentie",
            "transactiereferentie",
            "transactie-id",
            "reference",
            "transaction reference",
            "transaction id",
            *_EXTERNAL_REFERENCE,
        ),
    ),
    Column("currency", "currency", _CURRENCY),
)
