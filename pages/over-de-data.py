"""Over de data: every table with its sources, its sourced/modelled share, the model's rules, the checks,
the credit, and every table to download."""

import streamlit as st

from kansrijke.domain import about_data
from kansrijke.text import fmt_int, t
from kansrijke.ui import dataset, render, state, widgets
from kansrijke.ui.cache import TABLES, call, get
from kansrijke.views import about_view, captions

state.through_app()
lang = state.language()
data = dataset.data_or_stop()

st.title(t("over_de_data.title", lang))
st.write(t("over_de_data.intro", lang))

# --- Checks ---------------------------------------------------------------------------------------------------
st.subheader(t("over_de_data.status.title", lang))
issues = dataset.current_issues()
if issues:
    st.error(t("over_de_data.status.problems", lang, n=fmt_int(len(issues), lang)))
    st.code("\n".join(issues), language=None, wrap_lines=True)
else:
    st.success(about_view.status_text(lang))

# --- Overview of all tables -----------------------------------------------------------------------------------
st.subheader(t("over_de_data.overview.title", lang))
overview = call(about_data.overview_table, call(about_data.overview, TABLES), lang)
st.dataframe(get(data, render.as_arrow_table, overview), hide_index=True, width="stretch", key="overzicht")
st.caption(t("over_de_data.overview.caption", lang))

# --- One table in detail (the choice is part of the link: ?tabel=financiering) --------------------------------
frames = about_data.table_frames(data.tables)
names = list(frames)
state.restore_from_url("tabel", names)
name = st.selectbox(
    t("over_de_data.table.pick", lang),
    names,
    key="tabel",
    format_func=lambda n: f"{n} — {about_view.describe(n, lang)}",
)
state.keep_in_url("tabel", name, names[0])
state.url_notice(lang)
st.markdown(f"**{captions.escape_markdown(about_view.describe(name, lang))}**")
st.write(about_view.share_text(frames[name], lang))
st.markdown(f"*{t('over_de_data.table.sources', lang)}*")
cited = about_view.sources_table(frames[name], lang)
if cited.empty:
    st.caption(t("over_de_data.table.no_sources", lang))
else:
    st.dataframe(cited, hide_index=True, width="stretch", key="bronnen")
widgets.download_buttons(frames[name], name, lang, key=f"download_{name}")

st.markdown(f"*{t('over_de_data.download.title', lang)}*")
st.download_button(
    t("over_de_data.download.zip", lang),
    lambda: about_data.all_tables_zip(data.tables),
    file_name="kansrijke_start_data.zip",
    mime="application/zip",
    key="download_zip",
    on_click="ignore",
)
st.caption(t("over_de_data.download.zip_caption", lang, n=fmt_int(len(frames), lang)))

# --- The rules, the credit and official tables ----------------------------------------------------------------
render.lines(about_view.rules_and_credit(lang))
# Wrapped, not scrolled sideways: a scrollable block is out of reach of the keyboard (WCAG 2.1.1; axe's
# scrollable-region-focusable), and Streamlit gives no way to make it focusable.
st.code(
    'python -m kansrijke.data.load_official financiering-gids-2019 bijlage.xlsx --bron "Meicirculaire 2019, '
    'bijlage 3.2-16" --bron-datum 2019-05 --dry-run',
    language="bash",
    wrap_lines=True,
)
