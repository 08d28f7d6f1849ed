"""Vocabularies shipped with the service: jurisdictions, categories, populations, languages."""
