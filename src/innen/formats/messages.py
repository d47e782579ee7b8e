"""What the file readers tell a person about a file they cannot read, in English that a
Django layer can translate (`innen.file_messages`).

The readers import nothing from Django, so they cannot translate: each message is a constant
marked with `N_` and filled in by `say` as a `Text` (`innen.translatable`), which the place
that shows it says again in the reader's language.
"""

from innen.translatable import N_, Text, comma, reason, say

__all__ = ["N_", "Text", "comma", "reason", "say"]

# --- where in a file --------------------------------------------------------------------------
LINE = N_("line %(line)s")
FILE_LINE = N_("%(name)s, line %(line)s")
FILE_ACCOUNT = N_("%(name)s, account %(account)s")

# --- reading any file ------------------------------------------------------------------------
EMPTY_FILE = N_("the file is empty")
NOT_TEXT = N_("the file is not text (UTF-8 or Windows-1252)")
NOT_CSV = N_("cannot be read as CSV (%(error)s)")
QUOTE_RUNS_ON = N_(
    'a quote (") opened on this line is not closed on it, so the line runs on to line '
    "%(last)s: is a quote missing or one too many?"
)
HOLDS_NUL = N_("holds a NUL character (byte 0), which is not text: is the file damaged?")

# --- amounts and dates -----------------------------------------------------------------------
NOT_AN_AMOUNT = N_('"%(text)s" is not an amount')
AMOUNT_DIGITS = N_('"%(text)s" is not an amount: use digits, e.g. 1234,56 or 1234.56')
TOO_MANY_DECIMALS = N_('"%(text)s" has more than 2 decimals')
TOO_LARGE = N_('"%(text)s" is more than the largest amount, %(largest)s')
AMBIGUOUS_AMOUNT = N_(
    '"%(text)s" is ambiguous: is "%(mark)s" the decimal or the thousands separator? '
    "Write amounts with two decimals, e.g. 1234,00 or 1.234,00"
)
ENDS_IN_SEPARATOR = N_('"%(text)s" ends in a separator')
THOUSANDS_MISPLACED = N_('"%(text)s" has its thousands separators in the wrong places')
STYLE_NL = N_("1.234,56 (comma for decimals)")
STYLE_EN = N_("1,234.56 (point for decimals)")
STYLE_CLASH = N_(
    '"%(text)s" is written %(style)s but line %(first_line)s is written %(first_style)s; '
    "use one style in the whole file"
)
NOT_A_DATE = N_('"%(text)s" is not a date: use YYYY-MM-DD (2026-11-23) or DD-MM-YYYY (23-11-2026)')
UNLIKELY_YEAR = N_('"%(text)s" has an unlikely year %(year)s')
NO_SUCH_DATE = N_('"%(text)s" is not a date that exists (%(error)s)')

# --- ledger CSV files (customers, invoices, payments) ----------------------------------------
TABLE_NOT_TEXT = N_("the file is not text in UTF-8 or Windows-1252; save it as CSV (UTF-8)")
TABLE_EMPTY = N_("the file is empty; the first line must name the columns")
CELL_NUL = N_("holds a NUL character (byte 0), which is not text; save the file again as CSV")
COLUMN_TWICE = N_("says %(label)s again (column %(first)s did)")
MISSING_COLUMNS = N_("missing required column(s): %(columns)s")
TOO_MANY_CELLS = N_("has more cells than the header has columns")
REQUIRED = N_("is empty but required")
CELL_PROBLEM = N_('"%(text)s": %(reason)s')
NOT_ONE_OF = N_('"%(text)s" is not one of: %(allowed)s')
ONLY_EUR = N_('"%(text)s": only EUR is supported')
ALREADY_ON_LINE = N_("%(what)s is already on line %(first)s")
CUSTOMER_NUMBER = N_('customer number "%(number)s"')
INVOICE_NUMBER = N_('invoice number "%(number)s"')
CREDIT_NOTE_NUMBER = N_('credit note number "%(number)s"')
PAYMENT_REFERENCE = N_('reference "%(reference)s"')
SAME_PAYMENT = N_(
    "the same payment (date, amount, IBAN and description)"
    " — add a reference column to import both —"
)
NOT_A_COUNTRY = N_("not a country; use a two-letter code such as NL, BE or DE")
ONLY_CREDIT_NOTES_CREDIT = N_("only a credit note can name a credited invoice")
DUE_BEFORE_ISSUE = N_("%(due)s is before the invoice date")
GIVE_AN_AMOUNT = N_("give the total, the amount excl. VAT, or both")
TOTAL_NOT_POSITIVE = N_("must be more than 0 (it is %(total)s)")
INVOICE_NOT_POSITIVE = N_(
    "must be more than 0 (it is %(total)s); mark a credit note with type creditnota"
)
VAT_NEGATIVE = N_("may not be negative (it is %(vat)s)")
TOTAL_DOES_NOT_ADD_UP = N_(
    "%(total)s is not the amount excl. VAT %(excl)s plus VAT %(vat)s (= %(sum)s)"
)
PAYMENT_NOT_POSITIVE = N_(
    "must be more than 0 (it is %(amount)s); refunds and outgoing payments are not imported"
)

