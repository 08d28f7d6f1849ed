"""The viewer domain of the GraphQL API."""
