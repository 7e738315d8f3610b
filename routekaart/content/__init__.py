"""What staff write and how it is read: the content model, the YAML source with its line
numbers, loading and validating (what must pass before the site serves a version), the
advice for writers (``lint``), the glossary, sources and the JSON Schema for editors.

May import: nothing else of the package (the layers above build on it).
"""
