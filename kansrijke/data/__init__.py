"""Data layer: files -> validated tables. Paths, schemas, the one loader, the last-good store, the model that fills
modelled rows, official-table loading and name matching, boundaries, and the command-line tools that build or
check the shipped files. Imports nothing from the layers above (domain, views, ui)."""
