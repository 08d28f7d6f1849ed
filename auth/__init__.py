"""OAuth 2 authorization server, scopes, and the Principal that says who is calling."""
