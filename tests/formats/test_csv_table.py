from innen.formats.csv_table import Column, decode, detect_delimiter, read_table

COLUMNS = (
    Column("number", "invoice number", ("factuurnummer", "invoice number"), required=True),
    Column("total", "total", ("totaal", "total"), required=True),
    Column("note", "note", ("opmerking", "note")),
)


def test_a_dutch_excel_file_with_bom_and_semicolons_is_read():
    data = "\ufeffFactuurnummer;Totaal\r\nF1;1.210,00\r\n".encode()
    table = read_table(data, COLUMNS)
    assert table.errors == ()
    assert table.records[0].cells == {"number": "F1", "total": "1.210,00"}
    assert table.headers["number"] == "Factuurnummer"


def test_a_windows_1252_file_is_read():
    data = "factuurnummer,totaal,opmerking\nF1,10.00,Café à €\n".encode("cp1252")
    assert read_table(data, COLUMNS).records[0].cells["note"] == "Café à €"


def test_a_utf16_file_from_excel_unicode_text_is_read():
    data = "Invoice number\tTotal\nF1\t10.00\n".encode("utf-16")
    assert read_table(data, COLUMNS).records[0].cells["number"] == "F1"


def test_headers_ignore_case_spaces_underscores_and_punctuation():
    table = read_table(b"INVOICE_NUMBER,  Total.\nF1,1\n", COLUMNS)
    assert set(table.headers) == {"number", "total"}


def test_unknown_columns_are_ignored_and_named():
    table = read_table(b"factuurnummer;totaal;grootboek\nF1;1;8000\n", COLUMNS)
    assert table.errors == ()
    assert table.ignored == ("grootboek",)


def test_missing_required_columns_are_one_error_on_line_1():
    table = read_table(b"opmerking\nx\n", COLUMNS)
    assert len(table.errors) == 1
    error = table.errors[0]
    assert error.line == 1
    assert "invoice number (factuurnummer)" in error.message
    assert "total (totaal)" in error.message


def test_a_column_named_twice_is_refused():
    table = read_table(b"factuurnummer;invoice number;totaal\n", COLUMNS)
    assert table.errors[0].column == "invoice number"


def test_line_numbers_count_as_a_spreadsheet_does():
    data = b'factuurnummer;totaal;opmerking\nF1;1;"two\nlines"\n;;\nF2;2;\n'
    table = read_table(data, COLUMNS)
    assert [r.line for r in table.records] == [2, 4]


def test_an_empty_file_is_one_error():
    assert read_table(b"", COLUMNS).errors[0].message.startswith("the file is empty")


def test_a_row_longer_than_the_header_is_refused():
    table = read_table(b"factuurnummer;totaal\nF1;1;extra\nF2;2;\n", COLUMNS)
    assert [e.line for e in table.errors] == [2]
    assert [r.line for r in table.records] == [3]


def test_the_delimiter_is_the_most_frequent_one_outside_quotes():
    assert detect_delimiter('"a;b",c,d') == ","
    assert detect_delimiter("a;b;c") == ";"


def test_utf8_is_preferred_over_windows_1252():
    assert decode("Café".encode()) == "Café"


def test_a_nul_character_in_a_cell_is_named_by_line_and_column():
    table = read_table(b"factuurnummer;totaal;opmerking\nF1;1;ok\nF2;2;n\x00t\n", COLUMNS)
    assert [(e.line, e.column) for e in table.errors] == [(3, "opmerking")]
    assert "NUL character" in table.errors[0].message
    assert [r.cells["number"] for r in table.records] == ["F1"]


def test_a_nul_character_in_an_unread_column_is_refused_too():
    table = read_table(b"factuurnummer;totaal;grootboek\nF1;1;80\x0000\n", COLUMNS)
    assert [(e.line, e.column) for e in table.errors] == [(2, "grootboek")]


def test_a_nul_character_in_the_header_refuses_the_file():
    table = read_table(b"factuurnummer;totaal;opmer\x00king\nF1;1;x\n", COLUMNS)
    assert [(e.line, e.column) for e in table.errors] == [(1, "")]
    assert table.records == ()
