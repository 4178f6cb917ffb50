"""The SQL statements a block of code sends: the tests that a request's statements do not grow
with the rows it returns (issue #7, no N+1) count them, and the plan tests explain them."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any, TypeVar

from sqlalchemy import Engine, event

T = TypeVar("T")


@contextmanager
def _recorded(engine: Engine, entry: Callable[[str, Any], T]) -> Iterator[list[T]]:
    sent: list[T] = []

    def seen(conn: Any, cursor: Any, statement: str, parameters: Any, *args: Any) -> None:
        sent.append(entry(statement, parameters))

    event.listen(engine, "before_cursor_execute", seen)
    try:
        yield sent
    finally:
        event.remove(engine, "before_cursor_execute", seen)


@contextmanager
def statements_sent(engine: Engine) -> Iterator[list[str]]:
    """Every statement the engine sends while the block runs."""
    with _recorded(engine, lambda statement, _: statement) as sent:
        yield sent


@contextmanager
def statements_with_parameters(engine: Engine) -> Iterator[list[tuple[str, Any]]]:
    """Every statement with its parameters, as the driver got them (to explain it again)."""
    with _recorded(engine, lambda statement, parameters: (statement, parameters)) as sent:
        yield sent
