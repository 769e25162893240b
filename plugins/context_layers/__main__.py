"""`python -m context_layers` runs the command-line tool."""

from .tools.cli import main

raise SystemExit(main())
