"""Webhook delivery metrics (exposed at ``/metrics`` with the rest)."""

from __future__ import annotations

from prometheus_client import Counter, Gauge, Histogram

DELIVERIES = Counter(
    "directory_webhook_deliveries_total",
    "Webhook delivery attempts and decisions, by outcome: delivered (2xx), retry (failed, "
    "will be retried), failed (gave up after 24 hours), dropped (the subscriber may not see "
    "the event, or its client was revoked or its subscription disabled).",
    ["outcome"],
)
QUEUE_DEPTH = Gauge(
    "directory_webhook_queue_depth",
    "Webhook deliveries waiting to be sent (PENDING), as last counted by a worker.",
    multiprocess_mode="mostrecent",
)
OLDEST_PENDING_AGE = Gauge(
    "directory_webhook_oldest_pending_age_seconds",
    "Age of the oldest PENDING webhook delivery, as last measured by a worker (0 when none).",
    multiprocess_mode="mostrecent",
)
LATENCY = Histogram(
    "directory_webhook_delivery_latency_seconds",
    "Time from the change to the receiver's 2xx answer, for deliveries that succeeded.",
    buckets=(0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0, 60.0, 300.0, 3600.0),
)
