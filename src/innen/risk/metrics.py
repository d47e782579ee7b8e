"""How good predictions are: MAE of days late, accuracy, AUC, Brier and a reliability table."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any


def scores(days: Sequence[float], p_late: Sequence[float], actual: Sequence[int]) -> dict[str, Any]:
    """MAE of `days` against `actual` days late; accuracy, AUC and Brier score of `p_late`
    for "late" (paid after the due date), an invoice called late when p_late > 1/2."""
    from sklearn.metrics import roc_auc_score

    late = [1 if value > 0 else 0 for value in actual]
    count = len(actual)
    mae = sum(abs(d - a) for d, a in zip(days, actual, strict=True)) / count
    called = [1 if p > 0.5 else 0 for p in p_late]
    accuracy = sum(1 for c, t in zip(called, late, strict=True) if c == t) / count
    auc = float(roc_auc_score(late, p_late)) if len(set(late)) == 2 else None
    brier = sum((p - t) ** 2 for p, t in zip(p_late, late, strict=True)) / count
    return {
        "mae": round(mae, 4),
        "accuracy": round(accuracy, 4),
        "auc": None if auc is None else round(auc, 4),
        "brier": round(brier, 4),
        "share_called_late": round(sum(called) / count, 4),
    }


def reliability(
    p_late: Sequence[float], actual: Sequence[int], bins: int = 10
) -> list[dict[str, Any]]:
    """Calibration by decile of the predicted chance: per bin how many invoices, the mean
    predicted chance and the share that was in fact late."""
    pairs = sorted(zip(p_late, (1 if a > 0 else 0 for a in actual), strict=True))
    table = []
    for index in range(bins):
        part = pairs[index * len(pairs) // bins : (index + 1) * len(pairs) // bins]
        if not part:
            continue
        table.append(
            {
                "decile": index + 1,
                "invoices": len(part),
                "predicted": round(sum(p for p, _ in part) / len(part), 4),
                "observed": round(sum(t for _, t in part) / len(part), 4),
            }
        )
    return table
