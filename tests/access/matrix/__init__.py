"""The declarative permission table, one module per domain; ``OPERATIONS`` merges them.

Each module defines ``OPERATIONS: list[Operation]``. An operation missing here fails
tests/access/test_matrix.py, so a new route cannot ship without its row.
"""

from __future__ import annotations

import importlib
import pkgutil

from tests.access.matrix.model import Operation


def _collect() -> dict[str, Operation]:
    merged: dict[str, Operation] = {}
    for module_info in pkgutil.iter_modules(__path__):
        if module_info.name == "model":
            continue
        module = importlib.import_module(f"{__name__}.{module_info.name}")
        for operation in module.OPERATIONS:
            assert operation.id not in merged, f"{operation.id} is in the matrix twice"
            merged[operation.id] = operation
    return merged


OPERATIONS = _collect()
