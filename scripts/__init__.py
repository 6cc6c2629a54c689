"""Helper scripts run by hand (``python -m scripts.<name>``); not part of the dashboard."""
