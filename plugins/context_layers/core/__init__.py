"""The engine, with no MkDocs in it: annotation files read and checked, quotes anchored, notes woven
into the Python-Markdown element tree. Modules here import only each other (and libraries), never
`publish`, `tools` or a host."""
