"""Kansrijke Start dashboard: data, domain logic, charts and maps."""
