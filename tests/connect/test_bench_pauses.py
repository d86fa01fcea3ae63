"""bench/cluster.py's diagnostic for the full stream: gold stories cut where they pause longer
than the story window (what a streaming clusterer with that window can reach at best)."""
import importlib.util
from datetime import datetime, timedelta
from pathlib import Path

from lagebild.connect.cluster import StreamItem

_spec = importlib.util.spec_from_file_location(
    "bench_cluster", Path(__file__).resolve().parents[2] / "bench" / "cluster.py")
bench = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(bench)


def test_a_story_pausing_longer_than_the_window_counts_as_two():
    t0 = datetime(2025, 3, 1)
    days = [0, 3, 20, 22, 1]
    labels = ["a", "a", "a", "a", "b"]
    items = [StreamItem(f"d{i}", "x", t0 + timedelta(days=d)) for i, d in enumerate(days)]
    cut = bench.cut_at_pauses(items, labels, window_days=14)
    assert cut[0] == cut[1] != cut[2] == cut[3]  # 3 -> 20 days: a pause of 17 days > 14
    assert cut[4] != cut[0]
    assert bench.cut_at_pauses(items, labels, window_days=30)[:4] == [cut[0]] * 4


def test_undated_reports_never_cut_a_story():
    t0 = datetime(2025, 3, 1)
    items = [StreamItem("d0", "x", t0), StreamItem("d1", "x", None), StreamItem("d2", "x", t0 + timedelta(days=2))]
    assert len(set(bench.cut_at_pauses(items, ["a", "a", "a"], window_days=14))) == 1


def test_tuning_material_keeps_two_streams_labels_apart_and_in_time_order():
    t0 = datetime(2025, 3, 1)
    a = [StreamItem("s001-01", "x", t0), StreamItem("s001-02", "y", t0 + timedelta(days=40))]
    b = [StreamItem("s001-01", "z", t0 + timedelta(days=2))]
    items, labels = bench.tuning_material([("stream", a, ["flood", "flood"]), ("stream_b", b, ["flood"])])
    assert [it.doc_id for it in items] == ["stream:s001-01", "stream_b:s001-01", "stream:s001-02"]
    assert labels == ["stream:flood", "stream_b:flood", "stream:flood"]
