"""The change feed: what happened to which organization, in commit order."""
