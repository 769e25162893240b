"""`python -m context_layers` runs the command-line tool."""

from .cli import main

raise SystemExit(main())
