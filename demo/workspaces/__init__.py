"""The demo workspaces (``spaces``) and the demo content of their tools
(``documents``, ``calendar``, ``discussions``, ``glossary``)."""
