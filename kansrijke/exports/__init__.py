"""Files to take home: pictures of maps and charts (PNG, SVG), the presentation as PowerPoint and PDF, and a
factsheet per municipality (PDF). No Streamlit: the ui layer offers these files as downloads.

Every file is deterministic (the same inputs give the same bytes: no timestamps inside), carries its sources and
dates, and keeps sourced and modelled rows apart in colour and without colour (lighter plus a hatch)."""
