"""The reader's strings in languages other than English: one module per language code, each
with a `STRINGS` mapping holding exactly the keys of `core.strings.EN` (see that module)."""
