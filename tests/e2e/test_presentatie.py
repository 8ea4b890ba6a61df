"""Presenter mode (/presentatie): the slide number lives in the URL (?dia=N) and the arrow keys move on and back."""

from urllib.parse import parse_qs, urlsplit

from tests.e2e import harness

PAGE = next(p for p in harness.registered_pages() if p.file == "pages/presentatie.py")


def slide(page) -> str | None:
    return (parse_qs(urlsplit(page.url).query).get("dia") or [None])[0]


def heading(page) -> str:
    return " | ".join(page.locator("[data-testid=stMain] h1, [data-testid=stMain] h2").all_inner_texts())


def press_and_settle(page, key: str, expect_slide: str) -> None:
    page.locator("[data-testid=stMain]").click(position={"x": 5, "y": 5})  # focus the page, not an input
    page.keyboard.press(key)
    page.wait_for_function(
        f"() => new URLSearchParams(location.search).get('dia') === '{expect_slide}'", timeout=30_000
    )
    harness.wait_rerun(page)


def test_arrow_keys_walk_the_slides_and_the_url_follows(visit):
    page = visit.open(f"{PAGE.path}?dia=2")
    second = heading(page)
    assert second, "slide 2 shows a heading"
    press_and_settle(page, "ArrowRight", "3")
    third = heading(page)
    assert third != second
    press_and_settle(page, "ArrowLeft", "2")
    assert heading(page) == second
    # a shared link to slide 3 opens slide 3
    page = visit.open(f"{PAGE.path}?dia=3")
    assert heading(page) == third
    visit.assert_clean()
