"""Cursor connections: ``first``/``last`` limits, offset cursors and page windows."""

from __future__ import annotations

import base64
import binascii
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from schema.errors import ErrorCode, refusal

MAX_PAGE = 100
DEFAULT_PAGE = 20
MAX_POSITION = 2**53
"""Cursor positions and row ids above this are not ours (and would overflow a BIGINT)."""
T = TypeVar("T")


def check_size(name: str, value: int | None) -> None:
    """``first``/``last`` must be between 1 and 100."""
    if value is not None and not 1 <= value <= MAX_PAGE:
        raise refusal(
            ErrorCode.BAD_USER_INPUT,
            "bad_input.page_size",
            {"argument": name},
            argument=name,
            limit=MAX_PAGE,
            value=value,
        )


def is_small_number(text: str) -> bool:
    """Plain ASCII digits of a number up to :data:`MAX_POSITION` (no ``²``, no overflow)."""
    return text.isascii() and text.isdigit() and len(text) <= 16 and int(text) <= MAX_POSITION


def encode_cursor(kind: str, position: int) -> str:
    return base64.urlsafe_b64encode(f"{kind}:{position}".encode()).decode().rstrip("=")


def decode_cursor(kind: str, cursor: str | None, argument: str) -> int | None:
    """The position inside a cursor made by :func:`encode_cursor` (BAD_USER_INPUT if not one)."""
    if cursor is None:
        return None
    try:
        padded = cursor + "=" * (-len(cursor) % 4)
        found_kind, _, position = base64.urlsafe_b64decode(padded).decode().partition(":")
        if found_kind == kind and is_small_number(position):
            return int(position)
    except (binascii.Error, UnicodeDecodeError, ValueError):
        pass
    raise refusal(
        ErrorCode.BAD_USER_INPUT, "bad_input.cursor", {"argument": argument}, argument=argument
    )


@dataclass(frozen=True)
class Window:
    """Which slice of an ordered list to answer: ``limit`` items from offset ``start``."""

    start: int
    limit: int
    from_end: bool
    """True when ``last`` was given without ``before``: the end is the total count."""
    last: int | None
    end: int | None


def window(
    kind: str,
    first: int | None,
    after: str | None,
    last: int | None,
    before: str | None,
) -> Window:
    check_size("first", first)
    check_size("last", last)
    if first is not None and last is not None:
        raise refusal(ErrorCode.BAD_USER_INPUT, "bad_input.first_and_last")
    after_pos = decode_cursor(kind, after, "after")
    before_pos = decode_cursor(kind, before, "before")
    start = 0 if after_pos is None else after_pos + 1
    end = before_pos
    if last is not None:
        if end is None:
            return Window(start, last, True, last, None)
        begin = max(start, end - last)
        return Window(begin, max(end - begin, 0), False, last, end)
    size = DEFAULT_PAGE if first is None else first
    if end is not None:
        size = max(min(size, end - start), 0)
    return Window(start, size, False, None, end)


def settle(win: Window, total: int) -> Window:
    """A ``last``-from-the-end window, placed once the total is known."""
    if not win.from_end or win.last is None:
        return win
    begin = max(win.start, total - win.last)
    return Window(begin, max(total - begin, 0), False, win.last, total)


@dataclass
class PageInfoValue:
    has_next_page: bool
    has_previous_page: bool
    start_cursor: str | None
    end_cursor: str | None


class EdgeValue(Generic[T]):
    """One item of a page and its cursor: given, or made from the item's position in the
    list when asked (most queries read ``nodes`` and never a cursor)."""

    __slots__ = ("_cursor", "_kind", "_index", "node", "distance_km")

    def __init__(
        self,
        cursor: str | None,
        node: T,
        distance_km: float | None = None,
        *,
        kind: str = "",
        index: int = 0,
    ) -> None:
        self._cursor = cursor
        self._kind = kind
        self._index = index
        self.node = node
        self.distance_km = distance_km

    @property
    def cursor(self) -> str:
        if self._cursor is None:
            self._cursor = encode_cursor(self._kind, self._index)
        return self._cursor


class ConnectionValue(Generic[T]):
    """What a connection field resolves to; ``totalCount`` is computed only when asked."""

    def __init__(
        self,
        edges: list[EdgeValue[T]],
        page_info: PageInfoValue,
        total: int | Callable[[], Awaitable[int]],
    ) -> None:
        self._edges: list[EdgeValue[T]] | None = edges
        self._page_info: PageInfoValue | None = page_info
        self._total = total

    @property
    def edges(self) -> list[EdgeValue[T]]:
        assert self._edges is not None
        return self._edges

    @property
    def page_info(self) -> PageInfoValue:
        assert self._page_info is not None
        return self._page_info

    @property
    def nodes(self) -> list[T]:
        return [edge.node for edge in self.edges]

    async def total_count(self) -> int:
        if isinstance(self._total, int):
            return self._total
        self._total = await self._total()
        return self._total


class PageValue(ConnectionValue[T]):
    """A page of items at known positions of a list: its edges and cursors are made only
    when the query asks for them (most read ``nodes`` only; a page of organizations with
    their services would otherwise make a few hundred edges and cursors nobody reads)."""

    def __init__(
        self,
        kind: str,
        items: Sequence[T],
        start: int,
        has_next: bool,
        total: int | Callable[[], Awaitable[int]],
        extra: Callable[[T], dict[str, Any]] | None = None,
    ) -> None:
        self._edges = None
        self._page_info = None
        self._total = total
        self._kind, self._items, self._start, self._has_next = kind, items, start, has_next
        self._extra = extra

    @property
    def edges(self) -> list[EdgeValue[T]]:
        if self._edges is None:
            kind, start, extra = self._kind, self._start, self._extra
            self._edges = [
                EdgeValue(None, item, kind=kind, index=start + i, **(extra(item) if extra else {}))
                for i, item in enumerate(self._items)
            ]
        return self._edges

    @property
    def page_info(self) -> PageInfoValue:
        if self._page_info is None:
            kind, start, items = self._kind, self._start, self._items
            self._page_info = PageInfoValue(
                has_next_page=self._has_next,
                has_previous_page=start > 0,
                start_cursor=encode_cursor(kind, start) if items else None,
                end_cursor=encode_cursor(kind, start + len(items) - 1) if items else None,
            )
        return self._page_info

    @property
    def nodes(self) -> list[T]:
        return list(self._items)


def build(
    kind: str,
    items: Sequence[T],
    start: int,
    has_next: bool,
    total: int | Callable[[], Awaitable[int]],
    extra: Callable[[T], dict[str, Any]] | None = None,
) -> ConnectionValue[T]:
    """The connection of ``items``, the page from position ``start`` of a ``kind`` list."""
    return PageValue(kind, items, start, has_next, total, extra)


def slice_list(
    kind: str,
    items: Sequence[T],
    first: int | None,
    after: str | None,
    last: int | None,
    before: str | None,
) -> ConnectionValue[T]:
    """A connection over a list already in memory."""
    win = settle(window(kind, first, after, last, before), len(items))
    chosen = list(items[win.start : win.start + win.limit])
    return build(kind, chosen, win.start, win.start + len(chosen) < len(items), len(items))
