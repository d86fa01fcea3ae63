import pytest

from lagebild.connect.evaluate import bcubed, bcubed_interval, purity, split_and_merged


def test_bcubed_on_a_hand_computed_example():
    # gold: A = {1,2,3}, B = {4,5}; predicted: X = {1,2}, Y = {3,4,5}
    gold = {1: "A", 2: "A", 3: "A", 4: "B", 5: "B"}
    pred = {1: "X", 2: "X", 3: "Y", 4: "Y", 5: "Y"}
    s = bcubed(pred, gold)
    # precision per item: 1, 1, 1/3, 2/3, 2/3 -> 11/15; recall: 2/3, 2/3, 1/3, 1, 1 -> 11/15
    assert s.precision == pytest.approx(11 / 15)
    assert s.recall == pytest.approx(11 / 15)
    assert s.f1 == pytest.approx(11 / 15)
    split, merged = split_and_merged(pred, gold)
    assert split == {"A": [2, 1]}
    assert merged == {"Y": {"A": 1, "B": 2}}
    assert purity(pred, gold) == pytest.approx(4 / 5)


def test_bcubed_extremes():
    gold = {1: "A", 2: "A", 3: "B"}
    assert bcubed({1: 1, 2: 1, 3: 2}, gold).f1 == 1.0
    singletons = bcubed({1: 1, 2: 2, 3: 3}, gold)
    assert singletons.precision == 1.0 and singletons.recall == pytest.approx((0.5 + 0.5 + 1) / 3)
    one = bcubed({1: 0, 2: 0, 3: 0}, gold)
    assert one.recall == 1.0 and one.precision == pytest.approx((2 / 3 + 2 / 3 + 1 / 3) / 3)


def test_bcubed_interval_resamples_whole_stories():
    # a perfect clustering has no spread; one with an error in one of several stories does,
    # and its interval holds the full-set F1
    gold = {i: f"s{i // 3}" for i in range(30)}
    low, high, share = bcubed_interval(dict(gold), gold, resamples=300)
    assert low == high == 1.0 and share == 1.0
    pred = dict(gold)
    pred[0] = pred[3] = "merged"  # one report of s0 and one of s1 in a wrong story of their own
    full = bcubed(pred, gold).f1
    low, high, share = bcubed_interval(pred, gold, resamples=500)
    assert low < full < high <= 1.0 and 0.0 < share < 1.0
    # resamples draw whole stories: a story's reports keep the values they have in the full set
    assert bcubed_interval(pred, gold, resamples=500) == (low, high, share)  # seeded