# --- bank statements (CAMT.053, MT940, bank CSV, ZIP) ----------------------------------------
BALANCES_DO_NOT_ADD_UP = N_(
    "opening balance %(opening)s + entries %(moved)s = %(sum)s, "
    "but the closing balance is %(closing)s"
)
NOT_ADDING_UP = N_("the balances do not add up: %(problem)s")
LATER_LEFT_OUT = N_(
    "%(problem)s (%(later)s entries booked after %(day)s are not in the closing balance)"
)
ONLY_AVAILABLE_BALANCES = N_(
    "the statement gives only available balances (%(codes)s), no booked opening and closing "
    "balance: its entries were not checked against the balances"
)
NO_BOOKED_BALANCES = N_(
    "the statement gives no booked opening and closing balance: its entries were not checked "
    "against the balances"
)
DECLARED_UTF8_HOLDS_LATIN1 = N_(
    "the file says it is UTF-8 but holds Latin-1 (Windows-1252) characters, from line "
    "%(line)s on; it was read as Latin-1: check the names and descriptions"
)
NO_TRANSACTIONS = N_("the export holds no transactions")
KNAB_NO_HEADER = N_("line 2: the Knab export has no header line")
UNKNOWN_BANK_EXPORT = N_(
    "not a bank export this reader knows (ING, Rabobank, ABN AMRO, Knab, ASN, SNS, "
    "RegioBank, Triodos, bunq, Revolut Business); the columns found are: %(found)s"
)
LINE_CUT_SHORT = N_("has no %(column)s (only %(cells)s cells on this line)")
FEWER_CELLS = N_(
    'has %(cells)s cells where the header has %(width)s; "%(last)s" and the columns '
    "after it are missing (is the line cut short?)"
)
COLUMN_AT = N_("column %(position)s (%(name)s)")
COLUMN_NUMBER = N_("column %(position)s")
NAMED_CELL = N_("%(column)s: %(reason)s")
NO_SUCH_DAY = N_('%(column)s "%(value)s" is not a date that exists')
ING_SIGN = N_('Af Bij is "%(value)s"; expected "Af" or "Bij"')
ING_SIGNED_AMOUNT = N_('Bedrag (EUR) is "%(value)s"; the sign is in Af Bij')
ABN_BALANCES = N_("start balance %(before)s + amount %(amount)s is not the end balance %(after)s")
KNAB_SIGN = N_('CreditDebet is "%(value)s"; expected "C" or "D"')
VOLKSBANK_COLUMNS = N_("has fewer than the 19 columns of an ASN, SNS or RegioBank export")
TRIODOS_SIGN = N_('the 4th column is "%(value)s"; expected "Credit" or "Debet"')
TRIODOS_SIGNED_AMOUNT = N_('the amount is "%(value)s"; the sign is in the 4th column')
RABOBANK_OLD_SIGN = N_('the 4th column is "%(value)s"; expected "C" or "D"')
RABOBANK_OLD_SIGNED_AMOUNT = N_('the amount is "%(value)s"; the sign is in the 4th column')
EXPORT_WITHOUT_ACCOUNT = N_(
    "the %(bank)s export does not name the account's IBAN (its account column says "
    '"%(account)s"): put the IBAN in the file name, e.g. "%(iban)s.csv"'
)
MIXED_CURRENCIES = N_(
    "this line is in %(currency)s, the lines before it in %(first)s: "
    "export each currency account on its own"
)
BALANCE_CHAIN = N_(
    "the balance before this entry (%(before)s) is not the balance after the entry on line "
    "%(line)s (%(after)s): are lines missing or moved?"
)
NOT_A_ZIP = N_("not a readable ZIP archive (%(error)s)")
EMPTY_ZIP = N_("the ZIP archive holds no files")
ZIP_IN_ZIP = N_("a ZIP archive inside the ZIP archive; upload the files in it instead")
CANNOT_UNPACK = N_("cannot be unpacked (%(error)s)")
ZIP_CONTENTS_TOO_LARGE = N_(
    "the ZIP archive's table of contents is larger than %(files)s files need"
)
ZIP_TOO_LARGE = N_(
    "the ZIP archive unpacks to more than %(limit)s MB; a bank's archive is far smaller"
)
ZIP_TOO_MANY = N_("the ZIP archive holds more than %(files)s files; upload fewer at a time")


