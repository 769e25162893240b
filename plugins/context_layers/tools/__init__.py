"""The `context-layers` command line: check, new, fmt, stats, import, classroom. Reads a project
through MkDocs' own configuration loader; imports the core and publish."""
