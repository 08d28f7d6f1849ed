"""The directory domain: models, storage, vocabularies, audit trail and change feed.

This package imports neither ``schema`` nor ``auth``; they build on it.
"""
