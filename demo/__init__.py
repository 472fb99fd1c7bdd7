"""Demo and benchmark data: ``manage.py seed_demo`` (the demo intranet) and
``manage.py seed_scale`` (a city-sized data set, ``demo/scale/``).

One module per app feeds the demo (``home``, ``offices``, ``accessibility``,
``notifications``, ``workspaces/…``), sharing the idempotent get-or-create
helpers of ``builders``, the generated files of ``files`` and the German
texts of ``content``, ``content_areas`` and ``content_instructions``. This is
the one place allowed to import every app; no app imports it
(tests/cms/test_layering.py)."""
