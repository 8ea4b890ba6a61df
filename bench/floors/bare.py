"""Floor of the crowd benchmark: the cheapest Streamlit page, one line of text."""
import streamlit as st

st.write("Kansrijke Start")
