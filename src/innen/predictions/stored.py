"""The fitted model of an organisation, kept as a file only innen writes and reads back.

A pickle runs code when loaded, so a model file is signed: an HMAC of its bytes under the
site's SECRET_KEY goes first, and a file whose HMAC does not match is never unpickled. Only
what innen itself wrote loads.
"""

from __future__ import annotations

import hmac
import pickle
from pathlib import Path

from django.conf import settings
from django.utils.crypto import salted_hmac

from innen.risk.model import Model

SALT = "innen.predictions.stored"


def model_path(organisation_id: int) -> Path:
    return Path(settings.VAR_DIR) / "prediction-models" / f"organisation-{organisation_id}.pickle"


def store(organisation_id: int, model: Model) -> Path:
    """Write `model` for the organisation (replacing the one before, atomically)."""
    data = pickle.dumps(model, protocol=pickle.HIGHEST_PROTOCOL)
    path = model_path(organisation_id)
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_suffix(".partial")
    partial.write_bytes(_sign(data).encode() + b"\n" + data)
    partial.replace(path)
    return path


def load(organisation_id: int) -> Model | None:
    """The organisation's stored model; None when there is none or its signature is wrong."""
    path = model_path(organisation_id)
    try:
        signature, _, data = path.read_bytes().partition(b"\n")
    except FileNotFoundError:
        return None
    if not hmac.compare_digest(signature.decode("ascii", "replace"), _sign(data)):
        return None
    model = pickle.loads(data)  # signed above: innen wrote it
    return model if isinstance(model, Model) else None


def _sign(data: bytes) -> str:
    return salted_hmac(SALT, data, algorithm="sha256").hexdigest()
