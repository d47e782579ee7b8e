"""How a remittance text is read: every reference and number window, in the scanner's order."""

from innen.matching.reading import NOTHING, read


def test_a_text_without_digits_offers_nothing():
    assert read("Bedankt voor de snelle levering") is NOTHING
    assert read("") is NOTHING


def test_number_windows_come_longest_first_then_left_to_right():
    (run,) = read("factuur 2026 - 0042 / 7").runs
    assert [(w.start, w.end, w.key) for w in run.windows] == [
        (0, 3, "2026-42-7"),
        (0, 2, "2026-42"),
        (1, 3, "42-7"),
        (0, 1, "2026"),
        (1, 2, "42"),
        (2, 3, "7"),
    ]


def test_a_window_of_several_groups_is_also_read_with_its_digits_run_together():
    (run,) = read("F2026-00042").runs
    assert [(w.key, w.flat, w.shown) for w in run.windows] == [
        ("2026-42", "202600042", "2026-00042"),
        ("2026", "", "2026"),
        ("42", "", "00042"),
    ]


def test_a_typo_is_only_read_in_windows_of_five_digits_or_more():
    (run,) = read("2026-0042").runs
    assert [w.shown for w in run.typo_windows] == ["2026-0042"]


def test_a_reference_typed_in_pieces_is_any_run_of_seven_to_sixteen_digits():
    (run,) = read("kenmerk 1234 5678 9012 3456").runs
    spans = {(start, end): digits for start, end, digits, _ in run.references}
    assert spans[(0, 4)] == "1234567890123456"
    assert spans[(1, 3)] == "56789012"
    assert (0, 1) not in spans  # four digits are no reference


def test_an_rf_reference_is_read_compacted_and_as_written():
    assert read("betaling RF18 5390 0754 7034").rf == (("RF18539007547034", "RF18 5390 0754 7034"),)