# --- CAMT.053 and MT940 ----------------------------------------------------------------------
STATEMENT = N_("statement %(number)s")
CAMT_STATEMENT_ID = N_("statement %(number)s (ID %(statement_id)s)")
MT940_STATEMENT_ID = N_("statement %(number)s (:20: %(statement_id)s)")
ENTRY_NUMBER = N_("entry %(number)s")
BALANCE = N_("balance %(code)s")
NO_BALANCE_TYPE = N_("(no type)")
XML_DOCTYPE = N_("an XML document with a DOCTYPE is not a bank statement")
NOT_XML = N_("not XML (%(guess)s; %(error)s)")
LOOKS_LIKE_MT940 = N_("it looks like an MT940 statement")
IS_A_PDF = N_("it is a PDF")
MALFORMED = N_("malformed")
NO_ANGLE_BRACKET = N_("it does not start with '<'")
NOT_CAMT053 = N_("not a camt.053 bank statement (root element <%(local)s>, %(shown)s)")
NAMESPACE = N_("namespace '%(namespace)s'")
NO_NAMESPACE = N_("no namespace")
OTHER_MESSAGE = N_("this is %(what)s, not a camt.053 bank statement; export the camt.053 instead")
A_MESSAGE = N_("a %(message)s message")
CAMT_VERSION = N_("camt.%(variant)s.%(version)s is not supported (camt.053.001.02 or later)")
CAMT_052_VERSION = N_(
    "camt.%(variant)s.%(version)s is not supported (camt.052 or camt.053, .001.02 or later)"
)
NOT_DOCUMENT = N_("the root element is <%(local)s>, expected <Document>")
NO_STATEMENT = N_("the document holds no statement (no <Stmt> element)")
NO_REPORT = N_("the document holds no account report (no <Rpt> element)")
OTHER_CURRENCY = N_("the amount is in %(entry)s, the statement is in %(statement)s")
NO_BOOKING_DATE = N_("no booking date (BookgDt)")
NO_AMOUNT = N_("no amount (Amt)")
INVALID_AMOUNT = N_("the amount %(text)s is not a valid amount")
NO_SIGN = N_("no credit/debit sign (CdtDbtInd%(shown)s)")
XML_DATE = N_("%(name)s %(text)s is not a date")
MT940_NOT_TEXT = N_("the file is not text; is it an MT940 statement (.940/.sta)?")
NO_MT940 = N_("no MT940 statement found (it should hold :20:, :25:, :60F:, :61: and :62F:)")
NOT_MT940 = N_("cannot be read as MT940 (%(reason)s)")
NO_OPENING = N_("has no :60F: opening balance; is this an MT940 statement (not MT942)?")
NO_CLOSING = N_("has no :62F: closing balance; is this an MT940 statement (not MT942)?")
NO_ACCOUNT = N_("has no :25: account")
ENTRY_UNREADABLE = N_("cannot be read (%(error)s)")
FIELD_INVALID = N_("the :%(tag)s: field %(value)s is not valid")
NO_SUCH_MT940_DAY = N_(
    "the :%(tag)s: field gives the date %(value)s (%(shown)s), a day that does not exist"
)
NO_SUCH_BOOKING_DAY = N_(
    "the :%(tag)s: field gives the booking date %(value)s (%(shown)s), a day that does not exist"
)
