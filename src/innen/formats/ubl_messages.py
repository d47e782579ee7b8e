"""What the UBL reader and its EN 16931 checks say, in English a Django layer translates
(`innen.file_messages`); each rule's message starts with the rule's id."""

from innen.translatable import N_

# --- reading the file ------------------------------------------------------------------------
NOT_XML = N_("the file is not XML (%(error)s)")
DTD_FORBIDDEN = N_(
    "the file declares a DTD or entities, which innen refuses for safety; "
    "a UBL invoice never needs them"
)
NOT_UBL = N_("the file is not a UBL 2.1 invoice or credit note (its root element is %(root)s)")
NOT_AN_AMOUNT = N_('%(element)s "%(text)s" is not an amount')
AMOUNT_TOO_LARGE = N_('%(element)s "%(text)s" is larger than any amount innen keeps')
NOT_A_DATE = N_('%(element)s "%(text)s" is not a date (YYYY-MM-DD)')
NOT_BASE64 = N_("the embedded document %(name)s is not valid base64")

# --- the EN 16931 rules innen checks ---------------------------------------------------------
BR_02 = N_("BR-02: the invoice has no number (cbc:ID)")
BR_03 = N_("BR-03: the invoice has no issue date (cbc:IssueDate)")
BR_05 = N_("BR-05: the invoice has no currency (cbc:DocumentCurrencyCode)")
BR_06 = N_("BR-06: the seller has no name (cac:AccountingSupplierParty)")
BR_07 = N_("BR-07: the buyer has no name (cac:AccountingCustomerParty)")
BR_12 = N_("BR-12: the sum of the lines' net amounts (cbc:LineExtensionAmount) is missing")
BR_13 = N_("BR-13: the total without VAT (cbc:TaxExclusiveAmount) is missing")
BR_14 = N_("BR-14: the total with VAT (cbc:TaxInclusiveAmount) is missing")
BR_15 = N_("BR-15: the amount due (cbc:PayableAmount) is missing")
BR_16 = N_("BR-16: the invoice has no lines")
BR_CO_10 = N_(
    "BR-CO-10: the sum of the lines' net amounts is %(stated)s, "
    "but the lines add up to %(computed)s"
)
BR_CO_11 = N_(
    "BR-CO-11: the sum of allowances is %(stated)s, "
    "but the document's allowances add up to %(computed)s"
)
BR_CO_12 = N_(
    "BR-CO-12: the sum of charges is %(stated)s, but the document's charges add up to %(computed)s"
)
BR_CO_13 = N_(
    "BR-CO-13: the total without VAT is %(stated)s, but the lines less allowances "
    "plus charges are %(computed)s"
)
BR_CO_14 = N_(
    "BR-CO-14: the VAT total is %(stated)s, but the VAT per category adds up to %(computed)s"
)
BR_CO_15 = N_(
    "BR-CO-15: the total with VAT is %(stated)s, but the total without VAT plus VAT is %(computed)s"
)
BR_CO_16 = N_(
    "BR-CO-16: the amount due is %(stated)s, but the total with VAT less the prepaid "
    "amount plus rounding is %(computed)s"
)
BR_CO_17 = N_(
    "BR-CO-17: the VAT of category %(category)s at %(percent)s%% on %(taxable)s is "
    "%(stated)s, but the rate gives %(computed)s"
)
BR_S_08 = N_(
    "BR-S-08: the taxable amount at the standard rate of %(percent)s%% is %(stated)s, but the "
    "lines plus charges less allowances at that rate are %(computed)s"
)
BR_CATEGORY_08 = N_(
    "%(rule)s: the taxable amount of VAT category %(category)s is %(stated)s, but the lines "
    "plus charges less allowances of that category are %(computed)s"
)

# --- what the ledger can hold ----------------------------------------------------------------
NO_OWN_IDENTITY = N_(
    "the organisation has no KvK number, VAT number or IBAN yet, so innen cannot tell whether "
    "it is the seller; fill them in under the organisation's settings"
)
NOT_OUR_INVOICE = N_(
    "the seller %(seller)s (%(identifiers)s) is not this organisation: neither its KvK "
    "number, VAT number nor IBAN is the organisation's"
)
ONLY_EUR = N_('the invoice is in "%(currency)s"; innen keeps amounts in EUR only')
NOTHING_DUE = N_("the amount due is %(amount)s; there is nothing to collect")
BEYOND_CENTS = N_("the amount %(amount)s has more than 2 decimals")
