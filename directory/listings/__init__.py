"""Writing listings: every change validates first, then writes its rows, revisions and
change event in one transaction."""
