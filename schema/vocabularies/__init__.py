"""The vocabularies domain of the GraphQL API."""
