"""The city-scale benchmark (``make bench``): settings and URLs of the app
under test, the floor view, the locust file and the driver that prints the
table. Nothing here runs in ``make test``."""
