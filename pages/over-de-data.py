"""Over de data: every table with its sources, its sourced/modelled share, the model's rules, the checks,
the credit, and every table to download."""

from pathlib import Path

import streamlit as st

from kansrijke.data.paths import data_dir
from kansrijke.data.store import fingerprint
from kansrijke.data.tables import validate_dir
from kansrijke.domain import about_data
from kansrijke.text import catalogue, fmt_int, fmt_pct, t
from kansrijke.ui import cache, dataset, state, widgets
from kansrijke.views import captions

P = "over_de_data."
state.through_app()
lang = state.language()
tables = dataset.tables_or_stop()


@st.cache_data(show_spinner=False, max_entries=4)
def _current_issues(folder: str, stamp: tuple) -> list[str]:
    # keyed on the folder's fingerprint (names, sizes, times): validated again only when a file changes
    return [str(issue) for issue in validate_dir(Path(folder))]


def _describe(name: str) -> str:
    key = f"{P}desc.{name}"
    return t(key, lang) if key in catalogue(lang) else t(f"{P}desc.other", lang, name=name)


st.title(t(f"{P}title", lang))
st.write(t(f"{P}intro", lang))

# --- Checks ---------------------------------------------------------------------------------------------------
st.subheader(t(f"{P}status.title", lang))
folder = data_dir()
issues = _current_issues(str(folder), fingerprint(folder))
if issues:
    st.error(t(f"{P}status.problems", lang, n=fmt_int(len(issues), lang)))
    st.code("\n".join(issues), language=None, wrap_lines=True)
else:
    counts = about_data.check_counts()
    st.success(
        t(
            f"{P}status.ok",
            lang,
            tables=fmt_int(counts.tables, lang),
            cross=fmt_int(counts.cross, lang),
            recon=fmt_int(counts.reconciliations, lang),
            total=fmt_int(counts.total, lang),
        )
    )

# --- Overview of all tables -----------------------------------------------------------------------------------
st.subheader(t(f"{P}overview.title", lang))
overview = cache.cached(about_data.overview)(tables)
st.dataframe(about_data.overview_table(overview, lang), hide_index=True, width="stretch", key="overzicht")
st.caption(t(f"{P}overview.caption", lang))

# --- One table in detail (the choice is part of the link: ?tabel=financiering) --------------------------------
frames = about_data.table_frames(tables)
names = list(frames)
state.restore_from_url("tabel", names)
name = st.selectbox(t(f"{P}table.pick", lang), names, key="tabel", format_func=lambda n: f"{n} — {_describe(n)}")
state.keep_in_url("tabel", name, names[0])
state.url_notice(lang)
frame = frames[name]
share = about_data.basis_share(frame)
st.markdown(f"**{captions.escape_markdown(_describe(name))}**")
if "basis" in frame.columns:
    st.write(
        t(
            f"{P}table.share",
            lang,
            bron=fmt_int(share.bron, lang),
            total=fmt_int(share.total, lang),
            model=fmt_int(share.model, lang),
            pct=fmt_pct(share.bron_fraction, lang, 1),
        )
    )
else:
    st.write(t(f"{P}table.no_basis", lang, total=fmt_int(share.total, lang)))
cited = about_data.sources(frame)
st.markdown(f"*{t(f'{P}table.sources', lang)}*")
if cited.empty:
    st.caption(t(f"{P}table.no_sources", lang))
else:
    st.dataframe(
        cited.rename(
            columns={
                "bron": t(f"{P}col.source", lang),
                "bron_datum": t(f"{P}col.source_date", lang),
                "rijen": t(f"{P}col.source_rows", lang),
                "rijen_bron": t(f"{P}col.source_rows_bron", lang),
            }
        ),
        hide_index=True,
        width="stretch",
        key="bronnen",
    )
widgets.download_buttons(frame, name, lang, key=f"download_{name}")

st.markdown(f"*{t(f'{P}download.title', lang)}*")
st.download_button(
    t(f"{P}download.zip", lang),
    lambda: about_data.all_tables_zip(tables),
    file_name="kansrijke_start_data.zip",
    mime="application/zip",
    key="download_zip",
    on_click="ignore",
)
st.caption(t(f"{P}download.zip_caption", lang, n=fmt_int(len(frames), lang)))

# --- The rules ------------------------------------------------------------------------------------------------
st.subheader(t(f"{P}rules.title", lang))
st.write(t(f"{P}rules.intro", lang))
st.write(t(f"{P}rules.bron", lang))
for rule in about_data.rule_names(catalogue(lang)):
    why_key = f"{P}why.{rule}"
    why = t(why_key, lang) if why_key in catalogue(lang) else ""
    st.markdown(
        f"- **{captions.escape_markdown(t(f'regel.{rule}', lang))}** (`{rule}`): {captions.escape_markdown(why)}"
    )

# --- Credit and official tables -------------------------------------------------------------------------------
st.subheader(t(f"{P}credit.title", lang))
for key in ("credit.geo", "credit.population", "credit.programme"):
    st.write(t(f"{P}{key}", lang))
st.caption(t("credit.cbs", lang))

st.subheader(t(f"{P}official.title", lang))
st.write(t(f"{P}official.body", lang))
# Wrapped, not scrolled sideways: a scrollable block is out of reach of the keyboard (WCAG 2.1.1; axe's
# scrollable-region-focusable), and Streamlit gives no way to make it focusable.
st.code(
    'python -m kansrijke.data.load_official financiering-gids-2019 bijlage.xlsx --bron "Meicirculaire 2019, '
    'bijlage 3.2-16" --bron-datum 2019-05 --dry-run',
    language="bash",
    wrap_lines=True,
)
