"""The dashboard service: shows what the pipeline's last run wrote to output/summary.csv."""
import os
from pathlib import Path

import pandas as pd
import streamlit as st

st.title(os.environ.get("DASHBOARD_TITLE", "Dashboard"))
summary = Path(__file__).parent / "output" / "summary.csv"
if not summary.exists():
    st.info("No data yet: run the pipeline (Run all), then reload this page.")
else:
    df = pd.read_csv(summary)
    st.metric("Revenue", f"{df['revenue'].sum():,.2f}")
    st.bar_chart(df.set_index("region")["revenue"])
    st.dataframe(df, hide_index=True)
