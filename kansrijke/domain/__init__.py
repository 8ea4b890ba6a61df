"""Domain layer: pure functions on validated tables (coalitions, funding, Nu Niet Zwanger, peers, comparison,
stories, slides, one municipality's profile, search, about the data). No Streamlit, no maps or charts."""
