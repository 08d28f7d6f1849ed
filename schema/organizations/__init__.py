"""The organizations domain of the GraphQL API."""
