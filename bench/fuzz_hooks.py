"""schemathesis hooks for bench/fuzz.py: the run does not log out the accounts it runs as.

Resetting a user's password, deactivating a user or a client, and rotating a client's secret
end that account's tokens, by design (api/directory). The fuzzer finds the admin's own id in
``GET /me`` and resets it within seconds; the rest of that role's run would be 401s. A request
that would change one of the harness's own accounts (``FUZZ_OWN_ACCOUNTS``, comma-separated
ids) is sent for an unknown id instead and answers 404; every other account is fuzzed as usual.

Loaded by schemathesis from this file's path (``hooks`` in the config bench/fuzz.py writes), so
it imports nothing from the project.
"""

from __future__ import annotations

import os
import uuid
from typing import Any

import schemathesis

# operation id -> the path parameter naming the account it may log out
ENDS_SESSIONS = {
    "users:reset-password": "user_id",
    "users:update": "user_id",
    "clients:update": "client_uuid",
    "clients:rotate-secret": "client_uuid",
}
OWN_ACCOUNTS = frozenset(filter(None, os.environ.get("FUZZ_OWN_ACCOUNTS", "").split(",")))


@schemathesis.hook
def before_call(context: Any, case: Any, kwargs: dict[str, Any]) -> None:
    parameter = ENDS_SESSIONS.get(case.operation.definition.raw.get("operationId", ""))
    path = case.path_parameters or {}
    if parameter and str(path.get(parameter, "")).lower() in OWN_ACCOUNTS:
        path[parameter] = str(uuid.uuid4())
