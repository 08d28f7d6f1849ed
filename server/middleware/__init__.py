"""The ASGI middleware around every route, outermost first as ``server.asgi`` stacks it:
request ids, Prometheus counters, trusted proxies, guards (body size, NUL bytes, database
down, nosniff), bearer tokens (who is calling), and ``Idempotency-Key`` replays."""
