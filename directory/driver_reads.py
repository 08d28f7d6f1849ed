"""Record reads run on asyncpg itself, for GraphQL queries on PostgreSQL.

A record read (:meth:`directory.reader.Reader._records`) is a Core select whose rows become
named tuples. Through SQLAlchemy's execution layer each one costs, besides the database's
work, an execution context, a parameter set, a cursor adapter and a result with a ``Row``
per row: on the standard page query (six statements, about 500 rows) a fifth of the
service's CPU. Here the statement is still built, keyed and compiled by SQLAlchemy (its
cache key finds the compiled form, whose SQL text asyncpg prepares once per connection),
but the parameters go to ``asyncpg.Connection.fetch`` directly and its records come back
through the columns' own result processors only where a column has one.

What stays the same: the statements (so the visibility rule is the reader's, unchanged),
the values (``tests/directory/test_driver_reads.py`` compares every record type with the
SQLAlchemy path), ``before_cursor_execute`` listeners (the statement-count test counts these
reads too), and errors: a driver error is raised as SQLAlchemy's ``DBAPIError`` family,
and a lost connection is invalidated, as on the ordinary path
(:mod:`directory.unavailable` tells them apart the same way).

Only for sessions without a transaction (GraphQL reads, :meth:`Database.statement_session`):
a statement sent past SQLAlchemy would not be part of one it had begun.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from typing import Any, NoReturn, TypeVar

from sqlalchemy import Select
from sqlalchemy import exc as sa_exc
from sqlalchemy.engine import Dialect
from sqlalchemy.ext.asyncio import AsyncConnection

Processor = Callable[[Any], Any] | None
T = TypeVar("T")
_UNSEEN: Any = object()


@dataclass(frozen=True)
class _Compiled:
    compiled: Any
    sql: str
    binds: tuple[tuple[str, Processor], ...]
    """Parameter names in ``$1, $2…`` order, each with its bind processor."""
    results: tuple[tuple[int, Callable[[Any], Any]], ...]
    """The columns that have a result processor: ``(index, processor)``."""


class DriverReads:
    """Runs record selects on the connection's asyncpg driver (one per engine)."""

    SIZE = 500
    """Compiled statements kept (a statement's form, not its parameter values)."""

    def __init__(self, dialect: Dialect) -> None:
        self._dialect = dialect
        self._compiled: OrderedDict[Any, _Compiled | None] = OrderedDict()

    async def rows(
        self,
        connection: AsyncConnection,
        statement: Select[Any],
        params: dict[str, Any] | None = None,
    ) -> Sequence[Any]:
        """The rows of ``statement`` as tuples (asyncpg records, processed where needed);
        ``params`` gives parameters by name (a template's, built without their values)."""
        cache_key = statement._generate_cache_key()
        if cache_key is None:  # not cacheable: SQLAlchemy's own path
            return list(await connection.execute(statement, params))
        adapted = (await connection.get_raw_connection()).dbapi_connection
        assert adapted is not None
        entry = self._compiled.get(cache_key.key, _UNSEEN)
        if entry is _UNSEEN:
            entry = await self._compile(connection, adapted, statement, cache_key)
            self._compiled[cache_key.key] = entry
            if len(self._compiled) > self.SIZE:
                self._compiled.popitem(last=False)
        if entry is None:  # parameters rendered per execution: SQLAlchemy's own path
            return list(await connection.execute(statement, params))
        values = entry.compiled.construct_params(
            params, extracted_parameters=cache_key.bindparams, escape_names=False
        )
        args = [
            values[name] if process is None else process(values[name])
            for name, process in entry.binds
        ]
        sync = connection.sync_connection
        assert sync is not None
        if sync._has_events or sync.engine._has_events:
            sync.dispatch.before_cursor_execute(sync, None, entry.sql, tuple(args), None, False)
        records = await self._call(
            connection, adapted, entry.sql, args, adapted.driver_connection.fetch
        )
        if not entry.results:
            return records  # type: ignore[no-any-return]
        processed = []
        for record in records:
            row = list(record)
            for index, process in entry.results:
                value = row[index]
                if value is not None:
                    row[index] = process(value)
            processed.append(row)
        return processed

    async def scalar(self, connection: AsyncConnection, statement: Select[Any]) -> Any:
        """The first column of the first row, or None."""
        rows = await self.rows(connection, statement)
        return rows[0][0] if rows else None

    async def _compile(
        self, connection: AsyncConnection, adapted: Any, statement: Select[Any], cache_key: Any
    ) -> _Compiled | None:
        """The statement's compiled form; None when some parameter is rendered into the
        text per execution (an expanding ``IN``, a literal-execute value). The database
        describes its result columns once, for the processors that depend on their types
        (numeric ones do)."""
        dialect = self._dialect
        # Compiled against its cache key, so that later statements of the same form can
        # give it their own values (``construct_params(extracted_parameters=…)``).
        compiled: Any = statement.compile(dialect=dialect, cache_key=cache_key)
        if compiled.literal_execute_params or compiled.post_compile_params:
            return None
        processors = compiled._bind_processors
        binds = tuple((name, processors.get(name)) for name in compiled.positiontup or ())
        sql = compiled.string
        described = await self._call(
            connection, adapted, sql, [], adapted.driver_connection.prepare
        )
        types = [attribute.type.oid for attribute in described.get_attributes()]
        results = (
            (index, column.type._cached_result_processor(dialect, oid))
            for index, (column, oid) in enumerate(zip(compiled._result_columns, types, strict=True))
        )
        return _Compiled(
            compiled,
            sql,
            binds,
            tuple((index, process) for index, process in results if process is not None),
        )

    async def _call(
        self,
        connection: AsyncConnection,
        adapted: Any,
        sql: str,
        args: list[Any],
        work: Callable[..., Awaitable[T]],
    ) -> T:
        """``work(sql, *args)`` on the driver as SQLAlchemy's adapter runs it: one operation
        at a time on a connection (the adapter's own lock, so a read left over from a
        finished request waits instead of colliding), errors as :meth:`_raise` says."""
        assert adapted.autocommit, "driver reads run only outside transactions"
        try:
            async with adapted._execute_mutex:
                return await work(sql, *args)
        except Exception as error:
            await self._raise(connection, adapted, sql, args, error)
        except BaseException:
            # Cancelled mid-statement (a request's timeout): the driver may still wait for
            # the server's answer, so the connection is closed now and dropped when it
            # returns to the pool, as SQLAlchemy does on such exits.
            adapted.driver_connection.terminate()
            sync = connection.sync_connection
            if sync is not None and not sync.invalidated:
                sync.connection.invalidate(soft=True)
            raise

    async def _raise(
        self,
        connection: AsyncConnection,
        adapted: Any,
        sql: str,
        args: list[Any],
        error: Exception,
    ) -> NoReturn:
        """Raise ``error`` as SQLAlchemy would have: the adapter's DBAPI exception wrapped in
        ``DBAPIError``; a lost connection is invalidated (the pool opens another)."""
        dialect = self._dialect
        try:
            adapted._handle_exception(error)  # raises the DBAPI-level exception
        except Exception as translated:
            dbapi_error = translated
        else:  # pragma: no cover - the adapter always raises
            dbapi_error = error
        dbapi = dialect.loaded_dbapi
        lost = isinstance(dbapi_error, dbapi.Error) and dialect.is_disconnect(
            dbapi_error, adapted, None
        )
        if lost:
            # As SQLAlchemy does: every connection opened before this one is replaced at its
            # next checkout (the database probably restarted), this one at once.
            sync = connection.sync_connection
            assert sync is not None
            sync.engine.pool._invalidate(sync.connection, dbapi_error, _checkin=False)
            await connection.invalidate(dbapi_error)
        if not isinstance(dbapi_error, dbapi.Error):
            raise error
        raise sa_exc.DBAPIError.instance(
            sql,
            tuple(args),
            dbapi_error,
            dbapi.Error,
            hide_parameters=True,
            connection_invalidated=lost,
            dialect=dialect,
            ismulti=False,
        ) from error
