"""The GraphQL API: per-domain query modules, dataloaders, limits, errors and the HTTP endpoint.

``schema.api`` composes the root types; ``server.graphql_http`` serves them over HTTP.
"""
