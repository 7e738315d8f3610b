"""The baseline for bench/throughput.py: a bare Flask hello-world app."""

from flask import Flask

app = Flask(__name__)


@app.get("/")
def hello() -> str:
    """Hello, world."""
    return "Hello, World!"
