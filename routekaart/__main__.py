"""``python -m routekaart`` runs the same command as ``routekaart``."""

from .cli import main

main()
