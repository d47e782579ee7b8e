from innen.bench import Figure, percentile


def test_a_figure_prints_as_name_value_unit():
    assert Figure("run_seconds", 12.345, "s").line() == "run_seconds: 12.35 s"


def test_a_figure_with_a_floor_prints_its_ratio():
    line = Figure("run_seconds", 300.0, "s", floor=100.0).line()
    assert line == "run_seconds: 300 s (floor 100 s, ratio 3.00)"


def test_the_95th_percentile_of_twenty_samples_is_the_nineteenth():
    assert percentile([float(n) for n in range(1, 21)], 0.95) == 19.0
