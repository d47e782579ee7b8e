import pytest

from innen.letters.headers import is_one_line, one_line


@pytest.mark.parametrize(
    "text", ["a\r\nBcc: x@y", "a\nb", "a\rb", "a\x00b", "a\tb", "a\x0bb", "a\u2028b", "a\x85b"]
)
def test_line_breaks_and_control_characters_are_not_one_line(text):
    assert not is_one_line(text)
    assert is_one_line(one_line(text))


def test_an_ordinary_name_is_one_line_and_stays_as_it_is():
    assert is_one_line("Bakkerij De Korenschoof B.V. — Ünïcode")
    assert one_line("Bakkerij De Korenschoof B.V.") == "Bakkerij De Korenschoof B.V."


def test_one_line_puts_a_space_where_a_line_broke():
    assert one_line("Bakkerij\r\nBcc: dief@example.com") == "Bakkerij Bcc: dief@example.com"
