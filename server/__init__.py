"""The composition root: the ASGI app factory and the command line wire directory, auth and
schema together. Nothing else imports this package."""
