"""Cursors are opaque and signed: anything but a cursor the API issued is a 422, never a 500."""

from __future__ import annotations

import uuid

import pytest

from api.errors import InvalidInput
from api.pagination import decode_cursor, encode_cursor


def test_a_cursor_round_trips() -> None:
    ident = uuid.uuid4()
    assert decode_cursor(encode_cursor(["2026-12-02T10:00:00+00:00", ident])) == [
        "2026-12-02T10:00:00+00:00",
        str(ident),
    ]


@pytest.mark.parametrize(
    "cursor",
    [
        "x.y",  # not base64, no valid signature
        ".\u00b7",  # a non-ASCII signature: found by schemathesis as a 500
        "\u00e5\u00e4\u00f6.abc",  # non-ASCII payload
        "",
    ],
)
def test_a_cursor_the_api_did_not_issue_is_invalid_input(cursor: str) -> None:
    with pytest.raises(InvalidInput) as refused:
        decode_cursor(cursor)
    assert [e.rule for e in refused.value.errors or []] == ["invalid_cursor"]


def test_a_cursor_with_another_signature_is_refused() -> None:
    token, _, signature = encode_cursor(["2026-12-02", str(uuid.uuid4())]).partition(".")
    forged = signature[:-1] + ("0" if signature[-1] != "0" else "1")
    with pytest.raises(InvalidInput):
        decode_cursor(f"{token}.{forged}")
