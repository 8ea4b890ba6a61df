"""What a slide of the presenter mode shows, as HTML in the classes of kansrijke/ui/css/presenter.css: the figure
cards, the source line, the progress bar of Nu Niet Zwanger, a story. Every figure comes from domain/slides.py
(published figures from mijlpalen.csv, each with its source); every text is escaped."""

from __future__ import annotations

import html

from kansrijke.domain import slides, stories
from kansrijke.text import fmt_milestone, fmt_pct, t
from kansrijke.views.captions import legend_html
from kansrijke.views.maps import legend_items


def esc(text) -> str:
    return html.escape(str(text), quote=True)


def kicker(current: int, count: int, lang: str) -> str:
    """Where we are: 'Kansrijke Start · dia 3 van 10'."""
    return (
        f'<div class="ks-kicker">{esc(t("presentatie.kicker", lang))} · '
        f"{esc(t('presentatie.counter', lang, n=current, total=count))}</div>"
    )


def note(slide, lang: str) -> str:
    return f'<p class="ks-note">{esc(t(slide.spec.note_key, lang))}</p>'


def sources_html(sources, lang: str, extra: str = "") -> str:
    """The source line of a slide: every document behind its figures, with its date (plus e.g. the map credit)."""
    parts = [f"{s.bron} ({s.bron_datum})" if s.bron_datum else s.bron for s in sources]
    key = "presentatie.source" if len(parts) == 1 else "presentatie.sources"
    line = t(key, lang, sources="; ".join(parts)) + (f". {extra}" if extra else "")
    return f'<div class="ks-sources">{esc(line)}</div>'


def card_html(figure, lang: str) -> str:
    return (
        f'<div class="ks-card"><div class="ks-value">{esc(fmt_milestone(figure.row, lang))}</div>'
        f'<div class="ks-label">{esc(t(figure.ref.label_key, lang))}</div>'
        f'<div class="ks-date">{esc(slides.date_text(figure.row, lang))}</div></div>'
    )


def cards_html(figures, lang: str) -> str:
    many = " ks-many" if len(figures) > 3 else ""  # five amounts: three a row, a little smaller
    return f'<div class="ks-cards{many}">' + "".join(card_html(f, lang) for f in figures) + "</div>"


def map_side(slide, summary: str, lang: str) -> tuple[str, ...]:
    """Beside the map of a map slide: its figures, the summary sentence, the legend and (beside the map, not under
    it: the map takes the screen's height, the sources stay on the screen) the sources."""
    return (
        cards_html(slide.figures, lang),
        f'<p class="ks-summary">{esc(summary)}</p>',
        f'<div class="ks-legend">{legend_html(legend_items(), lang)}</div>',
        sources_html(slide.sources, lang, extra=t("presentatie.map_credit", lang)),
    )


def progress_text(slide, lang: str) -> str:
    return t(
        "presentatie.nnz.progress",
        lang,
        pct=fmt_pct(slide.progress_pct, lang),
        target=fmt_milestone(slide.target.row, lang),
        target_date=slides.date_text(slide.target.row, lang),
    )


def nnz_progress(slide, lang: str) -> str:
    """The first figure of the NNZ slide with its progress to the target as a bar (and in words)."""
    progress = progress_text(slide, lang)
    width = max(0.0, min(100.0, slide.progress_pct))
    return (
        cards_html([slide.figures[0]], lang)
        + f'<div class="ks-progress" role="img" aria-label="{esc(progress)}">'
        + f'<div style="width:{width:.1f}%"></div></div>'
        + f'<div class="ks-label">{esc(progress)}</div>'
    )


def nnz_reach(slide, lang: str) -> str:
    return cards_html(slide.figures[1:], lang) + f'<p class="ks-date">{esc(t("presentatie.nnz.reach_note", lang))}</p>'


def story_html(slide, story: stories.Story, lang: str) -> str:
    return (
        f'<div class="ks-label" style="margin-bottom:0.6rem"><b>{esc(stories.places_text(story, lang))}</b> · '
        f"{esc(t('verhalen.theme', lang, thema=story.thema))}</div>"
        f'<div class="ks-story">{esc(story.samenvatting)}</div>' + sources_html(slide.sources, lang)
    )
