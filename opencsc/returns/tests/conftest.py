"""Fixtures of the returns' web tests (test_web.py, test_web_queries.py)."""

import pytest


@pytest.fixture
def as_user(client, personas):
    """The test client, signed in as the persona named."""
    def sign_in(username):
        client.force_login(personas[username])
        return client
    return sign_in


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """Run what a request schedules on commit (the build), as a real commit would."""
    def within(call):
        with django_capture_on_commit_callbacks(execute=True):
            return call()
    return within
