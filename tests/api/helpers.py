"""Assertions shared by the API tests."""


def assert_json_error(response, status):
    """``response`` has ``status``, is JSON and carries a non-empty German
    ``message``; returns the parsed body."""
    assert response.status_code == status, response.content[:300]
    assert response["Content-Type"].startswith("application/json")
    message = response.json()["message"]
    assert isinstance(message, str) and message
    return response.json()
