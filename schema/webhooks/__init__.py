"""Webhook subscriptions: types, mutations and the event payload (push sync for partners)."""
