"""The registry of cms/navigation.py: the apps register their quick access
groups, profile sections and frame values in ready(), in a stable order, and
registering a key again replaces the entry (ready() may run twice)."""

from cms import navigation


def test_the_apps_register_their_parts():
    assert [entry.key for entry in navigation.quick_access()] == ["offices", "workspaces"]
    assert [section.key for section in navigation.profile_sections()] == ["workspaces"]
    assert "accessibility_statement" in navigation.frame_values()


def test_order_and_replacement():
    try:
        navigation.register_quick_access("zwischen", "Zwischen", list, order=15)
        assert [e.key for e in navigation.quick_access()] == ["offices", "zwischen", "workspaces"]
        navigation.register_quick_access("zwischen", "Zuletzt", list, order=99)
        entries = navigation.quick_access()
        assert [e.key for e in entries] == ["offices", "workspaces", "zwischen"]
        assert entries[-1].label == "Zuletzt"
    finally:
        navigation._QUICK_ACCESS.pop("zwischen", None)
    assert [entry.key for entry in navigation.quick_access()] == ["offices", "workspaces"]
