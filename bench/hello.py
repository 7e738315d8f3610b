"""The baseline for bench/throughput.py: a bare Flask hello-world app."""

from flask import Flask

app = Flask(__name__)


@app.get("/")
def hello() -> str:
    """Hello, world."""
    return "Hello, World!"


def create_app(config: dict | None = None) -> Flask:
    """The hello-world as a factory, so the benches serve it as ``routekaart serve`` serves the
    site (tests/servers.py ``start_app``); ``config`` is ignored."""
    return app
