"""Demo content for ``manage.py seed_demo``: the German texts and data
(``content``), the generated files (``files``), idempotent get-or-create
helpers (``builders``) and the steps that put them together (``seed``)."""
