import pytest

from quicklooks.ingest.fetching import forget_robots
from tests.ingest.server import FixtureServer


@pytest.fixture
def fixture_server():
    forget_robots()
    with FixtureServer() as server:
        yield server
    forget_robots()
