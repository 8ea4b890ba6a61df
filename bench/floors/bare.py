"""Floor: the least a Streamlit app can be (one line of text). `streamlit run bench/floors/bare.py`"""

import streamlit as st

st.write("Kansrijke Start")
