"""Models of this workspace tool (see workspaces/tools.py)."""
