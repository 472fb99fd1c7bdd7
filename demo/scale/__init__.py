"""A city-sized, deterministic data set for benchmarks (``manage.py seed_scale``).

``plan`` decides everything from the seed (names, texts, memberships) without
touching the database; ``tree`` writes pages in bulk with correct treebeard
paths; ``build`` writes people, units, workspaces, pages and documents;
``checks`` verifies the result (tree, restriction index, permissions)."""
