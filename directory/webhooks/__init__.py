"""Push sync for partners: signed webhooks on change-feed events.

``models`` (subscriptions and the delivery outbox), ``outbox`` (deliveries written in the
change's own transaction), ``signing`` (Standard Webhooks), ``addresses`` (where a webhook
may be sent), ``sender`` (one HTTP attempt), ``worker`` (claims due deliveries and sends
them), ``subscriptions`` (create, delete, list, redeliver) and ``metrics``.
"""
