"""The fixed words of the layout, per language (the editable words are in defaults.py).

The 14-day block follows art. 6:96 lid 6 BW and HR 25-11-2016 (ECLI:NL:HR:2016:2704): the
term is fourteen days counted from the day after the debtor received the letter; a term
"after the date of this letter" or "after sending" makes the letter void. The wording below is
the one the HR accepted ("binnen veertien dagen vanaf de dag nadat deze brief bij u is
bezorgd"), and the end date is given as what follows from the presumed day of receipt, with
what happens when the letter arrives later, so the stated end is never too early.
"""

from __future__ import annotations

LABELS: dict[str, dict[str, str]] = {
    "nl": {
        "sender": "Afzender",
        "attention": "t.a.v.",
        "date": "Datum",
        "our_reference": "Ons kenmerk",
        "customer_number": "Klantnummer",
        "subject": "Onderwerp",
        "invoice": "Factuur",
        "issue_date": "Factuurdatum",
        "due_date": "Vervaldatum",
        "amount": "Bedrag",
        "open_amount": "Openstaand",
        "total_open": "Totaal openstaand",
        "principal": "Hoofdsom",
        "interest_statutory": "Wettelijke rente (art. 6:119 BW)",
        "interest_commercial": "Wettelijke handelsrente (art. 6:119a BW)",
        "collection_costs": "Buitengerechtelijke incassokosten",
        "incl_vat": "incl. {vat} btw",
        "claim_total": "Totaal te betalen",
        "claim_title": "Berekening per {date}",
        "rates_provisional": "De rente na {date} is berekend met het laatst bekende percentage, "
        "omdat het nieuwe percentage nog niet is bekendgemaakt.",
        "payment_title": "Betaalgegevens",
        "pay_amount": "Te betalen",
        "pay_before": "Uiterlijk betalen op",
        "pay_term": "Betaaltermijn",
        "pay_term_fourteen": "binnen veertien dagen na de dag van ontvangst van {this}",
        "iban": "IBAN",
        "bic": "BIC",
        "account_name": "Ten name van",
        "payment_reference": "Betalingskenmerk",
        "payment_description": "Omschrijving",
        "qr_caption": "Scan met uw bank-app",
        "portal": "Bekijk uw facturen en betaal online:",
        "portal_code": "Of ga naar {url} en vul code {code} en uw postcode in.",
        "closing": "Met vriendelijke groet,",
        "page": "Pagina",
        "of": "van",
        "kvk": "KvK",
        "vat": "Btw",
        "notice_title": "Let op: incassokosten als u niet binnen veertien dagen betaalt",
        "notice_term": (
            "U kunt het openstaande bedrag van {total} zonder extra kosten betalen binnen "
            "veertien dagen, beginnende na de dag van ontvangst van deze aanmaning (de dag "
            "nadat {this} bij u is bezorgd)."
        ),
        "notice_costs": (
            "Betaalt u niet binnen die termijn, dan bent u naast het openstaande bedrag "
            "buitengerechtelijke incassokosten verschuldigd van {costs}{vat}. Dit bedrag is "
            "berekend volgens het Besluit vergoeding voor buitengerechtelijke incassokosten "
            "(art. 6:96 BW)."
        ),
        "notice_vat": " (inclusief {vat} btw)",
        "vat_statement": (
            "Wij kunnen de btw over de incassokosten niet verrekenen en hebben de incassokosten "
            "daarom met de btw verhoogd (art. 2 lid 3 Besluit vergoeding voor "
            "buitengerechtelijke incassokosten)."
        ),
        "notice_dates": (
            "Wij gaan ervan uit dat {this} op {received} bij u wordt bezorgd; de termijn loopt "
            "dan tot en met {ends}. Wordt {this} later bezorgd, dan schuift de termijn even "
            "veel dagen op."
        ),
        "notice_ends": "De termijn loopt tot en met {ends}.",
        "this_letter": "deze brief",
        "this_email": "dit bericht",
    },
    "en": {
        "sender": "From",
        "attention": "Attn.",
        "date": "Date",
        "our_reference": "Our reference",
        "customer_number": "Customer number",
        "subject": "Subject",
        "invoice": "Invoice",
        "issue_date": "Invoice date",
        "due_date": "Due date",
        "amount": "Amount",
        "open_amount": "Outstanding",
        "total_open": "Total outstanding",
        "principal": "Principal",
        "interest_statutory": "Statutory interest (art. 6:119 Dutch Civil Code)",
        "interest_commercial": "Statutory commercial interest (art. 6:119a Dutch Civil Code)",
        "collection_costs": "Extrajudicial collection costs",
        "incl_vat": "incl. {vat} VAT",
        "claim_total": "Total to pay",
        "claim_title": "Calculation as of {date}",
        "rates_provisional": "Interest after {date} has been calculated at the last known rate, "
        "as the new rate has not yet been published.",
        "payment_title": "Payment details",
        "pay_amount": "Amount to pay",
        "pay_before": "Pay no later than",
        "pay_term": "Payment term",
        "pay_term_fourteen": "within fourteen days after the day you received {this}",
        "iban": "IBAN",
        "bic": "BIC",
        "account_name": "Account name",
        "payment_reference": "Payment reference",
        "payment_description": "Description",
        "qr_caption": "Scan with your banking app",
        "portal": "View your invoices and pay online:",
        "portal_code": "Or go to {url} and enter code {code} with your postcode.",
        "closing": "Kind regards,",
        "page": "Page",
        "of": "of",
        "kvk": "Chamber of Commerce",
        "vat": "VAT",
        "notice_title": "Please note: collection costs if you do not pay within fourteen days",
        "notice_term": (
            "You can pay the outstanding amount of {total} without additional costs within "
            "fourteen days, starting on the day after you received this reminder (the day "
            "after {this} was delivered to you)."
        ),
        "notice_costs": (
            "If you do not pay within that term, you will owe extrajudicial collection costs of "
            "{costs}{vat} in addition to the outstanding amount. This amount has been calculated "
            "under the Dutch Decree on compensation for extrajudicial collection costs (Besluit "
            "vergoeding voor buitengerechtelijke incassokosten, art. 6:96 Dutch Civil Code)."
        ),
        "notice_vat": " (including {vat} VAT)",
        "vat_statement": (
            "We cannot deduct the VAT on the collection costs and have therefore increased the "
            "collection costs by the VAT (art. 2(3) Besluit vergoeding voor buitengerechtelijke "
            "incassokosten)."
        ),
        "notice_dates": (
            "We assume that {this} will be delivered to you on {received}; the term then runs "
            "up to and including {ends}. If {this} reaches you later, the term moves by as "
            "many days."
        ),
        "notice_ends": "The term runs up to and including {ends}.",
        "this_letter": "this letter",
        "this_email": "this message",
    },
}


def labels(language: str) -> dict[str, str]:
    if language not in LABELS:
        raise ValueError(f"language must be nl or en, not {language!r}")
    return LABELS[language]
