"""Workspaces: closed project areas (see the workspaces issue)."""
